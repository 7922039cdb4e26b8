package io.cmsisnn.emulation;

/**
 * How {@code arm_nn_requantize} rounds, chosen when CMSIS-NN is compiled. It must match the
 * {@code TFLITE_SINGLE_ROUNDING} setting of the TFLM build the model's reference comes from.
 */
public enum RoundingMode {
    /** Upstream's default: rounding doubling high multiply, then a rounding right shift. */
    DEFAULT,
    /** {@code -DCMSIS_NN_USE_SINGLE_ROUNDING}: one 64-bit product rounded once. */
    SINGLE;

    /** The compiler definition that selects this mode, or null for the default. */
    public String compileDefinition() {
        return this == SINGLE ? "CMSIS_NN_USE_SINGLE_ROUNDING" : null;
    }
}
