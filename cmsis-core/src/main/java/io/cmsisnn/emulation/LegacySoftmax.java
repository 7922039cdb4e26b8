package io.cmsisnn.emulation;

/**
 * The legacy base-2 softmax on raw integers: the inputs act as base-2 exponents whatever their
 * Q-format, and the output is Q0.7 / Q0.15. Not TFLite's softmax.
 */
public final class LegacySoftmax {
    private LegacySoftmax() {
    }

    /**
     * base = max - 8; weights 2^usat(x - base, 3) (the maximum and max - 1 both weigh 2^7, everything at
     * or below base weighs 1); out = ssat((2^20 / sum) >> usat(13 + base - x, 5), 8). An empty vector
     * writes nothing (upstream divides by zero).
     */
    public static void softmaxQ7(byte[] vecIn, int dimVec, byte[] pOut) {
        softmaxQ7(vecIn, 0, dimVec, pOut, 0);
    }

    /** {@code arm_softmax_with_batch_q7}: nbBatches consecutive vectors. */
    public static void softmaxWithBatchQ7(byte[] vecIn, int nbBatches, int dimVec, byte[] pOut) {
        for (int b = 0; b < nbBatches; b++) {
            softmaxQ7(vecIn, b * dimVec, dimVec, pOut, b * dimVec);
        }
    }

    /**
     * base = max - 16; only inputs above base count, weighing 2^(x - base);
     * out = ssat((2^32 / sum) >> (17 + base - x), 16), and 0 at or below base.
     */
    public static void softmaxQ15(short[] vecIn, int dimVec, short[] pOut) {
        if (dimVec == 0) {
            return;
        }
        int base = -0x100000;
        for (int i = 0; i < dimVec; i++) {
            base = Math.max(base, vecIn[i]);
        }
        base -= 16;
        long sum = 0;
        for (int i = 0; i < dimVec; i++) {
            if (vecIn[i] > base) {
                sum += 1L << LegacyArith.usat(vecIn[i] - base, 5);
            }
        }
        int outBase = (int) ((1L << 32) / sum);
        for (int i = 0; i < dimVec; i++) {
            pOut[i] = vecIn[i] > base
                    ? (short) LegacyArith.ssat(outBase >> LegacyArith.usat(17 + base - vecIn[i], 5), 16)
                    : 0;
        }
    }

    private static void softmaxQ7(byte[] in, int inOff, int dimVec, byte[] out, int outOff) {
        if (dimVec == 0) {
            return;
        }
        int base = -128;
        for (int i = 0; i < dimVec; i++) {
            base = Math.max(base, in[inOff + i]);
        }
        base -= 8;
        int sum = 0;
        for (int i = 0; i < dimVec; i++) {
            sum += 1 << LegacyArith.usat(in[inOff + i] - base, 3);
        }
        int outBase = (1 << 20) / sum;
        for (int i = 0; i < dimVec; i++) {
            out[outOff + i] = (byte) LegacyArith.ssat(outBase >> LegacyArith.usat(13 + base - in[inOff + i], 5), 8);
        }
    }
}
