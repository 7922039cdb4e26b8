package io.cmsisnn.quant;

/**
 * The {@code cmsis_nn_activation} clamp of a layer output: the quantized bounds of its fused
 * activation intersected with the type's range, as TFLM's {@code CalculateActivationRangeQuantized}
 * computes them (each bound zero point + round(bound / scale), float32 division).
 */
public record ActivationRange(int min, int max) {

    /** Fused activations TFLite knows. */
    public enum Fused {
        NONE, RELU, RELU6, RELU_N1_TO_1
    }

    public static ActivationRange int8(Fused fused, AffineQuant output) {
        return of(fused, output, -128, 127);
    }

    public static ActivationRange int16(Fused fused, AffineQuant output) {
        return of(fused, output, -32768, 32767);
    }

    public static ActivationRange of(Fused fused, AffineQuant output, int qmin, int qmax) {
        switch (fused) {
            case RELU:
                return new ActivationRange(Math.max(qmin, bound(output, 0.0f)), qmax);
            case RELU6:
                return new ActivationRange(Math.max(qmin, bound(output, 0.0f)), Math.min(qmax, bound(output, 6.0f)));
            case RELU_N1_TO_1:
                return new ActivationRange(Math.max(qmin, bound(output, -1.0f)), Math.min(qmax, bound(output, 1.0f)));
            case NONE:
            default:
                return new ActivationRange(qmin, qmax);
        }
    }

    private static int bound(AffineQuant q, float real) {
        return q.zeroPoint() + (int) TfliteMath.round(real / q.scale());
    }
}
