package io.cmsisnn.emulation;

import static io.cmsisnn.emulation.LegacyArith.ARM_MATH_SIZE_MISMATCH;
import static io.cmsisnn.emulation.LegacyArith.ARM_MATH_SUCCESS;

/**
 * The legacy q7 HWC convolutions. Weights are [ch_im_out][ky][kx][ch_im_in]; positions outside the
 * image contribute nothing. Upstream's DSP and plain paths differ only in how they gather the
 * products, which all go into one wrapping 32-bit sum, so there is no {@code dsp} flag here.
 * Constraint failures return {@link LegacyArith#ARM_MATH_SIZE_MISMATCH} and leave the output alone.
 */
public final class LegacyConv {
    private LegacyConv() {
    }

    public static int convolveHwcQ7Basic(byte[] imIn, int dimImIn, int chImIn, byte[] wt, int chImOut,
            int dimKernel, int padding, int stride, byte[] bias, int biasShift, int outShift, byte[] imOut,
            int dimImOut, boolean truncate) {
        conv(imIn, dimImIn, dimImIn, chImIn, wt, chImOut, dimKernel, dimKernel, padding, padding, stride, stride,
                bias, biasShift, outShift, imOut, dimImOut, dimImOut, truncate);
        return ARM_MATH_SUCCESS;
    }

    public static int convolveHwcQ7BasicNonsquare(byte[] imIn, int dimImInX, int dimImInY, int chImIn, byte[] wt,
            int chImOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY, int strideX, int strideY,
            byte[] bias, int biasShift, int outShift, byte[] imOut, int dimImOutX, int dimImOutY,
            boolean truncate) {
        conv(imIn, dimImInX, dimImInY, chImIn, wt, chImOut, dimKernelX, dimKernelY, paddingX, paddingY, strideX,
                strideY, bias, biasShift, outShift, imOut, dimImOutX, dimImOutY, truncate);
        return ARM_MATH_SUCCESS;
    }

    /** Needs chImIn % 4 == 0 and chImOut % 2 == 0. */
    public static int convolveHwcQ7Fast(byte[] imIn, int dimImIn, int chImIn, byte[] wt, int chImOut,
            int dimKernel, int padding, int stride, byte[] bias, int biasShift, int outShift, byte[] imOut,
            int dimImOut, boolean truncate) {
        if (chImIn % 4 != 0 || chImOut % 2 != 0) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        return convolveHwcQ7Basic(imIn, dimImIn, chImIn, wt, chImOut, dimKernel, padding, stride, bias, biasShift,
                outShift, imOut, dimImOut, truncate);
    }

    /** Needs chImIn % 4 == 0 and chImOut % 2 == 0. */
    public static int convolveHwcQ7FastNonsquare(byte[] imIn, int dimImInX, int dimImInY, int chImIn, byte[] wt,
            int chImOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY, int strideX, int strideY,
            byte[] bias, int biasShift, int outShift, byte[] imOut, int dimImOutX, int dimImOutY,
            boolean truncate) {
        if (chImIn % 4 != 0 || chImOut % 2 != 0) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        return convolveHwcQ7BasicNonsquare(imIn, dimImInX, dimImInY, chImIn, wt, chImOut, dimKernelX, dimKernelY,
                paddingX, paddingY, strideX, strideY, bias, biasShift, outShift, imOut, dimImOutX, dimImOutY,
                truncate);
    }

    /** Needs chImIn == 3. */
    public static int convolveHwcQ7Rgb(byte[] imIn, int dimImIn, int chImIn, byte[] wt, int chImOut,
            int dimKernel, int padding, int stride, byte[] bias, int biasShift, int outShift, byte[] imOut,
            int dimImOut, boolean truncate) {
        if (chImIn != 3) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        return convolveHwcQ7Basic(imIn, dimImIn, chImIn, wt, chImOut, dimKernel, padding, stride, bias, biasShift,
                outShift, imOut, dimImOut, truncate);
    }

    /** Needs chImIn % 4 == 0, chImOut % 2 == 0, a 1x1 kernel, no padding and stride 1. */
    public static int convolve1x1HwcQ7FastNonsquare(byte[] imIn, int dimImInX, int dimImInY, int chImIn,
            byte[] wt, int chImOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY, int strideX,
            int strideY, byte[] bias, int biasShift, int outShift, byte[] imOut, int dimImOutX, int dimImOutY,
            boolean truncate) {
        if (chImIn % 4 != 0 || chImOut % 2 != 0 || dimKernelX != 1 || dimKernelY != 1 || paddingX != 0
                || paddingY != 0 || strideX != 1 || strideY != 1) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        return convolveHwcQ7BasicNonsquare(imIn, dimImInX, dimImInY, chImIn, wt, chImOut, 1, 1, 0, 0, 1, 1, bias,
                biasShift, outShift, imOut, dimImOutX, dimImOutY, truncate);
    }

    /** {@code arm_q7_to_q15_no_shift}: sign extension. */
    public static void q7ToQ15NoShift(byte[] src, short[] dst, int blockSize) {
        for (int i = 0; i < blockSize; i++) {
            dst[i] = src[i];
        }
    }

    /** im2col and int dot products (see {@link IntDot}); the sum wraps at 32 bits as upstream's does. */
    private static void conv(byte[] in, int inX, int inY, int chIn, byte[] wt, int chOut, int kX, int kY,
            int padX, int padY, int sX, int sY, byte[] bias, int biasShift, int outShift, byte[] out, int outX,
            int outY, boolean truncate) {
        int kernelSize = chIn * kX * kY;
        int[] w = IntDot.wideOrScratch(null, wt, chOut * kernelSize);
        int[] init = new int[chOut];
        for (int oc = 0; oc < chOut; oc++) {
            init[oc] = LegacyArith.accInit(bias[oc], biasShift, outShift, truncate);
        }
        IntDot.Geometry g = new IntDot.Geometry(inY, inX, chIn, 0, kY, kX, chIn, sY, sX, padY, padX, 1, 1, outY, outX);
        IntDot.conv(in, 0, 1, g, w, chOut, (b, p0, count, acc) -> {
            for (int j = 0; j < count; j++) {
                int dst = (p0 + j) * chOut;
                for (int oc = 0; oc < chOut; oc++) {
                    out[dst + oc] = LegacyArith.outQ7(acc[j * chOut + oc] + init[oc], outShift);
                }
            }
        });
    }
}
