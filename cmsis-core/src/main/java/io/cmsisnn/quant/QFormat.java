package io.cmsisnn.quant;

/**
 * A power-of-two fixed-point format of the legacy scheme: a signed word of {@code bits} bits
 * holding {@code value * 2^frac}. {@code frac} may exceed {@code bits - 1} (a tensor of small
 * values) or be negative (a tensor of large values).
 */
public record QFormat(int bits, int frac) {
    public QFormat {
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("word size must be 8 or 16 bits, not " + bits);
        }
    }

    public int min() {
        return -(1 << (bits - 1));
    }

    public int max() {
        return (1 << (bits - 1)) - 1;
    }

    /** Integer bits (sign excluded): Q{intBits}.{frac}. */
    public int intBits() {
        return bits - 1 - frac;
    }

    /**
     * Round half away from zero, then saturate. Computed in double as the generated C helper
     * does, so both give the same integer for every float.
     */
    public int quantize(double v) {
        double x = v * Math.scalb(1.0, frac);
        double r = x >= 0 ? Math.floor(x + 0.5) : Math.ceil(x - 0.5);
        if (r > max()) {
            return max();
        }
        return r < min() ? min() : (int) r;
    }

    public float dequantize(int q) {
        return (float) (q * Math.scalb(1.0, -frac));
    }

    public QFormat withFrac(int newFrac) {
        return new QFormat(bits, newFrac);
    }

    @Override
    public String toString() {
        return "Q" + intBits() + "." + frac;
    }
}
