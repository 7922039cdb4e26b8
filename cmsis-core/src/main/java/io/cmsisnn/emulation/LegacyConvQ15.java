package io.cmsisnn.emulation;

import static io.cmsisnn.emulation.LegacyArith.ARM_MATH_SIZE_MISMATCH;
import static io.cmsisnn.emulation.LegacyArith.ARM_MATH_SUCCESS;

/**
 * The legacy q15 HWC convolutions (q15 input, weights, bias and output). A q15 x q15 product fits
 * an int (at most 2^30); the sum wraps as upstream's 32-bit accumulator does.
 */
public final class LegacyConvQ15 {
    private LegacyConvQ15() {
    }

    public static int convolveHwcQ15Basic(short[] imIn, int dimImIn, int chImIn, short[] wt, int chImOut,
            int dimKernel, int padding, int stride, short[] bias, int biasShift, int outShift, short[] imOut,
            int dimImOut, boolean truncate) {
        conv(imIn, dimImIn, dimImIn, chImIn, wt, chImOut, dimKernel, dimKernel, padding, padding, stride, stride,
                bias, biasShift, outShift, imOut, dimImOut, dimImOut, truncate);
        return ARM_MATH_SUCCESS;
    }

    /**
     * Needs chImIn and chImOut even; upstream's DSP path (only) also rejects an odd dimImOut, so the
     * same call succeeds on a Cortex-M3 and fails on a Cortex-M4.
     */
    public static int convolveHwcQ15Fast(short[] imIn, int dimImIn, int chImIn, short[] wt, int chImOut,
            int dimKernel, int padding, int stride, short[] bias, int biasShift, int outShift, short[] imOut,
            int dimImOut, boolean dsp, boolean truncate) {
        if (chImIn % 2 != 0 || chImOut % 2 != 0 || (dsp && dimImOut % 2 != 0)) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        return convolveHwcQ15Basic(imIn, dimImIn, chImIn, wt, chImOut, dimKernel, padding, stride, bias,
                biasShift, outShift, imOut, dimImOut, truncate);
    }

    /**
     * Needs chImIn and chImOut even. Upstream's DSP path also assumes an even dimImOutX without checking
     * it (it pairs pixels within a row and computes wrong pixels otherwise): never call it with an odd
     * dimImOutX on a DSP target. This emulation computes the intended convolution.
     */
    public static int convolveHwcQ15FastNonsquare(short[] imIn, int dimImInX, int dimImInY, int chImIn,
            short[] wt, int chImOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY, int strideX,
            int strideY, short[] bias, int biasShift, int outShift, short[] imOut, int dimImOutX, int dimImOutY,
            boolean truncate) {
        if (chImIn % 2 != 0 || chImOut % 2 != 0) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        conv(imIn, dimImInX, dimImInY, chImIn, wt, chImOut, dimKernelX, dimKernelY, paddingX, paddingY, strideX,
                strideY, bias, biasShift, outShift, imOut, dimImOutX, dimImOutY, truncate);
        return ARM_MATH_SUCCESS;
    }

    /** im2col and int dot products (see {@link IntDot}); the sum wraps at 32 bits as upstream's does. */
    private static void conv(short[] in, int inX, int inY, int chIn, short[] wt, int chOut, int kX, int kY,
            int padX, int padY, int sX, int sY, short[] bias, int biasShift, int outShift, short[] out,
            int outX, int outY, boolean truncate) {
        int kernelSize = chIn * kX * kY;
        int[] w = IntDot.wideOrScratch(null, wt, chOut * kernelSize);
        int[] init = new int[chOut];
        for (int oc = 0; oc < chOut; oc++) {
            init[oc] = LegacyArith.accInit(bias[oc], biasShift, outShift, truncate);
        }
        IntDot.Geometry g = new IntDot.Geometry(inY, inX, chIn, 0, kY, kX, chIn, sY, sX, padY, padX, 1, 1, outY, outX);
        IntDot.conv(in, 1, g, w, chOut, (b, p0, count, acc) -> {
            for (int j = 0; j < count; j++) {
                int dst = (p0 + j) * chOut;
                for (int oc = 0; oc < chOut; oc++) {
                    out[dst + oc] = LegacyArith.outQ15(acc[j * chOut + oc] + init[oc], outShift);
                }
            }
        });
    }
}
