package io.cmsisnn.quant;

import io.cmsisnn.ConfigurationException;
import java.util.Locale;

/**
 * How {@code arm_nn_requantize} rounds, chosen when CMSIS-NN is compiled (the s8/s16 parameter
 * {@code roundingMode}). It must match the {@code TFLITE_SINGLE_ROUNDING} setting of the TFLM build
 * the model's reference comes from; the multipliers are derived for it and the emulation follows it.
 */
public enum RoundingMode {
    /** Upstream's default: rounding doubling high multiply, then a rounding right shift. */
    DEFAULT,
    /** {@code -DCMSIS_NN_USE_SINGLE_ROUNDING}: one 64-bit product rounded once. */
    SINGLE;

    /** The parameter value: {@code default} (also for null or blank) or {@code single}, in any case. */
    public static RoundingMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return DEFAULT;
        }
        for (RoundingMode m : values()) {
            if (m.id().equals(v)) {
                return m;
            }
        }
        throw new ConfigurationException("roundingMode '" + value + "' does not exist; set <roundingMode> (or "
                + "-Dcmsis.roundingMode) to default or single (CMSIS-NN built with CMSIS_NN_USE_SINGLE_ROUNDING)");
    }

    /** The parameter's spelling: {@code default} or {@code single}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The compiler definition that selects this mode, or null for the default. */
    public String compileDefinition() {
        return this == SINGLE ? "CMSIS_NN_USE_SINGLE_ROUNDING" : null;
    }
}
