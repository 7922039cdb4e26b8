package io.cmsisnn.emulation;

import io.cmsisnn.quant.NnTypes.SoftmaxLut16;
import io.cmsisnn.quant.NnTypes.Status;
import io.cmsisnn.quant.RoundingMode;

/**
 * The softmax kernels. {@code arm_softmax_s8} / {@code arm_softmax_s8_s16}: TFLM's gemmlowp
 * fixed-point softmax (exp of the scaled difference to the row maximum in Q5.26 -> Q0.31, a
 * Newton-Raphson reciprocal of the row sum, output scale 2^-8 or 2^-16 with zero point -128 or
 * -32768). {@code arm_softmax_s16}: exp and reciprocal by caller-supplied 513-entry tables. The
 * gemmlowp polynomial constants are those of the fixed-point specification.
 */
public final class S8Softmax {
    private static final int ACCUM_BITS = 12;
    /** exp(-2^k / 4) in Q0.31 for k = 0..6. */
    private static final int[] QUARTER_POWERS = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};

    private S8Softmax() {
    }

    public static void softmaxS8(byte[] input, int numRows, int rowSize, int mult, int shift, int diffMin,
            byte[] output) {
        rows(input, numRows, rowSize, mult, shift, diffMin, output, null);
    }

    public static void softmaxS8S16(byte[] input, int numRows, int rowSize, int mult, int shift, int diffMin,
            short[] output) {
        rows(input, numRows, rowSize, mult, shift, diffMin, null, output);
    }

    private static void rows(byte[] input, int numRows, int rowSize, int mult, int shift, int diffMin, byte[] out8,
            short[] out16) {
        boolean wide = out16 != null;
        int zero = wide ? Short.MIN_VALUE : Byte.MIN_VALUE;
        for (int row = 0; row < numRows; row++) {
            int base = row * rowSize;
            int max = input[base];
            for (int col = 1; col < rowSize; col++) {
                max = Math.max(max, input[base + col]);
            }
            int sum = 0;
            for (int col = 0; col < rowSize; col++) {
                int diff = input[base + col] - max;
                if (diff >= diffMin) {
                    int e = expOnNegativeValues(S8Arith.doublingHighMult(diff * (1 << shift), mult));
                    sum += S8Arith.divideByPowerOfTwo(e, ACCUM_BITS);
                }
            }
            int headroom = Integer.numberOfLeadingZeros(sum);
            int reciprocal = oneOverOnePlusX((sum > 0 ? sum << headroom : 0) - Integer.MIN_VALUE);
            int bitsOverUnit = ACCUM_BITS - headroom + (wide ? 15 : 23);
            for (int col = 0; col < rowSize; col++) {
                int diff = input[base + col] - max;
                int res = zero;
                if (diff >= diffMin) {
                    int e = expOnNegativeValues(S8Arith.doublingHighMult(diff * (1 << shift), mult));
                    res = S8Arith.divideByPowerOfTwo(S8Arith.doublingHighMult(reciprocal, e), bitsOverUnit) + zero;
                }
                if (wide) {
                    out16[base + col] = (short) Math.min(Math.max(res, Short.MIN_VALUE), Short.MAX_VALUE);
                } else {
                    out8[base + col] = (byte) Math.min(Math.max(res, Byte.MIN_VALUE), Byte.MAX_VALUE);
                }
            }
        }
    }

    /** exp(x) for x <= 0 in Q5.26, result in Q0.31 (gemmlowp's exp_on_negative_values). */
    static int expOnNegativeValues(int x) {
        int quarter = 1 << 24;
        int fracMinusQuarter = (x & (quarter - 1)) - quarter;
        int whole = fracMinusQuarter - x;
        int t = (fracMinusQuarter << 5) + (1 << 28);
        int t2 = S8Arith.doublingHighMult(t, t);
        int t3 = S8Arith.doublingHighMult(t2, t);
        int t4 = S8Arith.doublingHighMult(t2, t2);
        int cubicAndQuartic = S8Arith.doublingHighMult(S8Arith.divideByPowerOfTwo(t4, 2) + t3, 715827883);
        int poly = t + S8Arith.divideByPowerOfTwo(cubicAndQuartic + t2, 1);
        int result = 1895147668 + S8Arith.doublingHighMult(1895147668, poly);
        for (int k = 0; k < QUARTER_POWERS.length; k++) {
            if ((whole & (1 << (24 + k))) != 0) {
                result = S8Arith.doublingHighMult(result, QUARTER_POWERS[k]);
            }
        }
        return x == 0 ? Integer.MAX_VALUE : result;
    }

    /** 1 / (1 + x) for x in [0, 1) in Q0.31 (three Newton-Raphson steps in Q2.29). */
    static int oneOverOnePlusX(int x) {
        long sum = (long) x + Integer.MAX_VALUE;
        int halfDenominator = (int) ((sum + (sum >= 0 ? 1 : -1)) / 2);
        int one = 1 << 29;
        int r = 1515870810 + S8Arith.doublingHighMult(halfDenominator, -1010580540);
        for (int i = 0; i < 3; i++) {
            int error = one - S8Arith.doublingHighMult(halfDenominator, r);
            r += multByPowerOfTwo(S8Arith.doublingHighMult(r, error), 2);
        }
        return multByPowerOfTwo(r, 1);
    }

    /** Saturating x * 2^e. */
    static int multByPowerOfTwo(int x, int e) {
        int limit = (1 << (31 - e)) - 1;
        if (x > limit) {
            return Integer.MAX_VALUE;
        }
        if (x < -limit) {
            return Integer.MIN_VALUE;
        }
        return x << e;
    }

    /** {@code arm_softmax_s16}; ARG_ERROR (output untouched) when a table is missing. */
    public static Status softmaxS16(short[] input, int numRows, int rowSize, int mult, int shift, SoftmaxLut16 luts,
            short[] output, RoundingMode mode) {
        if (luts.expLut() == null || luts.oneByOneLut() == null) {
            return Status.ARG_ERROR;
        }
        for (int row = 0; row < numRows; row++) {
            int base = row * rowSize;
            int max = input[base];
            for (int col = 1; col < rowSize; col++) {
                max = Math.max(max, input[base + col]);
            }
            int sum = 0;
            for (int col = 0; col < rowSize; col++) {
                int scaled = S8Arith.requantize(input[base + col] - max, mult, shift, mode);
                int symmetric = Math.min(Math.max(scaled + Short.MAX_VALUE, Short.MIN_VALUE), Short.MAX_VALUE);
                output[base + col] = lookup(luts.expLut(), (short) symmetric);
                sum += output[base + col];
            }
            int headroom = Integer.numberOfLeadingZeros(sum);
            int shiftedSum = ((sum << (headroom - 1)) + (1 << 13)) >> 14;
            short reciprocal = lookup(luts.oneByOneLut(), (short) (shiftedSum - 98304));
            short rightShift = (short) (30 - headroom);
            for (int col = 0; col < rowSize; col++) {
                int product = (output[base + col] * reciprocal) >> rightShift;
                output[base + col] = (short) ((product + 1) >> 1);
            }
        }
        return Status.SUCCESS;
    }

    /** Table entry 256 + (v >> 7) interpolated by the low 7 bits, with upstream's 16-bit truncations. */
    static short lookup(short[] lut, short v) {
        short index = (short) (256 + (v >> 7));
        short offset = (short) (v & 0x7f);
        short base = lut[index];
        short slope = (short) (lut[index + 1] - lut[index]);
        short delta = (short) ((slope * offset + 64) >> 7);
        return (short) (base + delta);
    }
}
