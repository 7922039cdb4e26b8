package io.cmsisnn.plan;

import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.DwConvParams;

/**
 * Scratch sizes in bytes as upstream's {@code *_get_buffer_size} functions report them: PLAIN for a
 * build without DSP or Helium (the host), DSP and MVE as the host-side {@code _dsp} and {@code _mve}
 * variants compute them with GCC (armclang builds differ for the 1x1 fast kernel and the Helium
 * depthwise-to-convolution threshold). The project's own kernels need none of it but check for a
 * buffer where upstream's plain-C code does, so sizing by these figures fits every build.
 */
public final class NnBufferSizes {
    /** The build whose needs to size for. */
    public enum Target {
        PLAIN, DSP, MVE
    }

    private static final int DW_CH_BLOCK_MVE = 124;
    /** GCC Helium builds run a one-channel depthwise layer with more outputs than this as a convolution. */
    private static final int DW_TO_CONV_THRESHOLD = 1;

    private NnBufferSizes() {
    }

    /** {@code arm_convolve_s8_get_buffer_size}: two int16 im2col columns (aligned to 4), or Helium's 4 x 16-aligned rows. */
    public static int convolveS8(Target target, Dims input, Dims filter) {
        int cols = filter.w() * filter.h() * input.c();
        if (target == Target.MVE) {
            return 4 * ((cols + 15) / 16) * 16;
        }
        return 2 * ((cols + 3) / 4 * 4) * 2;
    }

    /** {@code arm_convolve_wrapper_s8_get_buffer_size[_dsp|_mve]}. */
    public static int convolveWrapperS8(Target target, ConvParams params, Dims input, Dims filter, Dims output) {
        if (KernelChoice.is1x1(params, input, filter)) {
            return 0;
        }
        if (target == Target.MVE && KernelChoice.is1xN(params, input, filter)) {
            return convolve1xNS8Mve(params, input, filter, output);
        }
        return convolveS8(target, input, filter);
    }

    private static int convolve1xNS8Mve(ConvParams params, Dims input, Dims filter, Dims output) {
        int padX = params.padding().w();
        int strideX = params.stride().w();
        int totalPad = (output.w() - 1) * strideX + filter.w() - input.w();
        int asymPad = totalPad % 2;
        int rightPads = padX + asymPad != 0 ? Math.max(1, (padX + asymPad + strideX - 1) / strideX) : 0;
        int leftPads = padX != 0 ? Math.max(1, (padX + strideX - 1) / strideX) : 0;
        int unpadded = Math.max(output.w() - (rightPads + leftPads), 0);
        if (rightPads + unpadded + leftPads != output.w()) {
            return convolveS8(Target.MVE, input, filter);
        }
        int padLeft = padX * input.c();
        int padRight = asymPad != 0 ? rightPads * input.c() : padLeft;
        int left = filter.w() * input.c();
        int right = left - input.c();
        return Math.max(left + padLeft, right + padRight);
    }

    /** {@code arm_convolve_wrapper_s16_get_buffer_size[_dsp|_mve]}. */
    public static int convolveWrapperS16(Target target, Dims input, Dims filter) {
        int cols = input.c() * filter.w() * filter.h();
        if (target == Target.MVE) {
            return 4 * ((cols + 7) / 8) * 8 * 2;
        }
        return 2 * cols * 2;
    }

    /** {@code arm_depthwise_conv_wrapper_s8_get_buffer_size[_dsp|_mve]}. */
    public static int depthwiseWrapperS8(Target target, DwConvParams params, Dims input, Dims filter, Dims output) {
        boolean fitsOpt = input.c() == output.c() && input.n() == 1 && params.dilation().w() == 1
                && params.dilation().h() == 1;
        boolean fits3x3 = filter.w() == 3 && filter.h() == 3 && params.padding().h() <= 1 && params.padding().w() <= 1;
        switch (target) {
            case DSP:
                return fitsOpt && !fits3x3 ? input.c() * filter.w() * filter.h() * 2 : 0;
            case MVE: {
                int size = fitsOpt ? 4 * DW_CH_BLOCK_MVE * filter.w() * filter.h() : 0;
                if (input.c() == 1 && output.c() > DW_TO_CONV_THRESHOLD) {
                    Dims convFilter = new Dims(filter.c(), filter.h(), filter.w(), filter.n());
                    ConvParams conv = new ConvParams(params.inputOffset(), params.outputOffset(), params.stride(),
                            params.padding(), params.dilation(), params.activation());
                    int asConv = convolveWrapperS8(Target.MVE, conv, input, convFilter, output)
                            + filter.c() * filter.h() * filter.w() * filter.n();
                    size = Math.max(size, asConv);
                }
                return size;
            }
            case PLAIN:
            default:
                return 0;
        }
    }

    /** {@code arm_depthwise_conv_wrapper_s16_get_buffer_size[_dsp|_mve]}. */
    public static int depthwiseWrapperS16(Target target, DwConvParams params, Dims input, Dims filter) {
        if (!KernelChoice.fastS16Depthwise(params, filter)) {
            return 0;
        }
        int taps = input.c() * filter.w() * filter.h();
        switch (target) {
            case DSP:
                return taps * 2;
            case MVE:
                return 4 * taps * 2 + 8;
            case PLAIN:
            default:
                return 0;
        }
    }

    /** {@code arm_fully_connected_s8_get_buffer_size}: Helium keeps one int32 kernel sum per output (filter.c). */
    public static int fullyConnectedS8(Target target, Dims filter) {
        return target == Target.MVE ? filter.c() * 4 : 0;
    }

    /** {@code arm_avgpool_s8/s16_get_buffer_size}: DSP builds keep one int32 sum per channel. */
    public static int avgPool(Target target, int outputWidth, int channels) {
        return target == Target.DSP ? channels * 4 : 0;
    }
}
