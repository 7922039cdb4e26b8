package io.cmsisnn.emulation;

import io.cmsisnn.plan.KernelChoice;
import io.cmsisnn.quant.NnTypes;
import io.cmsisnn.quant.NnTypes.ChannelQuant;
import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.Status;
import io.cmsisnn.quant.RoundingMode;

/**
 * The s8 convolutions: {@code arm_convolve_wrapper_s8} and the kernels it picks. Input NHWC
 * ({@code byte[]}), weights [C_OUT][HK][WK][CK], int32 bias (null for none), output NHWC. Per output
 * channel: acc = bias + sum over taps inside the image of (x + input_offset) * w in 32 bits,
 * requantized per channel, plus output_offset, clamped. Status codes are those of upstream's
 * plain-C path; on an error the output is left alone.
 */
public final class S8Conv {
    private S8Conv() {
    }

    /** Upstream's choice: 1x1 (fast with unit stride), then 1xN, else the generic kernel. */
    public static Status convolveWrapper(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims,
            byte[] input, Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output,
            RoundingMode mode) {
        return convolveWrapper(ctx, params, quant, inputDims, input, filterDims, filter, null, bias, outputDims, output,
                mode, null);
    }

    /**
     * The wrapper with the filter also given widened to ints ({@code wide}, the same values and order,
     * or null to widen it here), as the network emulator keeps it per layer; {@code counter} counts the
     * outputs' saturation unless it is null.
     */
    static Status convolveWrapper(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims, byte[] input,
            Dims filterDims, byte[] filter, int[] wide, int[] bias, Dims outputDims, byte[] output, RoundingMode mode,
            SaturationCounter counter) {
        if (KernelChoice.is1x1(params, inputDims, filterDims)) {
            if (params.stride().w() == 1 && params.stride().h() == 1) {
                return convolve1x1Fast(params, quant, inputDims, input, filter, wide, bias, outputDims, output, mode,
                        counter);
            }
            return convolve1x1(params, quant, inputDims, input, filter, wide, bias, outputDims, output, mode, counter);
        }
        if (KernelChoice.is1xN(params, inputDims, filterDims)) {
            return convolve1xN(ctx, params, quant, inputDims, input, filterDims, filter, wide, bias, outputDims, output,
                    mode, counter);
        }
        return convolve(ctx, params, quant, inputDims, input, filterDims, filter, wide, bias, null, outputDims, output,
                mode, counter);
    }

    /**
     * {@code arm_convolve_s8}: dilation, groups (CK divides C_IN) and, with {@code upscaleDims} (null
     * for none) equal to 2 along an axis, zero insertion for transposed convolution; then inputDims
     * is the upscaled size, data sits at even positions, and (as upstream) every group reads its
     * taps from channel 0. Needs a buffer.
     */
    public static Status convolve(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims, byte[] input,
            Dims filterDims, byte[] filter, int[] bias, Dims upscaleDims, Dims outputDims, byte[] output,
            RoundingMode mode) {
        return convolve(ctx, params, quant, inputDims, input, filterDims, filter, null, bias, upscaleDims, outputDims,
                output, mode, null);
    }

    private static Status convolve(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims, byte[] input,
            Dims filterDims, byte[] filter, int[] wide, int[] bias, Dims upscaleDims, Dims outputDims, byte[] output,
            RoundingMode mode, SaturationCounter counter) {
        if (!ctx.hasBuffer()) {
            return Status.ARG_ERROR;
        }
        if (filterDims.c() <= 0 || filterDims.c() > inputDims.c()) {
            return Status.ARG_ERROR; // upstream divides by zero here
        }
        int groups = inputDims.c() / filterDims.c();
        if (inputDims.c() % groups != 0 || outputDims.c() % groups != 0) {
            return Status.ARG_ERROR;
        }
        int yShift = upscaleDims != null && upscaleDims.h() == 2 ? 1 : 0;
        int xShift = upscaleDims != null && upscaleDims.w() == 2 ? 1 : 0;
        int inY = inputDims.h();
        int inX = inputDims.w();
        int inCh = inputDims.c();
        int kY = filterDims.h();
        int kX = filterDims.w();
        int kCh = filterDims.c();
        int outY = outputDims.h();
        int outX = outputDims.w();
        int outCh = outputDims.c();
        int perGroup = outCh / groups;
        int dataY = inY >> yShift;
        int dataX = inX >> xShift;
        boolean upscaling = (yShift | xShift) != 0;
        int taps = kY * kX * kCh;
        if (groups == 1 && !upscaling) {
            IntDot.Geometry g = new IntDot.Geometry(inY, inX, inCh, 0, kY, kX, kCh, params.stride().h(),
                    params.stride().w(), params.padding().h(), params.padding().w(), params.dilation().h(),
                    params.dilation().w(), outY, outX);
            gemmConv(params, quant, inputDims.n(), g, input, IntDot.wideOrScratch(wide, filter, outCh * taps), bias,
                    outCh, output, mode, counter);
            return Status.SUCCESS;
        }
        for (int b = 0; b < inputDims.n(); b++) {
            int inB = b * dataY * dataX * inCh;
            int outB = b * outY * outX * outCh;
            for (int oy = 0; oy < outY; oy++) {
                int baseY = oy * params.stride().h() - params.padding().h();
                for (int ox = 0; ox < outX; ox++) {
                    int baseX = ox * params.stride().w() - params.padding().w();
                    for (int oc = 0; oc < outCh; oc++) {
                        int chBase = upscaling ? 0 : (oc / perGroup) * kCh;
                        int acc = bias != null ? bias[oc] : 0;
                        for (int ky = 0; ky < kY; ky++) {
                            int y = baseY + params.dilation().h() * ky;
                            for (int kx = 0; kx < kX; kx++) {
                                int x = baseX + params.dilation().w() * kx;
                                if (y < 0 || y >= inY || x < 0 || x >= inX) {
                                    continue;
                                }
                                if ((yShift != 0 && (y & 1) != 0) || (xShift != 0 && (x & 1) != 0)) {
                                    continue; // an inserted zero
                                }
                                int px = inB + ((y >> yShift) * dataX + (x >> xShift)) * inCh + chBase;
                                int pw = oc * taps + (ky * kX + kx) * kCh;
                                for (int ci = 0; ci < kCh; ci++) {
                                    acc += (input[px + ci] + params.inputOffset()) * filter[pw + ci];
                                }
                            }
                        }
                        output[outB + (oy * outX + ox) * outCh + oc] = (byte) S8Arith.output(acc, quant.multiplier()[oc],
                                quant.shift()[oc], params.outputOffset(), params.activation(), mode, counter);
                    }
                }
            }
        }
        return Status.SUCCESS;
    }

