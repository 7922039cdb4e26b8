package io.cmsisnn.emulation;

/**
 * Counts the saturation of the legacy q7/q15 convolutions, depthwise convolutions and fully connected
 * layers by recomputing each output's sum exactly, in 64 bits, from the call's input: the kernels
 * stay as they are and only the per-layer report pays. Each sum starts as the C's does, at
 * {@code (bias << bias_shift) + NN_ROUND(out_shift)} in int (NN_ROUND as in the emulation, not
 * truncating); the 32-bit accumulator of the C is that sum's low 32 bits (see
 * {@link SaturationCounter#legacy}).
 */
final class LegacySaturation {
    private LegacySaturation() {
    }

    /**
     * An HWC convolution, weights [chOut][kY][kX][chIn]; {@code in} holds the input from
     * {@code inOffset}.
     */
    static void conv(int[] in, int inOffset, int inX, int inY, int chIn, int[] w, int chOut, int kX, int kY, int padX,
            int padY, int sX, int sY, int[] bias, int biasShift, int outShift, int outX, int outY, int bits,
            SaturationCounter counter) {
        int kernelSize = kY * kX * chIn;
        for (int oy = 0; oy < outY; oy++) {
            for (int ox = 0; ox < outX; ox++) {
                for (int oc = 0; oc < chOut; oc++) {
                    long sum = LegacyArith.accInit(bias[oc], biasShift, outShift, false);
                    for (int ky = 0; ky < kY; ky++) {
                        int iy = oy * sY - padY + ky;
                        for (int kx = 0; kx < kX; kx++) {
                            int ix = ox * sX - padX + kx;
                            if (iy < 0 || iy >= inY || ix < 0 || ix >= inX) {
                                continue;
                            }
                            int p = inOffset + (iy * inX + ix) * chIn;
                            int q = oc * kernelSize + (ky * kX + kx) * chIn;
                            for (int c = 0; c < chIn; c++) {
                                sum += (long) in[p + c] * w[q + c];
                            }
                        }
                    }
                    counter.legacy(sum, outShift, bits,
                            SaturationCounter.biasBitsDropped(bias[oc], biasShift, outShift));
                }
            }
        }
    }

    /** A q7 depthwise convolution with multiplier 1, weights [kY][kX][ch]. */
    static void depthwise(int[] in, int inOffset, int inX, int inY, int ch, int[] w, int kX, int kY, int padX,
            int padY, int sX, int sY, int[] bias, int biasShift, int outShift, int outX, int outY,
            SaturationCounter counter) {
        for (int oy = 0; oy < outY; oy++) {
            for (int ox = 0; ox < outX; ox++) {
                for (int c = 0; c < ch; c++) {
                    long sum = LegacyArith.accInit(bias[c], biasShift, outShift, false);
                    for (int ky = 0; ky < kY; ky++) {
                        int iy = oy * sY - padY + ky;
                        for (int kx = 0; kx < kX; kx++) {
                            int ix = ox * sX - padX + kx;
                            if (iy < 0 || iy >= inY || ix < 0 || ix >= inX) {
                                continue;
                            }
                            sum += (long) in[inOffset + (iy * inX + ix) * ch + c] * w[(ky * kX + kx) * ch + c];
                        }
                    }
                    counter.legacy(sum, outShift, 8, SaturationCounter.biasBitsDropped(bias[c], biasShift, outShift));
                }
            }
        }
    }

    /** A fully connected layer, weights row-major [rows][dimVec]. */
    static void fullyConnected(int[] in, int inOffset, int[] w, int dimVec, int rows, int[] bias, int biasShift,
            int outShift, int bits, SaturationCounter counter) {
        for (int r = 0; r < rows; r++) {
            long sum = LegacyArith.accInit(bias[r], biasShift, outShift, false);
            for (int c = 0; c < dimVec; c++) {
                sum += (long) in[inOffset + c] * w[r * dimVec + c];
            }
            counter.legacy(sum, outShift, bits, SaturationCounter.biasBitsDropped(bias[r], biasShift, outShift));
        }
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
