package io.cmsisnn.emulation;

/**
 * Counts the saturation of the legacy q7/q15 convolutions, depthwise convolutions and fully connected
 * layers (the CMSIS 5 functions and the generated {@code cnn_ops_*} loops) by recomputing each
 * output's sum exactly, in 64 bits, from the call's input: the kernels stay as they are and only the
 * per-layer report pays. Each sum starts where the C's does, at the int {@code (bias << bias_shift)
 * + rounding} (NN_ROUND not truncating, as the emulation); the C's 32-bit accumulator is that sum's
 * low 32 bits (see {@link SaturationCounter#legacy}).
 */
final class LegacySaturation {
    private LegacySaturation() {
    }

    /**
     * An HWC convolution with dilation and groups, weights [chOut][kY][kX][chIn / groups]; {@code in}
     * holds the input from {@code inOffset}; {@code init[oc]} is the accumulator's start as the C
     * computes it, {@code bias} (null for none) only tells the dropped bias bits.
     */
    static void conv(int[] in, int inOffset, int inX, int inY, int chIn, int[] w, int chOut, int kX, int kY, int padX,
            int padY, int sX, int sY, int dilX, int dilY, int groups, int[] init, int[] bias, int biasShift, int outShift,
            int outX, int outY, int bits, SaturationCounter counter) {
        int groupIn = chIn / groups;
        int groupOut = chOut / groups;
        for (int oy = 0; oy < outY; oy++) {
            for (int ox = 0; ox < outX; ox++) {
                for (int oc = 0; oc < chOut; oc++) {
                    int firstIn = (oc / groupOut) * groupIn;
                    long sum = init[oc];
                    for (int ky = 0; ky < kY; ky++) {
                        int iy = oy * sY - padY + ky * dilY;
                        for (int kx = 0; kx < kX; kx++) {
                            int ix = ox * sX - padX + kx * dilX;
                            if (iy < 0 || iy >= inY || ix < 0 || ix >= inX) {
                                continue;
                            }
                            int p = inOffset + (iy * inX + ix) * chIn + firstIn;
                            int q = ((oc * kY + ky) * kX + kx) * groupIn;
                            for (int c = 0; c < groupIn; c++) {
                                sum += (long) in[p + c] * w[q + c];
                            }
                        }
                    }
                    counter.legacy(sum, outShift, bits, dropped(bias, oc, biasShift, outShift));
                }
            }
        }
    }

    /**
     * A depthwise convolution with channel multiplier and dilation, weights [kY][kX][ch * multiplier];
     * output channel oc reads input channel oc / multiplier. {@code init} and {@code bias} as in
     * {@link #conv}.
     */
    static void depthwise(int[] in, int inOffset, int inX, int inY, int ch, int multiplier, int[] w, int kX, int kY,
            int padX, int padY, int sX, int sY, int dilX, int dilY, int[] init, int[] bias, int biasShift, int outShift,
            int outX, int outY, int bits, SaturationCounter counter) {
        int outC = ch * multiplier;
        for (int oy = 0; oy < outY; oy++) {
            for (int ox = 0; ox < outX; ox++) {
                for (int oc = 0; oc < outC; oc++) {
                    long sum = init[oc];
                    for (int ky = 0; ky < kY; ky++) {
                        int iy = oy * sY - padY + ky * dilY;
                        for (int kx = 0; kx < kX; kx++) {
                            int ix = ox * sX - padX + kx * dilX;
                            if (iy < 0 || iy >= inY || ix < 0 || ix >= inX) {
                                continue;
                            }
                            sum += (long) in[inOffset + (iy * inX + ix) * ch + oc / multiplier] * w[(ky * kX + kx) * outC + oc];
                        }
                    }
                    counter.legacy(sum, outShift, bits, dropped(bias, oc, biasShift, outShift));
                }
            }
        }
    }

    /** A fully connected layer at each of {@code positions} positions, weights row-major [rows][dimVec]. */
    static void fullyConnected(int[] in, int inOffset, int positions, int[] w, int dimVec, int rows, int[] init, int[] bias,
            int biasShift, int outShift, int bits, SaturationCounter counter) {
        for (int p = 0; p < positions; p++) {
            for (int r = 0; r < rows; r++) {
                long sum = init[r];
                for (int c = 0; c < dimVec; c++) {
                    sum += (long) in[inOffset + p * dimVec + c] * w[r * dimVec + c];
                }
                counter.legacy(sum, outShift, bits, dropped(bias, r, biasShift, outShift));
            }
        }
    }

    /** The accumulators' start of the CMSIS 5 functions: {@code (bias << bias_shift) + NN_ROUND(out_shift)}. */
    static int[] nnInit(int[] bias, int biasShift, int outShift) {
        int[] out = new int[bias.length];
        for (int i = 0; i < bias.length; i++) {
            out[i] = LegacyArith.accInit(bias[i], biasShift, outShift, false);
        }
        return out;
    }

    /**
     * The accumulators' start of the generated loops ({@code cnn_ops_*}): {@code (bias << bias_shift) +
     * round(out_shift)} with round(s) = s > 0 ? 1 << (s - 1) : 0; a null bias counts as zeros.
     */
    static int[] loopInit(int[] bias, int n, int biasShift, int outShift) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((bias != null ? bias[i] : 0) << biasShift) + FixedLoops.round(outShift);
        }
        return out;
    }

    private static boolean dropped(int[] bias, int i, int biasShift, int outShift) {
        return bias != null && SaturationCounter.biasBitsDropped(bias[i], biasShift, outShift);
    }

    static int[] ints(byte[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    static int[] ints(short[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