    /** {@code arm_convolve_1x1_s8_fast}: padding 0 and stride 1, one product per input pixel (filter dims not read). */
    public static Status convolve1x1Fast(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims,
            byte[] input, Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output,
            RoundingMode mode) {
        return convolve1x1Fast(params, quant, inputDims, input, filter, null, bias, outputDims, output, mode, null);
    }

    private static Status convolve1x1Fast(ConvParams params, ChannelQuant quant, Dims inputDims, byte[] input,
            byte[] filter, int[] wide, int[] bias, Dims outputDims, byte[] output, RoundingMode mode,
            SaturationCounter counter) {
        if (params.padding().w() != 0 || params.padding().h() != 0 || params.stride().w() != 1
                || params.stride().h() != 1) {
            return Status.ARG_ERROR;
        }
        int cols = inputDims.c();
        int rows = inputDims.n() * inputDims.h() * inputDims.w();
        int outCh = outputDims.c();
        IntDot.Geometry g = new IntDot.Geometry(1, rows, cols, 0, 1, 1, cols, 1, 1, 0, 0, 1, 1, 1, rows);
        gemmConv(params, quant, 1, g, input, IntDot.wideOrScratch(wide, filter, outCh * cols), bias, outCh, output, mode,
                counter);
        return Status.SUCCESS;
    }

    /** {@code arm_convolve_1x1_s8}: padding 0, any stride (filter dims not read). */
    public static Status convolve1x1(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims, byte[] input,
            Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output, RoundingMode mode) {
        return convolve1x1(params, quant, inputDims, input, filter, null, bias, outputDims, output, mode, null);
    }

    private static Status convolve1x1(ConvParams params, ChannelQuant quant, Dims inputDims, byte[] input,
            byte[] filter, int[] wide, int[] bias, Dims outputDims, byte[] output, RoundingMode mode,
            SaturationCounter counter) {
        if (params.padding().w() != 0 || params.padding().h() != 0) {
            return Status.ARG_ERROR;
        }
        int cols = inputDims.c();
        int outCh = outputDims.c();
        IntDot.Geometry g = new IntDot.Geometry(inputDims.h(), inputDims.w(), cols, 0, 1, 1, cols, params.stride().h(),
                params.stride().w(), 0, 0, 1, 1, outputDims.h(), outputDims.w());
        gemmConv(params, quant, inputDims.n(), g, input, IntDot.wideOrScratch(wide, filter, outCh * cols), bias, outCh,
                output, mode, counter);
        return Status.SUCCESS;
    }

    /** {@code arm_convolve_1_x_n_s8}: input height 1, dilation_w 1, (stride_w * C_IN) % 4 == 0, a buffer. */
    public static Status convolve1xN(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims, byte[] input,
            Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output, RoundingMode mode) {
        return convolve1xN(ctx, params, quant, inputDims, input, filterDims, filter, null, bias, outputDims, output, mode,
                null);
    }

    private static Status convolve1xN(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims,
            byte[] input, Dims filterDims, byte[] filter, int[] wide, int[] bias, Dims outputDims, byte[] output,
            RoundingMode mode, SaturationCounter counter) {
        if (inputDims.h() != 1 || params.dilation().w() != 1 || !ctx.hasBuffer() || params.stride().w() == 0
                || (params.stride().w() * inputDims.c()) % 4 != 0) {
            return Status.ARG_ERROR;
        }
        return convolve(ctx, params, quant, inputDims, input, filterDims, filter, wide, bias, null, outputDims, output,
                mode, counter);
    }

    /** Groups 1, no upscaling: im2col and int dot products, then per output bias and requantization. */
    private static void gemmConv(ConvParams params, ChannelQuant quant, int batches, IntDot.Geometry g, byte[] input,
            int[] wide, int[] bias, int outCh, byte[] output, RoundingMode mode, SaturationCounter counter) {
        int[] mult = quant.multiplier();
        int[] shift = quant.shift();
        int outOffset = params.outputOffset();
        NnTypes.Activation act = params.activation();
        int perBatch = g.positions() * outCh;
        IntDot.conv(input, params.inputOffset(), batches, g, wide, outCh, (b, p0, count, acc) -> {
            int dst = b * perBatch + p0 * outCh;
            for (int j = 0; j < count; j++) {
                for (int oc = 0; oc < outCh; oc++) {
                    int a = acc[j * outCh + oc] + (bias != null ? bias[oc] : 0);
                    output[dst + j * outCh + oc] = (byte) S8Arith.output(a, mult[oc], shift[oc], outOffset, act, mode,
                            counter);
                }
            }
        });
    }
}
