package io.cmsisnn.emulation;

import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.PoolParams;
import io.cmsisnn.quant.NnTypes.Status;

/**
 * Max and average pooling, s8 and s16 ({@code arm_max_pool_s8/s16}, {@code arm_avgpool_s8/s16}).
 * Windows (filterDims.h x filterDims.w) are clipped to the image. Max: largest valid element; an
 * empty window leaves the output element as it was; then the clamp (cut to 16 bits for s16).
 * Average: 32-bit sum of the valid elements, C division rounding half away from zero, clamp; an
 * empty window returns ARG_ERROR with the outputs before it written. Batch counts below 1 fail.
 */
public final class S8Pool {
    private S8Pool() {
    }

    public static Status maxPoolS8(Context ctx, PoolParams params, Dims inputDims, byte[] input, Dims filterDims,
            Dims outputDims, byte[] output) {
        if (inputDims.n() < 1) {
            return Status.ARG_ERROR;
        }
        int min = params.activation().min();
        int max = params.activation().max();
        forEachWindow(params, inputDims, filterDims, outputDims, (in, out, y0, y1, x0, x1, c) -> {
            int best = output[out];
            boolean first = true;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int v = input[in + (y * inputDims.w() + x) * inputDims.c() + c];
                    if (first || v > best) {
                        best = v;
                        first = false;
                    }
                }
            }
            output[out] = (byte) Math.min(Math.max(best, min), max);
            return true;
        });
        return Status.SUCCESS;
    }

    public static Status maxPoolS16(Context ctx, PoolParams params, Dims inputDims, short[] input, Dims filterDims,
            Dims outputDims, short[] output) {
        if (inputDims.n() < 1) {
            return Status.ARG_ERROR;
        }
        int min = (short) params.activation().min();
        int max = (short) params.activation().max();
        forEachWindow(params, inputDims, filterDims, outputDims, (in, out, y0, y1, x0, x1, c) -> {
            int best = output[out];
            boolean first = true;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int v = input[in + (y * inputDims.w() + x) * inputDims.c() + c];
                    if (first || v > best) {
                        best = v;
                        first = false;
                    }
                }
            }
            output[out] = (short) Math.min(Math.max(best, min), max);
            return true;
        });
        return Status.SUCCESS;
    }

    /** Plain C and Helium builds need no buffer; DSP builds check for one (not emulated here). */
    public static Status avgPoolS8(Context ctx, PoolParams params, Dims inputDims, byte[] input, Dims filterDims,
            Dims outputDims, byte[] output) {
        if (inputDims.n() < 1) {
            return Status.ARG_ERROR;
        }
        boolean complete = forEachWindow(params, inputDims, filterDims, outputDims, (in, out, y0, y1, x0, x1, c) -> {
            int sum = 0;
            int count = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    sum += input[in + (y * inputDims.w() + x) * inputDims.c() + c];
                    count++;
                }
            }
            if (count == 0) {
                return false;
            }
            output[out] = (byte) clampedMean(sum, count, params);
            return true;
        });
        return complete ? Status.SUCCESS : Status.ARG_ERROR;
    }

    public static Status avgPoolS16(Context ctx, PoolParams params, Dims inputDims, short[] input, Dims filterDims,
            Dims outputDims, short[] output) {
        if (inputDims.n() < 1) {
            return Status.ARG_ERROR;
        }
        boolean complete = forEachWindow(params, inputDims, filterDims, outputDims, (in, out, y0, y1, x0, x1, c) -> {
            int sum = 0;
            int count = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    sum += input[in + (y * inputDims.w() + x) * inputDims.c() + c];
                    count++;
                }
            }
            if (count == 0) {
                return false;
            }
            output[out] = (short) clampedMean(sum, count, params);
            return true;
        });
        return complete ? Status.SUCCESS : Status.ARG_ERROR;
    }

    private static int clampedMean(int sum, int count, PoolParams params) {
        int mean = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
        return Math.min(Math.max(mean, params.activation().min()), params.activation().max());
    }

    /** One output element: batch input offset, output index, valid rows [y0, y1), columns [x0, x1), channel. */
    @FunctionalInterface
    private interface Window {
        boolean apply(int inBase, int out, int y0, int y1, int x0, int x1, int c);
    }

    /** Visits outputs in upstream's order (batch, y, x, channel); stops at the first false. */
    private static boolean forEachWindow(PoolParams p, Dims in, Dims f, Dims out, Window window) {
        int ch = in.c();
        for (int b = 0; b < in.n(); b++) {
            int inBase = b * in.h() * in.w() * ch;
            int outBase = b * out.h() * out.w() * ch;
            for (int oy = 0; oy < out.h(); oy++) {
                int baseY = oy * p.stride().h() - p.padding().h();
                for (int ox = 0; ox < out.w(); ox++) {
                    int baseX = ox * p.stride().w() - p.padding().w();
                    int y0 = Math.max(0, baseY);
                    int y1 = Math.min(in.h(), baseY + f.h());
                    int x0 = Math.max(0, baseX);
                    int x1 = Math.min(in.w(), baseX + f.w());
                    for (int c = 0; c < ch; c++) {
                        if (!window.apply(inBase, outBase + (oy * out.w() + ox) * ch + c, y0, y1, x0, x1, c)) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }
}
