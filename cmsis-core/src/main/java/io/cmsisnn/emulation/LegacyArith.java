package io.cmsisnn.emulation;

/** The fixed-point steps shared by the legacy kernels, with C's 32-bit wrapping. */
public final class LegacyArith {
    /** {@code ARM_MATH_SUCCESS}. */
    public static final int ARM_MATH_SUCCESS = 0;
    /** {@code ARM_MATH_SIZE_MISMATCH}: what the legacy functions return when a constraint fails. */
    public static final int ARM_MATH_SIZE_MISMATCH = -3;

    private LegacyArith() {
    }

    /**
     * {@code NN_ROUND(s) = (1 << s) >> 1}: 2^(s-1), 0 for s = 0; with {@code ARM_NN_TRUNCATE} always 0.
     * Computed in int as C does, so s = 31 gives -2^30.
     */
    public static int nnRound(int outShift, boolean truncate) {
        return truncate ? 0 : (1 << outShift) >> 1;
    }

    /** Start value of every conv/FC accumulator: {@code (bias << bias_shift) + NN_ROUND(out_shift)}. */
    public static int accInit(int bias, int biasShift, int outShift, boolean truncate) {
        return (bias << biasShift) + nnRound(outShift, truncate);
    }

    /** {@code __SSAT(v, bits)}. */
    public static int ssat(int v, int bits) {
        int hi = (1 << (bits - 1)) - 1;
        int lo = -hi - 1;
        return v > hi ? hi : Math.max(v, lo);
    }

    /** {@code __USAT(v, bits)}. */
    public static int usat(int v, int bits) {
        int hi = (1 << bits) - 1;
        return v > hi ? hi : Math.max(v, 0);
    }

    /** Last step of a q7 output: arithmetic shift, then saturate to 8 bits. */
    public static byte outQ7(int acc, int outShift) {
        return (byte) ssat(acc >> outShift, 8);
    }

    /** Last step of a q15 output: arithmetic shift, then saturate to 16 bits. */
    public static short outQ15(int acc, int outShift) {
        return (short) ssat(acc >> outShift, 16);
    }

    /** {@code bias_shift = (fi + fw) - fb} for input, weight and bias fractional bits. */
    public static int biasShift(int inputFrac, int weightFrac, int biasFrac) {
        return inputFrac + weightFrac - biasFrac;
    }

    /** {@code out_shift = (fi + fw) - fo} for input, weight and output fractional bits. */
    public static int outShift(int inputFrac, int weightFrac, int outputFrac) {
        return inputFrac + weightFrac - outputFrac;
    }
}
