package io.cmsisnn.emulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded pseudo-random calls of every legacy kernel. Shapes are small and consistent
 * (dim_out = (dim_in + 2*pad - k) / stride + 1, pad &lt; k); channel counts and 1x1 parameters
 * sometimes break a fast variant's constraints, to cover the error return.
 */
final class LegacyCaseGenerator {
    private static final byte SENTINEL_Q7 = 0x55;
    private static final short SENTINEL_Q15 = 0x5555;

    private final Random rnd;

    LegacyCaseGenerator(long seed) {
        rnd = new Random(seed);
    }

    /** {@code perFunction} cases of each of the 25 driver functions. */
    List<LegacyCase> cases(int perFunction) {
        List<LegacyCase> out = new ArrayList<>();
        for (int i = 0; i < perFunction; i++) {
            for (String f : new String[] {"conv_q7_basic", "conv_q7_fast", "conv_q7_rgb", "dw_q7"}) {
                out.add(squareQ7(f));
            }
            for (String f : new String[] {"conv_q15_basic", "conv_q15_fast"}) {
                out.add(squareQ15(f));
            }
            for (String f : new String[] {"conv_q7_basic_ns", "conv_q7_fast_ns", "conv_q7_1x1", "dw_q7_ns"}) {
                out.add(nonsquareQ7(f));
            }
            out.add(nonsquareQ15());
            for (String f : new String[] {"fc_q7", "fc_q7_opt", "fc_q15", "fc_q15_opt", "fc_mat_q7_vec_q15",
                "fc_mat_q7_vec_q15_opt"}) {
                out.add(fullyConnected(f));
            }
            out.add(pool("maxpool"));
            out.add(pool("avepool"));
            out.addAll(activations());
            out.addAll(softmax());
        }
        return out;
    }

    // ---- shapes and values ------------------------------------------------------------------

    private int between(int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }

    /** {dimIn, k, pad, stride, dimOut} with at least one output. */
    private int[] axis(int maxIn, int maxK) {
        while (true) {
            int dimIn = between(1, maxIn);
            int k = between(1, maxK);
            int pad = rnd.nextInt(k);
            int stride = between(1, 3);
            if (dimIn + 2 * pad >= k) {
                return new int[] {dimIn, k, pad, stride, (dimIn + 2 * pad - k) / stride + 1};
            }
        }
    }

