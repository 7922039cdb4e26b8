package io.cmsisnn.emulation;

import io.cmsisnn.emulation.NnTypes.ChannelQuant;
import io.cmsisnn.emulation.NnTypes.Context;
import io.cmsisnn.emulation.NnTypes.Dims;
import io.cmsisnn.emulation.NnTypes.DwConvParams;
import io.cmsisnn.emulation.NnTypes.Status;

/**
 * The s16 depthwise convolutions ({@code arm_depthwise_conv_wrapper_s16}, {@code _s16},
 * {@code _fast_s16}): int16 data, int8 weights [1][HK][WK][C_IN * ch_mult], int64 bias (null for
 * none), exact 64-bit sums, {@link S8Arith#requantizeS64} with the reduced multiplier, clamp.
 * The same in both rounding modes.
 */
public final class S16Depthwise {
    /** Filter taps below which the wrapper takes the fast kernel (upstream's MAX_COL_COUNT). */
    static final int MAX_COL_COUNT = 512;

    private S16Depthwise() {
    }

    public static Status depthwiseWrapper(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            short[] input, Dims filterDims, byte[] filter, long[] bias, Dims outputDims, short[] output) {
        if (useFast(params, filterDims)) {
            return depthwiseFast(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims, output);
        }
        return depthwise(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims, output);
    }

    static boolean useFast(DwConvParams p, Dims f) {
        return p.chMult() == 1 && p.dilation().w() == 1 && p.dilation().h() == 1 && f.w() * f.h() < MAX_COL_COUNT;
    }

    /** {@code arm_depthwise_conv_fast_s16}: C_IN == C_OUT and fewer than 512 taps; plain C needs no buffer. */
    public static Status depthwiseFast(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            short[] input, Dims filterDims, byte[] filter, long[] bias, Dims outputDims, short[] output) {
        if (inputDims.c() != outputDims.c() || filterDims.w() * filterDims.h() >= MAX_COL_COUNT) {
            return Status.ARG_ERROR;
        }
        return depthwise(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims, output);
    }

    /** {@code arm_depthwise_conv_s16}: any ch_mult, dilation, batch. */
    public static Status depthwise(Context ctx, DwConvParams params, ChannelQuant quant, Dims inputDims,
            short[] input, Dims filterDims, byte[] filter, long[] bias, Dims outputDims, short[] output) {
        int inY = inputDims.h();
        int inX = inputDims.w();
        int inCh = inputDims.c();
        int chMult = params.chMult();
        int outCh = inCh * chMult;
        int outY = outputDims.h();
        int outX = outputDims.w();
        for (int b = 0; b < inputDims.n(); b++) {
            int inB = b * inY * inX * inCh;
            int outB = b * outY * outX * outCh;
            for (int oy = 0; oy < outY; oy++) {
                int baseY = oy * params.stride().h() - params.padding().h();
                for (int ox = 0; ox < outX; ox++) {
                    int baseX = ox * params.stride().w() - params.padding().w();
                    for (int c = 0; c < inCh; c++) {
                        for (int m = 0; m < chMult; m++) {
                            int o = c * chMult + m;
                            long acc = bias != null ? bias[o] : 0;
                            for (int ky = 0; ky < filterDims.h(); ky++) {
                                int y = baseY + params.dilation().h() * ky;
                                for (int kx = 0; kx < filterDims.w(); kx++) {
                                    int x = baseX + params.dilation().w() * kx;
                                    if (y < 0 || y >= inY || x < 0 || x >= inX) {
                                        continue;
                                    }
                                    acc += input[inB + (y * inX + x) * inCh + c] * filter[(ky * filterDims.w() + kx) * outCh + o];
                                }
                            }
                            int r = S8Arith.requantizeS64(acc, S8Arith.reduceMultiplier(quant.multiplier()[o]),
                                    quant.shift()[o]);
                            output[outB + (oy * outX + ox) * outCh + o] = S8Arith.clampS16(r, params.activation());
                        }
                    }
                }
            }
        }
        return Status.SUCCESS;
    }
}
