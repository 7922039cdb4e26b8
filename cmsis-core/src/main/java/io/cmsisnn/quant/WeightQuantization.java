package io.cmsisnn.quant;

import io.cmsisnn.ConfigurationException;
import java.util.Locale;

/** How the s8/s16 schemes scale weights (the parameter {@code weightQuantization}). */
public enum WeightQuantization {
    /** One scale per output channel: TFLite's default. */
    PER_CHANNEL("per-channel"),
    /** One scale for the whole weight tensor. */
    PER_TENSOR("per-tensor");

    private final String id;

    WeightQuantization(String id) {
        this.id = id;
    }

    /** The parameter value: {@code per-channel} (also for null or blank) or {@code per-tensor}, in any case. */
    public static WeightQuantization parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return PER_CHANNEL;
        }
        for (WeightQuantization w : values()) {
            if (w.id.equals(v)) {
                return w;
            }
        }
        throw new ConfigurationException("weightQuantization '" + value + "' does not exist; set "
                + "<weightQuantization> (or -Dcmsis.weightQuantization) to per-channel or per-tensor");
    }

    /** The parameter's spelling: {@code per-channel} or {@code per-tensor}. */
    public String id() {
        return id;
    }
}