    private byte[] q7s(int n) {
        byte[] b = new byte[n];
        int range = rnd.nextInt(4) == 0 ? 16 : 256; // sometimes small values, so outputs do not saturate
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (rnd.nextInt(range) - range / 2);
        }
        return b;
    }

    private short[] q15s(int n) {
        short[] s = new short[n];
        int bits = new int[] {4, 8, 12, 16}[rnd.nextInt(4)];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (rnd.nextInt(1 << bits) - (1 << (bits - 1)));
        }
        return s;
    }

    private static byte[] outQ7(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, SENTINEL_Q7);
        return b;
    }

    private static short[] outQ15(int n) {
        short[] s = new short[n];
        Arrays.fill(s, SENTINEL_Q15);
        return s;
    }

    /** Channel count: usually one the fast variants accept, sometimes any. */
    private int channels(int multiple) {
        return rnd.nextInt(4) == 0 ? between(1, 9) : multiple * between(1, 3);
    }

    // ---- convolutions -------------------------------------------------------------------------

    private LegacyCase squareQ7(String f) {
        int[] a = axis(7, 4);
        int chIn = f.equals("conv_q7_rgb") ? (rnd.nextInt(5) == 0 ? between(1, 5) : 3) : channels(4);
        int chOut = f.equals("dw_q7") ? (rnd.nextInt(6) == 0 ? between(1, 8) : chIn) : channels(2);
        int biasShift = between(0, 9);
        int outShift = between(0, 13);
        int[] s = {a[0], chIn, chOut, a[1], a[2], a[3], biasShift, outShift, a[4]};
        int wtLen = f.equals("dw_q7") ? a[1] * a[1] * chIn : chOut * a[1] * a[1] * chIn;
        List<Object> arrays = List.of(q7s(a[0] * a[0] * chIn), q7s(wtLen), q7s(Math.max(chIn, chOut)),
                outQ7(a[4] * a[4] * Math.max(chIn, chOut)));
        return new LegacyCase(f, s, arrays, (x, dsp, trunc) -> {
            byte[] in = (byte[]) x.get(0);
            byte[] wt = (byte[]) x.get(1);
            byte[] bias = (byte[]) x.get(2);
            byte[] out = (byte[]) x.get(3);
            switch (f) {
                case "conv_q7_basic":
                    return LegacyConv.convolveHwcQ7Basic(in, s[0], s[1], wt, s[2], s[3], s[4], s[5], bias, s[6],
                            s[7], out, s[8], trunc);
                case "conv_q7_fast":
                    return LegacyConv.convolveHwcQ7Fast(in, s[0], s[1], wt, s[2], s[3], s[4], s[5], bias, s[6],
                            s[7], out, s[8], trunc);
                case "conv_q7_rgb":
                    return LegacyConv.convolveHwcQ7Rgb(in, s[0], s[1], wt, s[2], s[3], s[4], s[5], bias, s[6],
                            s[7], out, s[8], trunc);
                default:
                    return LegacyDepthwise.depthwiseSeparableConvHwcQ7(in, s[0], s[1], wt, s[2], s[3], s[4], s[5],
                            bias, s[6], s[7], out, s[8], trunc);
            }
        });
    }

    private LegacyCase squareQ15(String f) {
        int[] a = axis(6, 4);
        int chIn = channels(2);
        int chOut = channels(2);
        int biasShift = between(0, 14);
        int outShift = between(0, 24);
        int[] s = {a[0], chIn, chOut, a[1], a[2], a[3], biasShift, outShift, a[4]};
        List<Object> arrays = List.of(q15s(a[0] * a[0] * chIn), q15s(chOut * a[1] * a[1] * chIn), q15s(chOut),
                outQ15(a[4] * a[4] * chOut));
        return new LegacyCase(f, s, arrays, (x, dsp, trunc) -> {
            short[] in = (short[]) x.get(0);
            short[] wt = (short[]) x.get(1);
            short[] bias = (short[]) x.get(2);
            short[] out = (short[]) x.get(3);
            if (f.equals("conv_q15_basic")) {
                return LegacyConvQ15.convolveHwcQ15Basic(in, s[0], s[1], wt, s[2], s[3], s[4], s[5], bias, s[6],
                        s[7], out, s[8], trunc);
            }
            return LegacyConvQ15.convolveHwcQ15Fast(in, s[0], s[1], wt, s[2], s[3], s[4], s[5], bias, s[6], s[7],
                    out, s[8], dsp, trunc);
        });
    }

    private LegacyCase nonsquareQ7(String f) {
        boolean oneByOne = f.equals("conv_q7_1x1") && rnd.nextInt(5) != 0;
        int[] ax = oneByOne ? new int[] {between(1, 7), 1, 0, 1, 0} : axis(7, 4);
        int[] ay = oneByOne ? new int[] {between(1, 7), 1, 0, 1, 0} : axis(7, 4);
        ax[4] = (ax[0] + 2 * ax[2] - ax[1]) / ax[3] + 1;
        ay[4] = (ay[0] + 2 * ay[2] - ay[1]) / ay[3] + 1;
        boolean dw = f.equals("dw_q7_ns");
        int chIn = channels(4);
        int chOut = dw ? (rnd.nextInt(6) == 0 ? between(1, 8) : chIn) : channels(2);
        int[] s = {ax[0], ay[0], chIn, chOut, ax[1], ay[1], ax[2], ay[2], ax[3], ay[3], between(0, 9),
            between(0, 13), ax[4], ay[4]};
        int taps = ax[1] * ay[1];
        List<Object> arrays = List.of(q7s(ax[0] * ay[0] * chIn), q7s(dw ? taps * chIn : chOut * taps * chIn),
                q7s(Math.max(chIn, chOut)), outQ7(ax[4] * ay[4] * Math.max(chIn, chOut)));
        return new LegacyCase(f, s, arrays, (x, dsp, trunc) -> {
            byte[] in = (byte[]) x.get(0);
            byte[] wt = (byte[]) x.get(1);
            byte[] bias = (byte[]) x.get(2);
            byte[] out = (byte[]) x.get(3);
            switch (f) {
                case "conv_q7_basic_ns":
                    return LegacyConv.convolveHwcQ7BasicNonsquare(in, s[0], s[1], s[2], wt, s[3], s[4], s[5], s[6],
                            s[7], s[8], s[9], bias, s[10], s[11], out, s[12], s[13], trunc);
                case "conv_q7_fast_ns":
                    return LegacyConv.convolveHwcQ7FastNonsquare(in, s[0], s[1], s[2], wt, s[3], s[4], s[5], s[6],
                            s[7], s[8], s[9], bias, s[10], s[11], out, s[12], s[13], trunc);
                case "conv_q7_1x1":
                    return LegacyConv.convolve1x1HwcQ7FastNonsquare(in, s[0], s[1], s[2], wt, s[3], s[4], s[5],
                            s[6], s[7], s[8], s[9], bias, s[10], s[11], out, s[12], s[13], trunc);
                default:
                    return LegacyDepthwise.depthwiseSeparableConvHwcQ7Nonsquare(in, s[0], s[1], s[2], wt, s[3],
                            s[4], s[5], s[6], s[7], s[8], s[9], bias, s[10], s[11], out, s[12], s[13], trunc);
            }
        });
    }

    private LegacyCase nonsquareQ15() {
        int[] ax = axis(6, 4);
        int[] ay = axis(6, 4);
        int chIn = channels(2);
        int chOut = channels(2);
        int[] s = {ax[0], ay[0], chIn, chOut, ax[1], ay[1], ax[2], ay[2], ax[3], ay[3], between(0, 14),
            between(0, 24), ax[4], ay[4]};
        List<Object> arrays = List.of(q15s(ax[0] * ay[0] * chIn), q15s(chOut * ax[1] * ay[1] * chIn), q15s(chOut),
                outQ15(ax[4] * ay[4] * chOut));
        return new LegacyCase("conv_q15_fast_ns", s, arrays, (x, dsp, trunc) ->
                LegacyConvQ15.convolveHwcQ15FastNonsquare((short[]) x.get(0), s[0], s[1], s[2], (short[]) x.get(1),
                        s[3], s[4], s[5], s[6], s[7], s[8], s[9], (short[]) x.get(2), s[10], s[11],
                        (short[]) x.get(3), s[12], s[13], trunc));
    }

    // ---- fully connected -----------------------------------------------------------------------

    private LegacyCase fullyConnected(String f) {
        int dimVec = between(1, 40);
        int rows = between(1, 13);
        boolean q15 = f.startsWith("fc_q15");
        boolean mixed = f.startsWith("fc_mat");
        int[] s = {dimVec, rows, between(0, q15 ? 14 : 9), between(0, q15 || mixed ? 24 : 13)};
        List<Object> arrays = q15
                ? List.of(q15s(dimVec), q15s(dimVec * rows), q15s(rows), outQ15(rows))
                : mixed ? List.of(q15s(dimVec), q7s(dimVec * rows), q7s(rows), outQ15(rows))
                        : List.of(q7s(dimVec), q7s(dimVec * rows), q7s(rows), outQ7(rows));
        return new LegacyCase(f, s, arrays, (x, dsp, trunc) -> {
            switch (f) {
                case "fc_q7":
                    return LegacyFullyConnected.fullyConnectedQ7((byte[]) x.get(0), (byte[]) x.get(1), s[0], s[1],
                            s[2], s[3], (byte[]) x.get(2), (byte[]) x.get(3), trunc);
                case "fc_q7_opt":
                    return LegacyFullyConnected.fullyConnectedQ7Opt((byte[]) x.get(0), (byte[]) x.get(1), s[0], s[1],
                            s[2], s[3], (byte[]) x.get(2), (byte[]) x.get(3), trunc);
                case "fc_q15":
                    return LegacyFullyConnected.fullyConnectedQ15((short[]) x.get(0), (short[]) x.get(1), s[0],
                            s[1], s[2], s[3], (short[]) x.get(2), (short[]) x.get(3), trunc);
                case "fc_q15_opt":
                    return LegacyFullyConnected.fullyConnectedQ15Opt((short[]) x.get(0), (short[]) x.get(1), s[0],
                            s[1], s[2], s[3], (short[]) x.get(2), (short[]) x.get(3), trunc);
                case "fc_mat_q7_vec_q15":
                    return LegacyFullyConnected.fullyConnectedMatQ7VecQ15((short[]) x.get(0), (byte[]) x.get(1),
                            s[0], s[1], s[2], s[3], (byte[]) x.get(2), (short[]) x.get(3), trunc);
                default:
                    return LegacyFullyConnected.fullyConnectedMatQ7VecQ15Opt((short[]) x.get(0), (byte[]) x.get(1),
                            s[0], s[1], s[2], s[3], (byte[]) x.get(2), (short[]) x.get(3), trunc);
            }
        });
    }

    // ---- pooling, activations, softmax ----------------------------------------------------------

    /** {k, pad, stride} where the DSP pooling path differs from the plain one (or must not). */
    private static final int[][] POOL_SHAPES = {{3, 1, 1}, {2, 0, 2}, {3, 1, 2}, {3, 2, 2}, {4, 3, 2}, {5, 4, 3},
        {5, 3, 2}, {3, 0, 1}, {4, 2, 3}};

    private LegacyCase pool(String f) {
        int[] a = axis(9, 4);
        if (rnd.nextBoolean()) {
            int[] shape = POOL_SHAPES[rnd.nextInt(POOL_SHAPES.length)];
            int dimIn = between(Math.max(1, shape[0] - 2 * shape[1]), 10);
            a = new int[] {dimIn, shape[0], shape[1], shape[2], (dimIn + 2 * shape[1] - shape[0]) / shape[2] + 1};
        }
        int ch = between(1, 9);
        int[] s = {a[0], ch, a[1], a[2], a[3], a[4]};
        List<Object> arrays = List.of(q7s(a[0] * a[0] * ch), outQ7(a[4] * a[4] * ch));
        return new LegacyCase(f, s, arrays, (x, dsp, trunc) -> {
            if (f.equals("maxpool")) {
                LegacyPool.maxpoolQ7Hwc((byte[]) x.get(0), s[0], s[1], s[2], s[3], s[4], s[5], (byte[]) x.get(1), dsp);
            } else {
                LegacyPool.avepoolQ7Hwc((byte[]) x.get(0), s[0], s[1], s[2], s[3], s[4], s[5], (byte[]) x.get(1), dsp);
            }
            return 0;
        });
    }

    private List<LegacyCase> activations() {
        List<LegacyCase> out = new ArrayList<>();
        int n = between(1, 40);
        out.add(new LegacyCase("relu_q7", new int[] {n}, List.of(q7s(n)), (x, dsp, trunc) -> {
            LegacyActivations.reluQ7((byte[]) x.get(0), n);
            return 0;
        }));
        out.add(new LegacyCase("relu_q15", new int[] {n}, List.of(q15s(n)), (x, dsp, trunc) -> {
            LegacyActivations.reluQ15((short[]) x.get(0), n);
            return 0;
        }));
        int width = between(0, 3);
        int type = rnd.nextInt(2);
        LegacyActivations.Type t = type == 0 ? LegacyActivations.Type.SIGMOID : LegacyActivations.Type.TANH;
        byte[] b = q7s(64);
        short[] h = q15s(64);
        out.add(new LegacyCase("direct_q7", new int[] {64, width, type}, List.of(b), (x, dsp, trunc) -> {
            LegacyActivations.activationsDirectQ7((byte[]) x.get(0), 64, width, t);
            return 0;
        }));
        out.add(new LegacyCase("direct_q15", new int[] {64, width, type}, List.of(h), (x, dsp, trunc) -> {
            LegacyActivations.activationsDirectQ15((short[]) x.get(0), 64, width, t);
            return 0;
        }));
        return out;
    }

    private List<LegacyCase> softmax() {
        List<LegacyCase> out = new ArrayList<>();
        int n = between(1, 20);
        out.add(new LegacyCase("softmax_q7", new int[] {n}, List.of(q7s(n), outQ7(n)), (x, dsp, trunc) -> {
            LegacySoftmax.softmaxQ7((byte[]) x.get(0), n, (byte[]) x.get(1));
            return 0;
        }));
        int batches = between(1, 4);
        out.add(new LegacyCase("softmax_batch_q7", new int[] {n, batches}, List.of(q7s(n * batches),
                outQ7(n * batches)), (x, dsp, trunc) -> {
                    LegacySoftmax.softmaxWithBatchQ7((byte[]) x.get(0), batches, n, (byte[]) x.get(1));
                    return 0;
                }));
        out.add(new LegacyCase("softmax_q15", new int[] {n}, List.of(q15s(n), outQ15(n)), (x, dsp, trunc) -> {
            LegacySoftmax.softmaxQ15((short[]) x.get(0), n, (short[]) x.get(1));
            return 0;
        }));
        return out;
    }
}
