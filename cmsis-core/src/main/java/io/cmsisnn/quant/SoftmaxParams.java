package io.cmsisnn.quant;

/**
 * The {@code mult}, {@code shift} and {@code diff_min} arguments of {@code arm_softmax_s8}, as TFLM
 * derives them: {@code PreprocessSoftmaxScaling(beta, input_scale, 5)} and
 * {@code diff_min = -CalculateInputRadius(5, shift)}. Output quantization is fixed by the spec:
 * scale 1/256, zero point -128. {@link #int16} gives those of {@code arm_softmax_s16}.
 */
public record SoftmaxParams(int multiplier, int shift, int diffMin) {
    /** Integer bits of the scaled input difference (TFLM's kScaledDiffIntegerBits). */
    public static final int INPUT_INTEGER_BITS = 5;

    /**
     * @param singleRounding the multiplier cap of a {@code TFLITE_SINGLE_ROUNDING} build (2^30 - 1
     *     instead of 2^31 - 1)
     */
    public static SoftmaxParams int8(double beta, float inputScale, boolean singleRounding) {
        double cap = singleRounding ? (1L << 30) - 1.0 : (1L << 31) - 1.0;
        double real = Math.min(beta * inputScale * (1 << (31 - INPUT_INTEGER_BITS)), cap);
        QuantizedMultiplier m = QuantizedMultiplier.of(real, singleRounding);
        double radius = ((1 << INPUT_INTEGER_BITS) - 1) * (double) (1L << (31 - INPUT_INTEGER_BITS))
                / (double) (1L << m.shift());
        return new SoftmaxParams(m.multiplier(), m.shift(), -(int) Math.floor(radius));
    }

    /**
     * The {@code mult} and {@code shift} of {@code arm_softmax_s16}, as TFLM's int16 softmax Prepare
     * derives them ({@code softmax_common.cc}): {@code QuantizeMultiplier(input_scale * beta / (10 / 65535))},
     * which maps input differences so that -65535 stands for -10, the start of the exp table. The
     * kernel has no diff_min (the table clamps), so it is 0 here. Output scale 1/32768, zero point 0.
     */
    public static SoftmaxParams int16(double beta, float inputScale, boolean singleRounding) {
        double rescale = (double) inputScale * beta / (10.0 / 65535.0);
        QuantizedMultiplier m = QuantizedMultiplier.of(rescale, singleRounding);
        return new SoftmaxParams(m.multiplier(), m.shift(), 0);
    }
}
