package io.cmsisnn.emulation;

import io.cmsisnn.quant.NnTypes;
import io.cmsisnn.quant.NnTypes.ChannelQuant;
import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.DwConvParams;
import io.cmsisnn.quant.NnTypes.Status;
import io.cmsisnn.quant.RoundingMode;

/**
 * The s8 depthwise convolutions: {@code arm_depthwise_conv_wrapper_s8} and the kernels it picks.
 * Weights [1][HK][WK][C_IN * ch_mult]; output channel o = c * ch_mult + m reads input channel c;
 * acc = bias[o] + sum over taps inside the image of (x + input_offset) * w, requantized per o.
 * Status codes are those of upstream's plain-C path.
 */
public final class S8Depthwise {
    private S8Depthwise() {
    }

    /** ch_mult 1, batch 1, no dilation: 3x3 with padding <= 1, else the opt kernel; otherwise generic. */
    public static Status depthwiseWrapper(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            byte[] input, Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output,
            RoundingMode mode) {
        return depthwiseWrapper(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, mode,
                null);
    }

    /** The wrapper counting the outputs' saturation into {@code counter} unless it is null. */
    static Status depthwiseWrapper(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            byte[] input, Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output,
            RoundingMode mode, SaturationCounter counter) {
        if (params.chMult() == 1 && inputDims.n() == 1 && params.dilation().w() == 1 && params.dilation().h() == 1) {
            if (filterDims.w() == 3 && filterDims.h() == 3 && params.padding().h() <= 1 && params.padding().w() <= 1) {
                return depthwise3x3(params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, mode,
                        counter);
            }
            if (inputDims.c() != outputDims.c()) {
                return Status.ARG_ERROR; // arm_depthwise_conv_s8_opt
            }
        }
        return depthwise(params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, mode, counter);
    }

    /** {@code arm_depthwise_conv_s8}: any ch_mult, dilation, batch; never fails. */
    public static Status depthwise(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims, byte[] input,
            Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output, RoundingMode mode) {
        return depthwise(params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, mode, null);
    }

    private static Status depthwise(DwConvParams params, ChannelQuant quant, Dims inputDims, byte[] input,
            Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output, RoundingMode mode,
            SaturationCounter counter) {
        core(params, quant, inputDims.n(), inputDims.h(), inputDims.w(), inputDims.c(), params.chMult(), filterDims.h(),
                filterDims.w(), params.dilation().h(), params.dilation().w(), input, filter, bias, outputDims.h(),
                outputDims.w(), output, mode, counter);
        return Status.SUCCESS;
    }

    /** {@code arm_depthwise_conv_s8_opt}: C_IN == C_OUT; the plain-C build needs no buffer. */
    public static Status depthwiseOpt(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            byte[] input, Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output,
            RoundingMode mode) {
        if (inputDims.c() != outputDims.c()) {
            return Status.ARG_ERROR;
        }
        return depthwise(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, mode);
    }

    /** {@code arm_depthwise_conv_3x3_s8}: C_IN == C_OUT, 3x3, padding.w <= 1; first batch, ch_mult 1, no dilation. */
    public static Status depthwise3x3(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            byte[] input, Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output,
            RoundingMode mode) {
        return depthwise3x3(params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, mode, null);
    }

    private static Status depthwise3x3(DwConvParams params, ChannelQuant quant, Dims inputDims, byte[] input,
            Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output, RoundingMode mode,
            SaturationCounter counter) {
        if (inputDims.c() != outputDims.c()) {
            return Status.ARG_ERROR;
        }
        if (params.padding().w() > 1 || filterDims.w() != 3 || filterDims.h() != 3) {
            return Status.ARG_ERROR;
        }
        core(params, quant, 1, inputDims.h(), inputDims.w(), inputDims.c(), 1, 3, 3, 1, 1, input, filter, bias,
                outputDims.h(), outputDims.w(), output, mode, counter);
        return Status.SUCCESS;
    }

    /**
     * Per output position, every channel's sum at once: taps outside the image are skipped whole,
     * and the channel loop is innermost, reading input and weights in memory order.
     */
    private static void core(DwConvParams params, ChannelQuant quant, int batches, int inY, int inX, int inCh,
            int chMult, int kY, int kX, int dilY, int dilX, byte[] input, byte[] filter, int[] bias, int outY, int outX,
            byte[] output, RoundingMode mode, SaturationCounter counter) {
        int outCh = inCh * chMult;
        int[] acc = IntDot.scratch().acc(outCh);
        int offset = params.inputOffset();
        int strideY = params.stride().h();
        int strideX = params.stride().w();
        int padY = params.padding().h();
        int padX = params.padding().w();
        int[] mult = quant.multiplier();
        int[] shift = quant.shift();
        int outOffset = params.outputOffset();
        NnTypes.Activation act = params.activation();
        for (int b = 0; b < batches; b++) {
            int inB = b * inY * inX * inCh;
            int outB = b * outY * outX * outCh;
            for (int oy = 0; oy < outY; oy++) {
                int baseY = oy * strideY - padY;
                for (int ox = 0; ox < outX; ox++) {
                    int baseX = ox * strideX - padX;
                    for (int o = 0; o < outCh; o++) {
                        acc[o] = bias != null ? bias[o] : 0;
                    }
                    for (int ky = 0; ky < kY; ky++) {
                        int y = baseY + dilY * ky;
                        if (y < 0 || y >= inY) {
                            continue;
                        }
                        for (int kx = 0; kx < kX; kx++) {
                            int x = baseX + dilX * kx;
                            if (x < 0 || x >= inX) {
                                continue;
                            }
                            int px = inB + (y * inX + x) * inCh;
                            int pw = (ky * kX + kx) * outCh;
                            if (chMult == 1) {
                                for (int c = 0; c < inCh; c++) {
                                    acc[c] += (input[px + c] + offset) * filter[pw + c];
                                }
                            } else {
                                for (int c = 0; c < inCh; c++) {
                                    int v = input[px + c] + offset;
                                    int o = c * chMult;
                                    for (int m = 0; m < chMult; m++) {
                                        acc[o + m] += v * filter[pw + o + m];
                                    }
                                }
                            }
                        }
                    }
                    int dst = outB + (oy * outX + ox) * outCh;
                    for (int o = 0; o < outCh; o++) {
                        output[dst + o] = (byte) S8Arith.output(acc[o], mult[o], shift[o], outOffset, act, mode, counter);
                    }
                }
            }
        }
    }
}
