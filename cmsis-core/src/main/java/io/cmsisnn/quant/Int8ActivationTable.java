package io.cmsisnn.quant;

import java.util.function.DoubleUnaryOperator;

/**
 * A 256-entry int8 table of an element-wise function, built as TFLite's int8 lookup tables are
 * ({@code LUTPopulate}): for every input code q, x = input_scale * (q - input_zero_point) in float,
 * y = f(x) rounded to float, output code = round(y / output_scale) half away from zero plus the
 * output zero point, saturated to [-128, 127]. Entry i holds the output for input code i - 128.
 * f is evaluated in double and rounded to float once, so entries can differ from a TFLM build by
 * one code where its float exp/tanh rounds the other way; the generated C uses this table, so the
 * emulation and the compiled network agree exactly.
 */
public final class Int8ActivationTable {
    private Int8ActivationTable() {
    }

    /** TFLite's fixed output quantization of int8 sigmoid: scale 1/256, zero point -128. */
    public static final AffineQuant SIGMOID_OUTPUT = new AffineQuant(1.0f / 256, -128);
    /** TFLite's fixed output quantization of int8 tanh: scale 1/128, zero point 0. */
    public static final AffineQuant TANH_OUTPUT = new AffineQuant(1.0f / 128, 0);

    public static byte[] sigmoid(AffineQuant input) {
        return of(input, SIGMOID_OUTPUT, x -> 1.0 / (1.0 + Math.exp(-x)));
    }

    public static byte[] tanh(AffineQuant input) {
        return of(input, TANH_OUTPUT, Math::tanh);
    }

    public static byte[] of(AffineQuant input, AffineQuant output, DoubleUnaryOperator f) {
        byte[] table = new byte[256];
        float inverseOutputScale = 1.0f / output.scale();
        for (int q = -128; q <= 127; q++) {
            float x = input.scale() * (q - input.zeroPoint());
            float y = (float) f.applyAsDouble(x);
            float rescaled = TfliteMath.round(y * inverseOutputScale);
            long code = (long) rescaled + output.zeroPoint();
            table[q + 128] = (byte) Math.max(-128, Math.min(127, code));
        }
        return table;
    }
}
