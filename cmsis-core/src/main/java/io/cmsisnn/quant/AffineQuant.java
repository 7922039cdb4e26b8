package io.cmsisnn.quant;

/**
 * Scale and zero point of an int8 or int16 activation tensor in the TFLite scheme:
 * {@code real = scale * (q - zeroPoint)}. Chosen from a calibrated float range as TFLite's
 * post-training quantizer does, in float32 arithmetic.
 */
public record AffineQuant(float scale, int zeroPoint) {

    /**
     * int8, asymmetric ({@code GetAsymmetricQuantizationParams}): the range is widened to include 0,
     * scale = (max - min) / 255, zero point = round(-128 - min / scale) half away from zero,
     * clamped to [-128, 127]. A range of only 0 gives scale 0 and zero point -128.
     */
    public static AffineQuant int8(float min, float max) {
        float lo = Math.min(min, 0.0f);
        float hi = Math.max(max, 0.0f);
        float scale = (hi - lo) / (127.0f - -128.0f);
        float zeroFromMin = -128.0f;
        if (scale != 0) {
            zeroFromMin = -128.0f - lo / scale;
        }
        int zeroPoint;
        if (zeroFromMin < -128.0f) {
            zeroPoint = -128;
        } else if (zeroFromMin > 127.0f) {
            zeroPoint = 127;
        } else {
            zeroPoint = (int) TfliteMath.round(zeroFromMin);
        }
        return new AffineQuant(scale, zeroPoint);
    }

    /**
     * int16, symmetric (the quantizer's 16x8 mode): scale = max(|min|, |max|) / 32767, zero point 0.
     *
     * @throws QuantizationException for a range of (almost) only 0, which TFLite rejects too
     */
    public static AffineQuant int16(float min, float max) {
        float range = Math.max(Math.abs(min), Math.abs(max));
        if (range < 1e-8f) {
            throw new QuantizationException("int16 tensor with range [" + min + ", " + max
                    + "] has no usable scale: calibrate with data that reaches non-zero values");
        }
        return new AffineQuant(range / 32767.0f, 0);
    }

    /** {@code zeroPoint + round(x / scale)}, saturated to [qmin, qmax] (TFLM's Quantize, then a clamp). */
    public int quantize(float x, int qmin, int qmax) {
        float steps = TfliteMath.round(x / scale);
        long q = zeroPoint + (long) steps;
        return (int) Math.max(qmin, Math.min(qmax, q));
    }

    public float dequantize(int q) {
        return scale * (q - zeroPoint);
    }

    /** {@code input_offset} of the CMSIS-NN params structs: minus the zero point. */
    public int inputOffset() {
        return -zeroPoint;
    }

    /** {@code output_offset} of the CMSIS-NN params structs: the zero point. */
    public int outputOffset() {
        return zeroPoint;
    }
}
