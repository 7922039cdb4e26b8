package io.cmsisnn.emulation;

import io.cmsisnn.plan.KernelChoice;
import io.cmsisnn.quant.NnTypes.ChannelQuant;
import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.DwConvParams;
import io.cmsisnn.quant.NnTypes.Status;

/**
 * The s16 depthwise convolutions ({@code arm_depthwise_conv_wrapper_s16}, {@code _s16},
 * {@code _fast_s16}): int16 data, int8 weights [1][HK][WK][C_IN * ch_mult], int64 bias (null for
 * none), exact 64-bit sums, {@link S8Arith#requantizeS64} with the reduced multiplier, clamp.
 * The same in both rounding modes.
 */
public final class S16Depthwise {
    private S16Depthwise() {
    }

    public static Status depthwiseWrapper(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            short[] input, Dims filterDims, byte[] filter, long[] bias, Dims outputDims, short[] output) {
        return depthwiseWrapper(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, null);
    }

    /** The wrapper counting the outputs' saturation into {@code counter} unless it is null. */
    static Status depthwiseWrapper(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            short[] input, Dims filterDims, byte[] filter, long[] bias, Dims outputDims, short[] output,
            SaturationCounter counter) {
        if (KernelChoice.fastS16Depthwise(params, filterDims)
                && (inputDims.c() != outputDims.c() || filterDims.w() * filterDims.h() >= KernelChoice.MAX_COL_COUNT)) {
            return Status.ARG_ERROR; // arm_depthwise_conv_fast_s16
        }
        return depthwise(params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, counter);
    }

    /** {@code arm_depthwise_conv_fast_s16}: C_IN == C_OUT and fewer than 512 taps; plain C needs no buffer. */
    public static Status depthwiseFast(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            short[] input, Dims filterDims, byte[] filter, long[] bias, Dims outputDims, short[] output) {
        if (inputDims.c() != outputDims.c() || filterDims.w() * filterDims.h() >= KernelChoice.MAX_COL_COUNT) {
            return Status.ARG_ERROR;
        }
        return depthwise(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims, output);
    }

    /** {@code arm_depthwise_conv_s16}: any ch_mult, dilation, batch. */
    public static Status depthwise(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            short[] input, Dims filterDims, byte[] filter, long[] bias, Dims outputDims, short[] output) {
        return depthwise(params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, null);
    }

    private static Status depthwise(DwConvParams params, ChannelQuant quant, Dims inputDims, short[] input,
            Dims filterDims, byte[] filter, long[] bias, Dims outputDims, short[] output, SaturationCounter counter) {
        int inY = inputDims.h();
        int inX = inputDims.w();
        int inCh = inputDims.c();
        int chMult = params.chMult();
        int outCh = inCh * chMult;
        int outY = outputDims.h();
        int outX = outputDims.w();
        int kY = filterDims.h();
        int kX = filterDims.w();
        int dilY = params.dilation().h();
        int dilX = params.dilation().w();
        long[] acc = new long[outCh];
        int[] reduced = new int[outCh];
        for (int o = 0; o < outCh; o++) {
            reduced[o] = S8Arith.reduceMultiplier(quant.multiplier()[o]);
        }
        // per output position every channel's exact sum at once, channels innermost in memory order
        for (int b = 0; b < inputDims.n(); b++) {
            int inB = b * inY * inX * inCh;
            int outB = b * outY * outX * outCh;
            for (int oy = 0; oy < outY; oy++) {
                int baseY = oy * params.stride().h() - params.padding().h();
                for (int ox = 0; ox < outX; ox++) {
                    int baseX = ox * params.stride().w() - params.padding().w();
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
                            for (int c = 0; c < inCh; c++) {
                                int v = input[px + c];
                                int o = c * chMult;
                                for (int m = 0; m < chMult; m++) {
                                    acc[o + m] += v * filter[pw + o + m];
                                }
                            }
                        }
                    }
                    int dst = outB + (oy * outX + ox) * outCh;
                    for (int o = 0; o < outCh; o++) {
                        int v = S8Arith.requantizeS64(acc[o], reduced[o], quant.shift()[o]);
                        if (counter != null) {
                            counter.s64(acc[o], reduced[o], quant.shift()[o], v, params.activation());
                        }
                        output[dst + o] = S8Arith.clampS16(v, params.activation());
                    }
                }
            }
        }
        return Status.SUCCESS;
    }
}
