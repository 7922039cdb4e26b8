package io.cmsisnn.quant;

/**
 * Rescales of {@code arm_elementwise_add_s8/s16} as TFLM's add kernel derives them: both inputs
 * are scaled by 2^leftShift (20 for int8, 15 for int16), brought to half the larger input scale,
 * summed, and the sum brought to the output scale.
 */
public record ElementwiseParams(QuantizedMultiplier input1, QuantizedMultiplier input2, int leftShift,
        QuantizedMultiplier output) {

    public static ElementwiseParams add(float scale1, float scale2, float outputScale, boolean int16) {
        int leftShift = int16 ? 15 : 20;
        double twiceMax = 2 * (double) Math.max(scale1, scale2);
        return new ElementwiseParams(QuantizedMultiplier.of(scale1 / twiceMax),
                QuantizedMultiplier.of(scale2 / twiceMax), leftShift,
                QuantizedMultiplier.of(twiceMax / ((1 << leftShift) * (double) outputScale)));
    }

    /** The one rescale of {@code arm_elementwise_mul_s8/s16}: scale1 * scale2 / outputScale. */
    public static QuantizedMultiplier mul(float scale1, float scale2, float outputScale, boolean singleRounding) {
        return QuantizedMultiplier.of((double) scale1 * (double) scale2 / (double) outputScale, singleRounding);
    }
}
