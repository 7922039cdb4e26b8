package io.cmsisnn.quant;

/**
 * The two lookup tables {@code arm_softmax_s16} takes ({@code cmsis_nn_softmax_lut_s16}), built as
 * TensorFlow Lite Micro builds them when it prepares an int16 softmax
 * ({@code tensorflow/lite/micro/kernels/softmax_common.cc}, {@code SoftmaxPrepare}, which calls the
 * float {@code gen_lut<float, int16_t, int16_t>} of {@code tensorflow/lite/kernels/internal/common.h}):
 * exp over [-10, 0] and 1/(1+x) over [0, 1], with an int16 output range of [-1, 1), so one unit is
 * 2^-15. Semantics followed (our own code):
 * <ul>
 * <li>512 steps of width (max - min) / 512, all in float32 arithmetic as the C++ template runs it;</li>
 * <li>entry i = clamp(round(f(x_i) * 32768) - bias_i) where the bias is half (rounded) of the error a
 *     linear interpolation between the rounded x_i sample and the unrounded x_{i+1} sample makes at
 *     the step's midpoint: bias = round((round((f(x_{i+1}) * 32768 + round(f(x_i) * 32768)) / 2)
 *     - round(f(x_i + step / 2) * 32768)) / 2);</li>
 * <li>entry 512 = clamp(round(f(max) * 32768)), kept only as the last interpolation end point;</li>
 * <li>round is {@code std::round} (half away from zero), clamp to [-32768, 32767].</li>
 * </ul>
 * The tables depend on nothing of the network; every call builds them afresh (1,539 float
 * evaluations).
 */
public final class Int16SoftmaxTables {
    /** Entries per table: 512 steps and the closing end point. */
    public static final int SIZE = 513;
    private static final int STEPS = SIZE - 1;
    /** (int16 max - int16 min + 1) / (output max - output min) = 65536 / 2. */
    private static final float OUTPUT_SCALING = 32768f;

    /** A float function, evaluated in float as the C++ lambdas are. */
    @FunctionalInterface
    interface FloatFunction {
        float apply(float x);
    }

    private Int16SoftmaxTables() {
    }

    /** exp(x) sampled over [-10, 0]; exp(-10) is taken as negligible in the row sum. */
    public static short[] exp() {
        // std::exp(float) is expf: the double exp rounded to float agrees except in rare last-bit cases
        return generate(x -> (float) Math.exp(x), -10f, 0f);
    }

    /** 1 / (1 + x) sampled over [0, 1]: the reciprocal of the row sum normalised to [1, 2). */
    public static short[] oneOverOnePlusX() {
        return generate(x -> 1f / (1f + x), 0f, 1f);
    }

    static short[] generate(FloatFunction f, float min, float max) {
        float step = (max - min) / STEPS;
        float halfStep = step / 2;
        short[] table = new short[SIZE];
        for (int i = 0; i < STEPS; i++) {
            // x_i, the midpoint and x_{i+1} are formed in float, exactly as the template writes them
            float here = f.apply(min + i * step);
            float midpoint = f.apply(min + i * step + halfStep);
            float next = f.apply(min + (i + 1) * step);
            float sample = roundHalfAway(here * OUTPUT_SCALING);
            float interpolated = roundHalfAway((next * OUTPUT_SCALING + roundHalfAway(here * OUTPUT_SCALING)) / 2);
            float error = interpolated - roundHalfAway(midpoint * OUTPUT_SCALING);
            float bias = roundHalfAway(error / 2);
            table[i] = saturate(sample - bias);
        }
        table[STEPS] = saturate(roundHalfAway(f.apply(max) * OUTPUT_SCALING));
        return table;
    }

    /** {@code std::round(float)}: half away from zero, exact for every float. */
    static float roundHalfAway(float x) {
        float magnitude = Math.abs(x);
        float whole = (float) Math.floor(magnitude);
        if (magnitude - whole >= 0.5f) { // exact: the fraction of a float is representable
            whole += 1f;
        }
        return Math.copySign(whole, x);
    }

    private static short saturate(float v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
}
