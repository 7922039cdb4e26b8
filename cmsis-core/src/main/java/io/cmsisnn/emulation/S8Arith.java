package io.cmsisnn.emulation;

import io.cmsisnn.quant.NnTypes;
import io.cmsisnn.quant.RoundingMode;

/**
 * The fixed-point steps of the s8/s16 kernels ({@code arm_nnsupportfunctions.h}), bit for bit.
 * Java's int arithmetic wraps like the 32-bit C arithmetic the kernels rely on, and Java's
 * {@code >>} on negative values is arithmetic as on every target upstream supports.
 */
public final class S8Arith {
    private S8Arith() {
    }

    /** round(a * b / 2^31), ties towards +infinity ({@code arm_nn_doubling_high_mult_no_sat}). */
    public static int doublingHighMultNoSat(int a, int b) {
        return (int) (((long) a * b + (1L << 30)) >> 31);
    }

    /**
     * {@code arm_nn_doubling_high_mult}: a nudge of 1/2 (1/2 - 2^-31 for a negative product) and a
     * truncating division, so ties also go towards +infinity; INT32_MIN * INT32_MIN saturates to
     * INT32_MAX. Used by softmax.
     */
    public static int doublingHighMult(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long nudge = ((a < 0) != (b < 0)) ? 1 - (1L << 30) : 1L << 30;
        return (int) (((long) a * b + nudge) / (1L << 31));
    }

    /** x / 2^e rounded to nearest, ties away from zero; e in [0, 31] ({@code arm_nn_divide_by_power_of_two}). */
    public static int divideByPowerOfTwo(int x, int e) {
        int mask = (int) ((1L << e) - 1);
        int remainder = x & mask;
        int result = x >> e;
        int threshold = (mask >> 1) + (result < 0 ? 1 : 0);
        return result + (remainder > threshold ? 1 : 0);
    }

    /**
     * {@code arm_nn_requantize}: val * multiplier * 2^shift / 2^31 with shift in [-31, 30].
     * DEFAULT: val << max(shift, 0) (wrapping), rounding doubling high multiply, rounding right
     * shift by max(-shift, 0). SINGLE: ((val * multiplier) >> (30 - shift)) + 1 >> 1 in 64 bits,
     * truncated to 32.
     */
    public static int requantize(int val, int multiplier, int shift, RoundingMode mode) {
        if (mode == RoundingMode.SINGLE) {
            long halved = ((long) val * multiplier) >> (30 - shift);
            return (int) ((halved + 1) >> 1);
        }
        int left = shift > 0 ? shift : 0;
        int right = shift > 0 ? 0 : -shift;
        return divideByPowerOfTwo(doublingHighMultNoSat(val << left, multiplier), right);
    }

    /** {@code REDUCE_MULTIPLIER}: the 16-bit multiplier of the s16 kernels' 64-bit path. */
    public static int reduceMultiplier(int multiplier) {
        return multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
    }

    /**
     * {@code arm_nn_requantize_s64} (the same in both rounding modes): (val * reduced) >> (14 - shift)
     * truncated to 32 bits, then (r + 1) >> 1.
     */
    public static int requantizeS64(long val, int reducedMultiplier, int shift) {
        int truncated = (int) ((val * reducedMultiplier) >> (14 - shift));
        return (truncated + 1) >> 1;
    }

    /** The last step of an s8 MAC kernel: requantize, add the output offset, clamp; the caller narrows. */
    static int output(int acc, int multiplier, int shift, int offset, NnTypes.Activation act, RoundingMode mode) {
        int v = requantize(acc, multiplier, shift, mode) + offset;
        return Math.min(Math.max(v, act.min()), act.max());
    }

    /** {@link #output} that also counts into {@code counter} unless it is null (the plain runs). */
    static int output(int acc, int multiplier, int shift, int offset, NnTypes.Activation act, RoundingMode mode,
            SaturationCounter counter) {
        int v = requantize(acc, multiplier, shift, mode) + offset;
        if (counter != null) {
            counter.affine(acc, multiplier, shift, offset, v, act, mode);
        }
        return Math.min(Math.max(v, act.min()), act.max());
    }

    static short clampS16(int v, NnTypes.Activation act) {
        return (short) Math.min(Math.max(v, act.min()), act.max());
    }
}
