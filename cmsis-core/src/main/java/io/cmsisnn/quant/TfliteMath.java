package io.cmsisnn.quant;

/** The rounding and saturating casts TensorFlow Lite's quantization code uses. */
final class TfliteMath {
    private TfliteMath() {
    }

    /** {@code TfLiteRound} / {@code std::round} on a double: half away from zero. */
    static double round(double x) {
        return x >= 0 ? Math.floor(x + 0.5) : -Math.floor(-x + 0.5);
    }

    /** {@code std::round} on a float; the result is a float, as in C++. */
    static float round(float x) {
        return (float) round((double) x);
    }

    /** {@code SafeCast<int32_t>}: truncation, NaN to 0, saturation outside the int range. */
    static int safeCastInt(double x) {
        if (Double.isNaN(x)) {
            return 0;
        }
        return (int) x; // Java's narrowing truncates and saturates the same way
    }

    /** {@code SafeCast<int64_t>}. */
    static long safeCastLong(double x) {
        if (Double.isNaN(x)) {
            return 0;
        }
        return (long) x;
    }
}
