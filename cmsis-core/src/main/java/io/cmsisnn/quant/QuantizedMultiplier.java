package io.cmsisnn.quant;

/**
 * A real scale as CMSIS-NN takes it: {@code scale ~ multiplier / 2^31 * 2^shift}, multiplier in
 * [2^30, 2^31) (0 for a zero scale), shift positive for a left shift. Derived exactly as TFLM's
 * {@code QuantizeMultiplier} does, so the generated parameters equal a TFLM build's.
 */
public record QuantizedMultiplier(int multiplier, int shift) {

    /** {@code QuantizeMultiplier} of a default TFLM build (double rounding). */
    public static QuantizedMultiplier of(double scale) {
        if (scale == 0.0) {
            return new QuantizedMultiplier(0, 0);
        }
        int shift = frexpExponent(scale);
        double q = Math.scalb(scale, -shift); // in [0.5, 1)
        long fixed = (long) TfliteMath.round(q * (1L << 31));
        if (fixed == 1L << 31) {
            fixed /= 2;
            shift++;
        }
        // below 2^-31 every product would shift out: TFLM flushes such scales to zero
        if (shift < -31) {
            return new QuantizedMultiplier(0, 0);
        }
        return new QuantizedMultiplier((int) fixed, shift);
    }

    /**
     * {@code QuantizeMultiplier} of a TFLM build with {@code TFLITE_SINGLE_ROUNDING}: as {@link #of}
     * but shifts above 30, which single rounding cannot apply, saturate to (2^31 - 1, 30).
     */
    public static QuantizedMultiplier ofSingleRounding(double scale) {
        QuantizedMultiplier m = of(scale);
        return m.shift > 30 ? new QuantizedMultiplier(Integer.MAX_VALUE, 30) : m;
    }

    /** {@link #of} or {@link #ofSingleRounding}. */
    public static QuantizedMultiplier of(double scale, boolean singleRounding) {
        return singleRounding ? ofSingleRounding(scale) : of(scale);
    }

    /**
     * The rescale of a convolution, depthwise or fully connected output channel as TFLM computes
     * it: the float32 scales promoted to double, {@code in * weight / out}.
     */
    public static double effectiveScale(float inputScale, float weightScale, float outputScale) {
        return (double) inputScale * (double) weightScale / (double) outputScale;
    }

    /** The real value this pair stands for. */
    public double toDouble() {
        return multiplier / (double) (1L << 31) * Math.scalb(1.0, shift);
    }

    /** The exponent e of {@code frexp}: |x| = q * 2^e with q in [0.5, 1), for normal and subnormal x. */
    static int frexpExponent(double x) {
        int e = Math.getExponent(x);
        if (e == Double.MIN_EXPONENT - 1) { // subnormal: normalise first
            return Math.getExponent(x * 0x1p54) - 54 + 1;
        }
        return e + 1;
    }
}
