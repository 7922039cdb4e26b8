package io.cmsisnn.emulation;

import static io.cmsisnn.emulation.LegacyArith.ARM_MATH_SIZE_MISMATCH;
import static io.cmsisnn.emulation.LegacyArith.ARM_MATH_SUCCESS;

/** The legacy q7 depthwise convolutions: multiplier 1 (chImIn == chImOut), weights [ky][kx][ch]. */
public final class LegacyDepthwise {
    private LegacyDepthwise() {
    }

    public static int depthwiseSeparableConvHwcQ7(byte[] imIn, int dimImIn, int chImIn, byte[] wt, int chImOut,
            int dimKernel, int padding, int stride, byte[] bias, int biasShift, int outShift, byte[] imOut,
            int dimImOut, boolean truncate) {
        return depthwiseSeparableConvHwcQ7Nonsquare(imIn, dimImIn, dimImIn, chImIn, wt, chImOut, dimKernel,
                dimKernel, padding, padding, stride, stride, bias, biasShift, outShift, imOut, dimImOut, dimImOut,
                truncate);
    }

    public static int depthwiseSeparableConvHwcQ7Nonsquare(byte[] imIn, int dimImInX, int dimImInY, int chImIn,
            byte[] wt, int chImOut, int dimKernelX, int dimKernelY, int paddingX, int paddingY, int strideX,
            int strideY, byte[] bias, int biasShift, int outShift, byte[] imOut, int dimImOutX, int dimImOutY,
            boolean truncate) {
        if (chImIn != chImOut) {
            return ARM_MATH_SIZE_MISMATCH;
        }
        int ch = chImIn;
        int[] acc = IntDot.scratch().acc(ch);
        int[] init = new int[ch];
        for (int c = 0; c < ch; c++) {
            init[c] = LegacyArith.accInit(bias[c], biasShift, outShift, truncate);
        }
        // per output position every channel's sum at once, channels innermost in memory order
        for (int oy = 0; oy < dimImOutY; oy++) {
            for (int ox = 0; ox < dimImOutX; ox++) {
                System.arraycopy(init, 0, acc, 0, ch);
                for (int ky = 0; ky < dimKernelY; ky++) {
                    int iy = oy * strideY - paddingY + ky;
                    if (iy < 0 || iy >= dimImInY) {
                        continue;
                    }
                    for (int kx = 0; kx < dimKernelX; kx++) {
                        int ix = ox * strideX - paddingX + kx;
                        if (ix < 0 || ix >= dimImInX) {
                            continue;
                        }
                        int p = (iy * dimImInX + ix) * ch;
                        int w = (ky * dimKernelX + kx) * ch;
                        for (int c = 0; c < ch; c++) {
                            acc[c] += imIn[p + c] * wt[w + c];
                        }
                    }
                }
                int dst = (oy * dimImOutX + ox) * ch;
                for (int c = 0; c < ch; c++) {
                    imOut[dst + c] = LegacyArith.outQ7(acc[c], outShift);
                }
            }
        }
        return ARM_MATH_SUCCESS;
    }
}
