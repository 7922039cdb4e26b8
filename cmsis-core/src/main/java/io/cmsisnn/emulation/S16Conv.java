package io.cmsisnn.emulation;

import io.cmsisnn.quant.NnTypes.Bias16;
import io.cmsisnn.quant.NnTypes.ChannelQuant;
import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.Status;
import io.cmsisnn.quant.RoundingMode;

/**
 * {@code arm_convolve_wrapper_s16} / {@code arm_convolve_s16}: int16 input and output (symmetric,
 * the offsets are not read), int8 weights [C_OUT][HK][WK][C_IN], dilation, no groups. With an int32
 * bias the sum is 32-bit and uses {@link S8Arith#requantize} (rounding mode applies); with an int64
 * bias it is exact 64-bit and uses {@link S8Arith#requantizeS64} with the reduced multiplier.
 */
public final class S16Conv {
    /**
     * Taps up to which an int sum of int16 x int8 products is exact: |product| <= 2^22, and
     * 511 * 2^22 < 2^31.
     */
    static final int MAX_EXACT_INT_TAPS = 511;

    private S16Conv() {
    }

    public static Status convolveWrapper(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims,
            short[] input, Dims filterDims, byte[] filter, Bias16 bias, Dims outputDims, short[] output,
            RoundingMode mode) {
        return convolve(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, mode, null);
    }

    /** The wrapper counting the outputs' saturation into {@code counter} unless it is null. */
    static Status convolveWrapper(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims, short[] input,
            Dims filterDims, byte[] filter, Bias16 bias, Dims outputDims, short[] output, RoundingMode mode,
            SaturationCounter counter) {
        return convolve(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, mode, counter);
    }

    /** Needs a buffer. */
    public static Status convolve(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims, short[] input,
            Dims filterDims, byte[] filter, Bias16 bias, Dims outputDims, short[] output, RoundingMode mode) {
        return convolve(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims, output, mode, null);
    }

    private static Status convolve(Context ctx, ConvParams params, ChannelQuant quant, Dims inputDims, short[] input,
            Dims filterDims, byte[] filter, Bias16 bias, Dims outputDims, short[] output, RoundingMode mode,
            SaturationCounter counter) {
        if (!ctx.hasBuffer()) {
            return Status.ARG_ERROR;
        }
        int inY = inputDims.h();
        int inX = inputDims.w();
        int inCh = inputDims.c();
        int kY = filterDims.h();
        int kX = filterDims.w();
        int outY = outputDims.h();
        int outX = outputDims.w();
        int outCh = outputDims.c();
        int taps = kY * kX * inCh;
        if (bias.isInt32Bias() || taps <= MAX_EXACT_INT_TAPS) {
            IntDot.Geometry g = new IntDot.Geometry(inY, inX, inCh, 0, kY, kX, inCh, params.stride().h(),
                    params.stride().w(), params.padding().h(), params.padding().w(), params.dilation().h(),
                    params.dilation().w(), outY, outX);
            int perBatch = outY * outX * outCh;
            IntDot.conv(input, inputDims.n(), g, IntDot.wideOrScratch(null, filter, outCh * taps), outCh,
                    (b, p0, count, acc) -> {
                        int dst = b * perBatch + p0 * outCh;
                        for (int j = 0; j < count; j++) {
                            for (int oc = 0; oc < outCh; oc++) {
                                // with an int32 bias the C sum is 32-bit anyway; else the int sum is exact
                                output[dst + j * outCh + oc] = S8Arith.clampS16(
                                        requantize(acc[j * outCh + oc], bias, oc, quant, mode, counter, params), params.activation());
                            }
                        }
                    });
            return Status.SUCCESS;
        }
        for (int b = 0; b < inputDims.n(); b++) {
            int inB = b * inY * inX * inCh;
            int outB = b * outY * outX * outCh;
            for (int oy = 0; oy < outY; oy++) {
                int baseY = oy * params.stride().h() - params.padding().h();
                for (int ox = 0; ox < outX; ox++) {
                    int baseX = ox * params.stride().w() - params.padding().w();
                    for (int oc = 0; oc < outCh; oc++) {
                        long acc = 0;
                        for (int ky = 0; ky < kY; ky++) {
                            int y = baseY + params.dilation().h() * ky;
                            for (int kx = 0; kx < kX; kx++) {
                                int x = baseX + params.dilation().w() * kx;
                                if (y < 0 || y >= inY || x < 0 || x >= inX) {
                                    continue;
                                }
                                int px = inB + (y * inX + x) * inCh;
                                int pw = oc * taps + (ky * kX + kx) * inCh;
                                for (int ci = 0; ci < inCh; ci++) {
                                    acc += input[px + ci] * filter[pw + ci];
                                }
                            }
                        }
                        output[outB + (oy * outX + ox) * outCh + oc] =
                                S8Arith.clampS16(requantize(acc, bias, oc, quant, mode, counter, params), params.activation());
                    }
                }
            }
        }
        return Status.SUCCESS;
    }

    /** Adds the bias and requantizes by the path its width selects. */
    static int requantize(long acc, Bias16 bias, int oc, ChannelQuant quant, RoundingMode mode) {
        return requantize(acc, bias, oc, quant, mode, null, null);
    }

    /** {@link #requantize} counting into {@code counter} (with the clamp of {@code params}) unless it is null. */
    private static int requantize(long acc, Bias16 bias, int oc, ChannelQuant quant, RoundingMode mode,
            SaturationCounter counter, ConvParams params) {
        if (bias.isInt32Bias()) {
            int acc32 = (int) acc + (bias.int32Data() != null ? bias.int32Data()[oc] : 0);
            int v = S8Arith.requantize(acc32, quant.multiplier()[oc], quant.shift()[oc], mode);
            if (counter != null) {
                counter.s32(acc32, quant.multiplier()[oc], quant.shift()[oc], v, params.activation(), mode);
            }
            return v;
        }
        long acc64 = acc + (bias.int64Data() != null ? bias.int64Data()[oc] : 0);
        int reduced = S8Arith.reduceMultiplier(quant.multiplier()[oc]);
        int v = S8Arith.requantizeS64(acc64, reduced, quant.shift()[oc]);
        if (counter != null) {
            counter.s64(acc64, reduced, quant.shift()[oc], v, params.activation());
        }
        return v;
    }
}
