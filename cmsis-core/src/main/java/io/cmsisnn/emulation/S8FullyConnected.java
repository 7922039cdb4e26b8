package io.cmsisnn.emulation;

import io.cmsisnn.quant.NnTypes;
import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.FcParams;
import io.cmsisnn.quant.NnTypes.Status;
import io.cmsisnn.quant.RoundingMode;

/**
 * The fully connected kernels: weights [outputs][depth] with depth = filterDims.n and outputs =
 * outputDims.c, one input row per batch. s8: acc = bias[o] + sum (x + input_offset) * (w +
 * filter_offset) in 32 bits, requantized per tensor or per channel. s16: exact 64-bit sum with an
 * int64 bias and {@link S8Arith#requantizeS64}. Upstream's Helium build gets bias and offset term
 * from {@link #vectorSum}; the result is the same.
 */
public final class S8FullyConnected {
    private S8FullyConnected() {
    }

    /** {@code arm_fully_connected_s8}: one multiplier and shift. */
    public static Status fullyConnected(Context ctx, FcParams params, int multiplier, int shift, Dims inputDims,
            byte[] input, Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output,
            RoundingMode mode) {
        rows(params, new int[] {multiplier}, new int[] {shift}, false, inputDims, input, filterDims, filter, bias,
                outputDims, output, mode);
        return Status.SUCCESS;
    }

    /** {@code arm_fully_connected_per_channel_s8}. */
    public static Status fullyConnectedPerChannel(Context ctx, FcParams params, NnTypes.ChannelQuant quant,
            Dims inputDims, byte[] input, Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output,
            RoundingMode mode) {
        rows(params, quant.multiplier(), quant.shift(), true, inputDims, input, filterDims, filter, bias, outputDims,
                output, mode);
        return Status.SUCCESS;
    }

    /** {@code arm_fully_connected_wrapper_s8}: per channel, or the first pair for the whole tensor. */
    public static Status fullyConnectedWrapper(Context ctx, FcParams params, NnTypes.ChannelQuant quant,
            boolean perChannel, Dims inputDims, byte[] input, Dims filterDims, byte[] filter, int[] bias,
            Dims outputDims, byte[] output, RoundingMode mode) {
        if (perChannel) {
            return fullyConnectedPerChannel(ctx, params, quant, inputDims, input, filterDims, filter, bias, outputDims,
                    output, mode);
        }
        return fullyConnected(ctx, params, quant.multiplier()[0], quant.shift()[0], inputDims, input, filterDims,
                filter, bias, outputDims, output, mode);
    }

    private static void rows(FcParams params, int[] multipliers, int[] shifts, boolean perChannel, Dims inputDims,
            byte[] input, Dims filterDims, byte[] filter, int[] bias, Dims outputDims, byte[] output, RoundingMode mode) {
        rows(params, multipliers, shifts, perChannel, inputDims, input, filterDims, filter, null, bias, outputDims, output,
                mode, null);
    }

    /**
     * The s8 rows with the weights given widened to ints plus filter_offset ({@code wide}, or null to
     * widen them here), as the network emulator keeps them per layer; {@code counter} counts the
     * outputs' saturation unless it is null.
     */
    static void rows(FcParams params, int[] multipliers, int[] shifts, boolean perChannel, Dims inputDims,
            byte[] input, Dims filterDims, byte[] filter, int[] wide, int[] bias, Dims outputDims, byte[] output,
            RoundingMode mode, SaturationCounter counter) {
        int depth = filterDims.n();
        int outs = outputDims.c();
        IntDot.Scratch s = IntDot.scratch();
        int[] w = wide;
        if (w == null) {
            w = s.weights(depth * outs);
            for (int i = 0; i < depth * outs; i++) {
                w[i] = filter[i] + params.filterOffset();
            }
        }
        int[] x = s.vec(depth);
        int[] acc = s.acc(outs);
        for (int b = 0; b < inputDims.n(); b++) {
            for (int i = 0; i < depth; i++) {
                x[i] = input[b * depth + i] + params.inputOffset();
            }
            IntDot.matVec(x, depth, w, outs, bias, acc);
            for (int o = 0; o < outs; o++) {
                int q = perChannel ? o : 0;
                output[b * outs + o] = (byte) S8Arith.output(acc[o], multipliers[q], shifts[q], params.outputOffset(),
                        params.activation(), mode, counter);
            }
        }
    }

    /**
     * {@code arm_vector_sum_s8}: per row, bias (or 0), plus lhs_offset * (row sum + cols *
     * rhs_offset) when lhs_offset is non-zero; 32-bit wrapping.
     */
    public static int[] vectorSum(int cols, int rows, byte[] weights, int lhsOffset, int rhsOffset, int[] bias) {
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = bias != null ? bias[r] : 0;
            if (lhsOffset != 0) {
                int sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += weights[r * cols + c];
                }
                out[r] += (sum + cols * rhsOffset) * lhsOffset;
            }
        }
        return out;
    }

    /** {@code arm_vector_sum_s8_s64}: bias (or 0) plus lhs_offset * row sum, 64-bit. */
    public static long[] vectorSumS64(int cols, int rows, byte[] weights, int lhsOffset, long[] bias) {
        long[] out = new long[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = bias != null ? bias[r] : 0;
            if (lhsOffset != 0) {
                long sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += weights[r * cols + c];
                }
                out[r] += sum * lhsOffset;
            }
        }
        return out;
    }

    /** {@code arm_fully_connected_s16}: int16 data, per-tensor multiplier, int64 bias (null for none). */
    public static Status fullyConnectedS16(Context ctx, FcParams params, int multiplier, int shift, Dims inputDims,
            short[] input, Dims filterDims, byte[] filter, long[] bias, Dims outputDims, short[] output) {
        return fullyConnectedS16(ctx, params, multiplier, shift, inputDims, input, filterDims, filter, bias, outputDims, output,
                null);
    }

    /** {@link #fullyConnectedS16} counting the outputs' saturation into {@code counter} unless it is null. */
    static Status fullyConnectedS16(Context ctx, FcParams params, int multiplier, int shift, Dims inputDims,
            short[] input, Dims filterDims, byte[] filter, long[] bias, Dims outputDims, short[] output,
            SaturationCounter counter) {
        int depth = filterDims.n();
        int outs = outputDims.c();
        int reduced = S8Arith.reduceMultiplier(multiplier);
        for (int b = 0; b < inputDims.n(); b++) {
            for (int o = 0; o < outs; o++) {
                long acc = bias != null ? bias[o] : 0;
                for (int i = 0; i < depth; i++) {
                    acc += input[b * depth + i] * filter[o * depth + i];
                }
                int v = S8Arith.requantizeS64(acc, reduced, shift);
                if (counter != null) {
                    counter.s64(acc, reduced, shift, v, params.activation());
                }
                output[b * outs + o] = S8Arith.clampS16(v, params.activation());
            }
        }
        return Status.SUCCESS;
    }
}
