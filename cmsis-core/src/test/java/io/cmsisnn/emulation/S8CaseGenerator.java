package io.cmsisnn.emulation;

import io.cmsisnn.emulation.S8Case.Arr;
import io.cmsisnn.plan.NnBufferSizes;
import io.cmsisnn.plan.NnBufferSizes.Target;
import io.cmsisnn.quant.ElementwiseParams;
import io.cmsisnn.quant.NnTypes.Activation;
import io.cmsisnn.quant.NnTypes.Bias16;
import io.cmsisnn.quant.NnTypes.ChannelQuant;
import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.DwConvParams;
import io.cmsisnn.quant.NnTypes.FcParams;
import io.cmsisnn.quant.NnTypes.PoolParams;
import io.cmsisnn.quant.NnTypes.SoftmaxLut16;
import io.cmsisnn.quant.NnTypes.Tile;
import io.cmsisnn.quant.QuantizedMultiplier;
import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.quant.SoftmaxParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random calls of every s8/s16 kernel for {@code s8_driver.c}: small consistent shapes
 * (out = (in + 2 pad - dilation (k - 1) - 1) / stride + 1), dilation, groups, upscaling, batches,
 * NULL biases and buffers, zero multipliers, shifts from -31 to +4, and sometimes arguments a
 * kernel rejects (padding as large as a pool window, a 3x3 depthwise with padding 2, ...).
 */
final class S8CaseGenerator {
    private final Random rnd;

    S8CaseGenerator(long seed) {
        rnd = new Random(seed);
    }

    List<S8Case> cases(int perFunction) {
        List<S8Case> out = new ArrayList<>();
        for (int i = 0; i < perFunction; i++) {
            String[] kinds = {"gen", "1x1", "1xn"};
            out.add(conv("conv_wrapper_s8", kinds[rnd.nextInt(3)]));
            out.add(conv("conv_s8", "gen"));
            out.add(conv("conv_1x1_fast_s8", "1x1"));
            out.add(conv("conv_1x1_s8", "1x1"));
            out.add(conv("conv_1xn_s8", "1xn"));
            out.add(conv("conv_wrapper_s16", "gen"));
            out.add(conv("conv_s16", "gen"));
            for (String f : new String[] {"dw_wrapper_s8", "dw_s8", "dw_opt_s8", "dw_3x3_s8", "dw_wrapper_s16", "dw_s16",
                "dw_fast_s16"}) {
                out.add(depthwise(f));
            }
            for (String f : new String[] {"fc_s8", "fc_per_channel_s8", "fc_wrapper_s8", "fc_s16"}) {
                out.add(fullyConnected(f));
            }
            for (String f : new String[] {"max_pool_s8", "avgpool_s8", "max_pool_s16", "avgpool_s16"}) {
                out.add(pool(f));
            }
            out.add(softmaxS8("softmax_s8"));
            out.add(softmaxS8("softmax_s8_s16"));
            out.add(softmaxS16());
            for (String f : new String[] {"add_s8", "add_s16", "mul_s8", "mul_s16"}) {
                out.add(elementwise(f));
            }
            out.addAll(misc());
            out.addAll(bufferSizes());
        }
        out.addAll(rejectedCalls());
        return out;
    }

    /** Kernels with argument checks, and how to make a call of each. */
    private static final String[] CHECKING = {"conv_s8", "conv_1x1_fast_s8", "conv_1x1_s8", "conv_1xn_s8", "conv_s16",
        "dw_opt_s8", "dw_3x3_s8", "dw_fast_s16", "max_pool_s8", "avgpool_s8", "max_pool_s16", "avgpool_s16",
        "softmax_s16", "transpose_s8"};

    /** One call per checking kernel that it rejects: the first random call whose emulation fails. */
    private List<S8Case> rejectedCalls() {
        List<S8Case> out = new ArrayList<>();
        for (String f : CHECKING) {
            for (int attempt = 0; attempt < 1000; attempt++) {
                S8Case c = one(f);
                if (c.emulation.run(c.copyArrays(), RoundingMode.DEFAULT) < 0) {
                    out.add(c);
                    break;
                }
            }
        }
        return out;
    }

    private S8Case one(String f) {
        if (f.startsWith("conv_")) {
            return conv(f, f.contains("1x1") ? "1x1" : f.contains("1xn") ? "1xn" : "gen");
        }
        if (f.startsWith("dw_")) {
            return depthwise(f);
        }
        if (f.contains("pool")) {
            return pool(f);
        }
        if (f.equals("softmax_s16")) {
            return softmaxS16();
        }
        return transpose();
    }

    // ---- values ---------------------------------------------------------------------------------

    private int between(int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }

    private byte[] s8s(int n) {
        int range = rnd.nextInt(5) == 0 ? 16 : 256; // sometimes small values, so sums stay small
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (rnd.nextInt(range) - range / 2);
        }
        return b;
    }

    private short[] s16s(int n) {
        int bits = new int[] {8, 12, 16}[rnd.nextInt(3)];
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (rnd.nextInt(1 << bits) - (1 << (bits - 1)));
        }
        return s;
    }

    private int[] s32s(int n, int range) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(2 * range) - range;
        }
        return v;
    }

    /** TFLM-like multipliers in [2^30, 2^31), some 0; shifts around what keeps outputs in range. */
    private int[][] multipliers(int n, int taps, boolean s16) {
        int[] m = new int[n];
        int[] s = new int[n];
        int base = -(6 + (int) (Math.log(Math.max(taps, 1)) / Math.log(2) / 2));
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(12) == 0) {
                continue; // an all-zero weight channel: multiplier 0, shift 0
            }
            m[i] = (1 << 30) + rnd.nextInt(1 << 30);
            int r = rnd.nextInt(20);
            int sh = r == 0 ? between(-31, -21) : r == 1 ? between(1, 4) : base + between(-3, 3);
            s[i] = Math.max(-31, Math.min(s16 ? 7 : 30, sh));
        }
        return new int[][] {m, s};
    }

    private int[] activation(boolean s16) {
        int lo = s16 ? -32768 : -128;
        int hi = s16 ? 32767 : 127;
        if (rnd.nextBoolean()) {
            return new int[] {lo, hi};
        }
        int a = between(lo, hi);
        int b = between(lo, hi);
        return new int[] {Math.min(a, b), Math.max(a, b)};
    }

    /** {in, k, pad, stride, dilation, out} of one spatial axis with at least one output. */
    private int[] axis(int maxIn, int maxK, boolean dilate) {
        while (true) {
            int in = between(1, maxIn);
            int k = between(1, maxK);
            int d = dilate && rnd.nextInt(3) == 0 ? 2 : 1;
            int p = rnd.nextInt(k);
            int s = between(1, 3);
            int eff = d * (k - 1) + 1;
            if (in + 2 * p >= eff) {
                return new int[] {in, k, p, s, d, (in + 2 * p - eff) / s + 1};
            }
        }
    }

    private static ConvParams convParams(long[] s) {
        return new ConvParams((int) s[13], (int) s[14], new Tile((int) s[16], (int) s[17]),
                new Tile((int) s[18], (int) s[19]), new Tile((int) s[20], (int) s[21]),
                new Activation((int) s[22], (int) s[23]));
    }

    private static DwConvParams dwParams(long[] s) {
        return new DwConvParams((int) s[13], (int) s[14], (int) s[15], new Tile((int) s[16], (int) s[17]),
                new Tile((int) s[18], (int) s[19]), new Tile((int) s[20], (int) s[21]),
                new Activation((int) s[22], (int) s[23]));
    }

    private static Dims dims(long[] s, int k) {
        return new Dims((int) s[k], (int) s[k + 1], (int) s[k + 2], (int) s[k + 3]);
    }

    private static Context context(long[] s) {
        return s[0] != 0 ? Context.ofSize(1 << 18) : Context.NONE;
    }

    // ---- convolution and depthwise ----------------------------------------------------------------

    private S8Case conv(String f, String kind) {
        boolean s16 = f.endsWith("s16");
        int n = rnd.nextInt(3) == 0 ? 2 : 1;
        int c;
        int groups = 1;
        int upH = 0;
        int upW = 0;
        int[] y;
        int[] x;
        int dataH;
        int dataW;
        if (kind.equals("1x1")) {
            boolean fast = f.equals("conv_1x1_fast_s8");
            int pad = rnd.nextInt(10) == 0 ? 1 : 0;
            int sh = fast ? (rnd.nextInt(10) == 0 ? 2 : 1) : between(1, 2);
            int sw = fast ? 1 : between(1, 2);
            int h = between(1, 5);
            int w = between(1, 5);
            y = new int[] {h, 1, pad, sh, 1, (h + 2 * pad - 1) / sh + 1};
            x = new int[] {w, 1, pad, sw, 1, (w + 2 * pad - 1) / sw + 1};
            c = between(1, 8);
        } else if (kind.equals("1xn")) {
            x = axis(9, 4, rnd.nextInt(10) == 0);
            y = new int[] {1, 1, 0, 1, 1, 1};
            c = new int[] {4, 8, 2, 1, between(1, 8)}[rnd.nextInt(5)];
        } else {
            y = axis(7, 4, true);
            x = axis(7, 4, true);
            c = between(1, 8);
            if (f.equals("conv_s8") && rnd.nextInt(3) == 0) {
                int g = new int[] {1, 2, 3, 4}[rnd.nextInt(4)];
                groups = c % g == 0 ? g : 1;
            }
            if (f.equals("conv_s8") && groups == 1 && rnd.nextInt(5) == 0) {
                upH = rnd.nextBoolean() ? 2 : 1;
                upW = upH == 1 ? 2 : (rnd.nextBoolean() ? 2 : 1);
                int bigH = y[0] * upH;
                int bigW = x[0] * upW;
                y[4] = 1;
                x[4] = 1;
                if (bigH + 2 * y[2] < y[1] || bigW + 2 * x[2] < x[1]) {
                    upH = 0;
                    upW = 0;
                    y = axis(7, 4, false);
                    x = axis(7, 4, false);
                } else {
                    y[5] = (bigH + 2 * y[2] - y[1]) / y[3] + 1;
                    x[5] = (bigW + 2 * x[2] - x[1]) / x[3] + 1;
                }
            }
        }
        dataH = y[0];
        dataW = x[0];
        int inH = upH == 2 ? 2 * dataH : dataH;
        int inW = upW == 2 ? 2 * dataW : dataW;
        int kc = c / groups;
        int oc = groups * between(1, groups > 1 ? 4 : 8);
        int taps = y[1] * x[1] * kc;
        int[][] q = multipliers(oc, taps, s16);
        int[] act = activation(s16);
        boolean int32Bias = s16 && rnd.nextInt(5) < 2;
        long[] s = {rnd.nextInt(8) == 0 ? 0 : 1, n, inH, inW, c, oc, y[1], x[1], kc, n, y[5], x[5], oc,
            s16 ? 0 : between(-127, 128), s16 ? 0 : between(-128, 127), 1, x[3], y[3], x[2], y[2], x[4], y[4], act[0],
            act[1], upH, upW, int32Bias ? 1 : 0};
        int inLen = n * dataH * dataW * c;
        int outLen = n * y[5] * x[5] * oc;
        boolean noBias = rnd.nextInt(7) == 0 && groups == 1; // upstream mishandles NULL with groups
        Arr bias;
        if (s16 && !int32Bias) {
            long[] b = new long[oc];
            for (int i = 0; i < oc; i++) {
                b[i] = rnd.nextInt(1 << 21) - (1 << 20);
            }
            bias = new Arr(64, noBias ? null : b);
        } else {
            bias = new Arr(32, noBias ? null : s32s(oc, s16 ? 1 << 20 : 20000));
        }
        List<Arr> arrays = List.of(s16 ? new Arr(16, s16s(inLen)) : new Arr(8, s8s(inLen)), new Arr(8, s8s(oc * taps)),
                bias, new Arr(32, q[0]), new Arr(32, q[1]), s16 ? new Arr(16, s16s(outLen)) : new Arr(8, s8s(outLen)));
        return new S8Case(f, s, arrays, (a, mode) -> {
            Context ctx = context(s);
            ConvParams p = convParams(s);
            ChannelQuant cq = new ChannelQuant((int[]) a.get(3).data(), (int[]) a.get(4).data());
            Dims in = dims(s, 1);
            Dims fd = dims(s, 5);
            Dims od = dims(s, 9);
            if (s16) {
                Bias16 b16 = s[26] != 0 ? Bias16.int32((int[]) a.get(2).data()) : Bias16.int64((long[]) a.get(2).data());
                short[] input = (short[]) a.get(0).data();
                short[] output = (short[]) a.get(5).data();
                return (f.equals("conv_s16")
                        ? S16Conv.convolve(ctx, p, cq, in, input, fd, (byte[]) a.get(1).data(), b16, od, output, mode)
                        : S16Conv.convolveWrapper(ctx, p, cq, in, input, fd, (byte[]) a.get(1).data(), b16, od, output,
                                mode)).code();
            }
            byte[] input = (byte[]) a.get(0).data();
            byte[] filter = (byte[]) a.get(1).data();
            int[] b = (int[]) a.get(2).data();
            byte[] output = (byte[]) a.get(5).data();
            switch (f) {
                case "conv_wrapper_s8":
                    return S8Conv.convolveWrapper(ctx, p, cq, in, input, fd, filter, b, od, output, mode).code();
                case "conv_s8":
                    Dims up = s[24] == 0 && s[25] == 0 ? null : new Dims(1, (int) s[24], (int) s[25], 1);
                    return S8Conv.convolve(ctx, p, cq, in, input, fd, filter, b, up, od, output, mode).code();
                case "conv_1x1_fast_s8":
                    return S8Conv.convolve1x1Fast(ctx, p, cq, in, input, fd, filter, b, od, output, mode).code();
                case "conv_1x1_s8":
                    return S8Conv.convolve1x1(ctx, p, cq, in, input, fd, filter, b, od, output, mode).code();
                default:
                    return S8Conv.convolve1xN(ctx, p, cq, in, input, fd, filter, b, od, output, mode).code();
            }
        });
    }

    private S8Case depthwise(String f) {
        boolean s16 = f.endsWith("s16");
        int n = rnd.nextInt(3) == 0 ? 2 : 1;
        int[] y;
        int[] x;
        int mult;
        if (f.equals("dw_3x3_s8") || (f.equals("dw_wrapper_s8") && rnd.nextInt(3) == 0)) {
            n = 1;
            mult = 1;
            int ph = between(0, 1);
            int pw = f.equals("dw_3x3_s8") ? between(0, 2) : between(0, 1);
            int sh = between(1, 2);
            int sw = between(1, 2);
            int h = between(Math.max(1, 3 - 2 * ph), 6);
            int w = between(Math.max(1, 3 - 2 * pw), 6);
            y = new int[] {h, 3, ph, sh, 1, (h + 2 * ph - 3) / sh + 1};
            x = new int[] {w, 3, pw, sw, 1, (w + 2 * pw - 3) / sw + 1};
        } else {
            boolean opt = f.equals("dw_opt_s8");
            y = axis(7, 4, !opt);
            x = axis(7, 4, !opt);
            mult = new int[] {1, 1, 2, 3, 4, 8}[rnd.nextInt(6)];
            if (opt || f.equals("dw_fast_s16")) {
                mult = rnd.nextInt(10) == 0 ? 2 : 1; // 2 is an argument error for these
                n = opt ? 1 : n;
            }
        }
        int c = between(1, 6);
        int oc = c * mult;
        int taps = y[1] * x[1];
        int[][] q = multipliers(oc, taps, s16);
        int[] act = activation(s16);
        long[] s = {rnd.nextInt(20) == 0 ? 0 : 1, n, y[0], x[0], c, 1, y[1], x[1], oc, n, y[5], x[5], oc,
            s16 ? 0 : between(-127, 128), s16 ? 0 : between(-128, 127), mult, x[3], y[3], x[2], y[2], x[4], y[4],
            act[0], act[1], 0, 0, 0};
        int inLen = n * y[0] * x[0] * c;
        int outLen = n * y[5] * x[5] * oc;
        boolean noBias = rnd.nextInt(7) == 0;
        Arr bias;
        if (s16) {
            long[] b = new long[oc];
            for (int i = 0; i < oc; i++) {
                b[i] = rnd.nextInt(40000) - 20000;
            }
            bias = new Arr(64, noBias ? null : b);
        } else {
            bias = new Arr(32, noBias ? null : s32s(oc, 20000));
        }
        List<Arr> arrays = List.of(s16 ? new Arr(16, s16s(inLen)) : new Arr(8, s8s(inLen)), new Arr(8, s8s(taps * oc)),
                bias, new Arr(32, q[0]), new Arr(32, q[1]), s16 ? new Arr(16, s16s(outLen)) : new Arr(8, s8s(outLen)));
        return new S8Case(f, s, arrays, (a, mode) -> {
            Context ctx = context(s);
            DwConvParams p = dwParams(s);
            ChannelQuant cq = new ChannelQuant((int[]) a.get(3).data(), (int[]) a.get(4).data());
            Dims in = dims(s, 1);
            Dims fd = dims(s, 5);
            Dims od = dims(s, 9);
            byte[] filter = (byte[]) a.get(1).data();
            if (s16) {
                short[] input = (short[]) a.get(0).data();
                long[] b = (long[]) a.get(2).data();
                short[] output = (short[]) a.get(5).data();
                switch (f) {
                    case "dw_wrapper_s16":
                        return S16Depthwise.depthwiseWrapper(ctx, p, cq, in, input, fd, filter, b, od, output).code();
                    case "dw_s16":
                        return S16Depthwise.depthwise(ctx, p, cq, in, input, fd, filter, b, od, output).code();
                    default:
                        return S16Depthwise.depthwiseFast(ctx, p, cq, in, input, fd, filter, b, od, output).code();
                }
            }
            byte[] input = (byte[]) a.get(0).data();
            int[] b = (int[]) a.get(2).data();
            byte[] output = (byte[]) a.get(5).data();
            switch (f) {
                case "dw_wrapper_s8":
                    return S8Depthwise.depthwiseWrapper(ctx, p, cq, in, input, fd, filter, b, od, output, mode).code();
                case "dw_s8":
                    return S8Depthwise.depthwise(ctx, p, cq, in, input, fd, filter, b, od, output, mode).code();
                case "dw_opt_s8":
                    return S8Depthwise.depthwiseOpt(ctx, p, cq, in, input, fd, filter, b, od, output, mode).code();
                default:
                    return S8Depthwise.depthwise3x3(ctx, p, cq, in, input, fd, filter, b, od, output, mode).code();
            }
        });
    }

    // ---- fully connected, pooling -------------------------------------------------------------------

    private S8Case fullyConnected(String f) {
        boolean s16 = f.equals("fc_s16");
        int n = between(1, 3);
        int depth = between(1, 40);
        int outs = between(1, 10);
        boolean perChannel = f.equals("fc_per_channel_s8") || (f.equals("fc_wrapper_s8") && rnd.nextBoolean());
        int[][] q = multipliers(outs, depth, s16);
        int[] act = activation(s16);
        int filterOffset = s16 || rnd.nextBoolean() ? 0 : between(-127, 128);
        long[] s = {1, n, 1, 1, depth, depth, 1, 1, outs, n, 1, 1, outs, s16 ? 0 : between(-127, 128), filterOffset,
            s16 ? 0 : between(-128, 127), act[0], act[1], perChannel ? 1 : 0};
        boolean noBias = rnd.nextInt(7) == 0;
        Arr bias;
        if (s16) {
            long[] b = new long[outs];
            for (int i = 0; i < outs; i++) {
                b[i] = rnd.nextInt(40000) - 20000;
            }
            bias = new Arr(64, noBias ? null : b);
        } else {
            bias = new Arr(32, noBias ? null : s32s(outs, 20000));
        }
        List<Arr> arrays = List.of(s16 ? new Arr(16, s16s(n * depth)) : new Arr(8, s8s(n * depth)),
                new Arr(8, s8s(depth * outs)), bias, new Arr(32, q[0]), new Arr(32, q[1]),
                s16 ? new Arr(16, s16s(n * outs)) : new Arr(8, s8s(n * outs)));
        return new S8Case(f, s, arrays, (a, mode) -> {
            Context ctx = context(s);
            FcParams p = new FcParams((int) s[13], (int) s[14], (int) s[15], new Activation((int) s[16], (int) s[17]));
            int[] m = (int[]) a.get(3).data();
            int[] sh = (int[]) a.get(4).data();
            Dims in = dims(s, 1);
            Dims fd = dims(s, 5);
            Dims od = dims(s, 9);
            byte[] filter = (byte[]) a.get(1).data();
            if (s16) {
                return S8FullyConnected.fullyConnectedS16(ctx, p, m[0], sh[0], in, (short[]) a.get(0).data(), fd, filter,
                        (long[]) a.get(2).data(), od, (short[]) a.get(5).data()).code();
            }
            byte[] input = (byte[]) a.get(0).data();
            int[] b = (int[]) a.get(2).data();
            byte[] output = (byte[]) a.get(5).data();
            switch (f) {
                case "fc_s8":
                    return S8FullyConnected.fullyConnected(ctx, p, m[0], sh[0], in, input, fd, filter, b, od, output, mode)
                            .code();
                case "fc_per_channel_s8":
                    return S8FullyConnected.fullyConnectedPerChannel(ctx, p, new ChannelQuant(m, sh), in, input, fd,
                            filter, b, od, output, mode).code();
                default:
                    return S8FullyConnected.fullyConnectedWrapper(ctx, p, new ChannelQuant(m, sh), s[18] != 0, in, input,
                            fd, filter, b, od, output, mode).code();
            }
        });
    }

    private S8Case pool(String f) {
        boolean s16 = f.endsWith("s16");
        int n = rnd.nextInt(20) == 0 ? 0 : (rnd.nextInt(3) == 0 ? 2 : 1);
        int[] y = axis(7, 4, false);
        int[] x = axis(7, 4, false);
        if (rnd.nextInt(10) == 0) { // padding as large as the window: corner windows are empty
            y[2] = y[1];
            y[5] = (y[0] + 2 * y[2] - y[1]) / y[3] + 1;
        }
        int c = between(1, 6);
        int[] act = activation(s16);
        long[] s = {1, n, y[0], x[0], c, 1, y[1], x[1], 1, n, y[5], x[5], c, x[3], y[3], x[2], y[2], act[0], act[1]};
        int inLen = n * y[0] * x[0] * c;
        int outLen = Math.max(n, 1) * y[5] * x[5] * c;
        List<Arr> arrays = List.of(s16 ? new Arr(16, s16s(inLen)) : new Arr(8, s8s(inLen)),
                s16 ? new Arr(16, s16s(outLen)) : new Arr(8, s8s(outLen)));
        return new S8Case(f, s, arrays, (a, mode) -> {
            Context ctx = context(s);
            PoolParams p = new PoolParams(new Tile((int) s[13], (int) s[14]), new Tile((int) s[15], (int) s[16]),
                    new Activation((int) s[17], (int) s[18]));
            Dims in = dims(s, 1);
            Dims fd = dims(s, 5);
            Dims od = dims(s, 9);
            switch (f) {
                case "max_pool_s8":
                    return S8Pool.maxPoolS8(ctx, p, in, (byte[]) a.get(0).data(), fd, od, (byte[]) a.get(1).data()).code();
                case "avgpool_s8":
                    return S8Pool.avgPoolS8(ctx, p, in, (byte[]) a.get(0).data(), fd, od, (byte[]) a.get(1).data()).code();
                case "max_pool_s16":
                    return S8Pool.maxPoolS16(ctx, p, in, (short[]) a.get(0).data(), fd, od, (short[]) a.get(1).data())
                            .code();
                default:
                    return S8Pool.avgPoolS16(ctx, p, in, (short[]) a.get(0).data(), fd, od, (short[]) a.get(1).data())
                            .code();
            }
        });
    }

    // ---- softmax, elementwise -----------------------------------------------------------------------

    private S8Case softmaxS8(String f) {
        int rows = between(1, 3);
        int size = between(1, 20);
        double beta = new double[] {1.0, 0.5, 2.0}[rnd.nextInt(3)];
        float scale = 0.01f + rnd.nextFloat() * 0.3f;
        SoftmaxParams sp = SoftmaxParams.int8(beta, scale, false);
        long[] s = {rows, size, sp.multiplier(), sp.shift(), sp.diffMin()};
        boolean wide = f.equals("softmax_s8_s16");
        List<Arr> arrays = List.of(new Arr(8, s8s(rows * size)),
                wide ? new Arr(16, s16s(rows * size)) : new Arr(8, s8s(rows * size)));
        return new S8Case(f, s, arrays, (a, mode) -> {
            byte[] in = (byte[]) a.get(0).data();
            if (wide) {
                S8Softmax.softmaxS8S16(in, rows, size, sp.multiplier(), sp.shift(), sp.diffMin(), (short[]) a.get(1).data());
            } else {
                S8Softmax.softmaxS8(in, rows, size, sp.multiplier(), sp.shift(), sp.diffMin(), (byte[]) a.get(1).data());
            }
            return 0;
        });
    }

    /** Tables shaped like TFLM's: exp on [-10, 0] and 1 / (1 + x) on [0, 1], 513 entries, positive. */
    private S8Case softmaxS16() {
        int rows = between(1, 3);
        int size = between(1, 20);
        double inputScale = new double[] {1.0 / 4096, 1.0 / 1024, 1.0 / 256, 1.0 / 32768}[rnd.nextInt(4)]
                * (0.5 + 1.5 * rnd.nextDouble());
        QuantizedMultiplier m = QuantizedMultiplier.of(inputScale / (10.0 / 65535.0));
        short[] exp = new short[513];
        short[] inv = new short[513];
        for (int i = 0; i < 513; i++) {
            exp[i] = (short) Math.round(32767 * Math.exp(-10 + 10 * i / 512.0));
            inv[i] = (short) Math.round(32767 / (1 + i / 512.0));
        }
        boolean missing = rnd.nextInt(20) == 0;
        long[] s = {rows, size, m.multiplier(), m.shift()};
        List<Arr> arrays = List.of(new Arr(16, s16s(rows * size)), new Arr(16, missing ? null : exp), new Arr(16, inv),
                new Arr(16, s16s(rows * size)));
        return new S8Case("softmax_s16", s, arrays, (a, mode) -> S8Softmax.softmaxS16((short[]) a.get(0).data(), rows,
                size, m.multiplier(), m.shift(),
                new SoftmaxLut16((short[]) a.get(1).data(), (short[]) a.get(2).data()), (short[]) a.get(3).data(), mode)
                .code());
    }

    private S8Case elementwise(String f) {
        int size = between(1, 29);
        boolean s16 = f.endsWith("s16");
        float s1 = 0.001f + rnd.nextFloat() * 0.1f;
        float s2 = 0.001f + rnd.nextFloat() * 0.1f;
        float so = 0.001f + rnd.nextFloat() * 0.2f;
        int[] act = activation(s16);
        long[] s;
        if (f.startsWith("add")) {
            ElementwiseParams ep = ElementwiseParams.add(s1, s2, so, s16);
            s = new long[] {s16 ? 0 : between(-127, 128), ep.input1().multiplier(), ep.input1().shift(),
                s16 ? 0 : between(-127, 128), ep.input2().multiplier(), ep.input2().shift(), ep.leftShift(),
                s16 ? 0 : between(-128, 127), ep.output().multiplier(), ep.output().shift(), act[0], act[1], size};
        } else {
            QuantizedMultiplier m = ElementwiseParams.mul(s1, s2, s16 ? so * 64 : so, false);
            s = new long[] {s16 ? 0 : between(-127, 128), s16 ? 0 : between(-127, 128), s16 ? 0 : between(-128, 127),
                m.multiplier(), m.shift(), act[0], act[1], size};
        }
        List<Arr> arrays = s16 ? List.of(new Arr(16, s16s(size)), new Arr(16, s16s(size)), new Arr(16, s16s(size)))
                : List.of(new Arr(8, s8s(size)), new Arr(8, s8s(size)), new Arr(8, s8s(size)));
        return new S8Case(f, s, arrays, (a, mode) -> {
            int[] v = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                v[i] = (int) s[i];
            }
            switch (f) {
                case "add_s8":
                    return S8Elementwise.addS8((byte[]) a.get(0).data(), (byte[]) a.get(1).data(), v[0], v[1], v[2], v[3],
                            v[4], v[5], v[6], (byte[]) a.get(2).data(), v[7], v[8], v[9], v[10], v[11], v[12], mode)
                            .code();
                case "add_s16":
                    return S8Elementwise.addS16((short[]) a.get(0).data(), (short[]) a.get(1).data(), v[1], v[2], v[4],
                            v[5], v[6], (short[]) a.get(2).data(), v[8], v[9], v[10], v[11], v[12], mode).code();
                case "mul_s8":
                    return S8Elementwise.mulS8((byte[]) a.get(0).data(), (byte[]) a.get(1).data(), v[0], v[1],
                            (byte[]) a.get(2).data(), v[2], v[3], v[4], v[5], v[6], v[7], mode).code();
                default:
                    return S8Elementwise.mulS16((short[]) a.get(0).data(), (short[]) a.get(1).data(),
                            (short[]) a.get(2).data(), v[3], v[4], v[5], v[6], v[7], mode).code();
            }
        });
    }

    // ---- activations, data movement, vector sums --------------------------------------------------------

    private List<S8Case> misc() {
        List<S8Case> out = new ArrayList<>();
        int size = between(1, 39);
        out.add(new S8Case("relu6_s8", new long[] {size}, List.of(new Arr(8, s8s(size))), (a, mode) -> {
            S8Elementwise.relu6S8((byte[]) a.get(0).data(), size);
            return 0;
        }));
        out.add(new S8Case("reshape_s8", new long[] {size}, List.of(new Arr(8, s8s(size)), new Arr(8, s8s(size))),
                (a, mode) -> {
                    S8DataMovement.reshape((byte[]) a.get(0).data(), (byte[]) a.get(1).data(), size);
                    return 0;
                }));
        out.addAll(concatenations());
        out.add(pad());
        out.add(transpose());
        out.addAll(vectorSums());
        return out;
    }

    private List<S8Case> concatenations() {
        List<S8Case> out = new ArrayList<>();
        int[] d = {between(1, 4), between(1, 4), between(1, 4), between(1, 4)};
        int extra = between(0, 3);
        int offset = between(0, extra);
        String axes = "xyzw";
        for (int k = 0; k < 4; k++) {
            int[] full = d.clone();
            full[k] += extra;
            int axis = k;
            long[] s = {d[0], d[1], d[2], d[3], axis == 3 ? 0 : full[k], offset};
            out.add(new S8Case("concat_" + axes.charAt(k), s,
                    List.of(new Arr(8, s8s(d[0] * d[1] * d[2] * d[3])), new Arr(8, s8s(full[0] * full[1] * full[2] * full[3]))),
                    (a, mode) -> {
                        byte[] in = (byte[]) a.get(0).data();
                        byte[] o = (byte[]) a.get(1).data();
                        switch (axis) {
                            case 0:
                                S8DataMovement.concatenationX(in, d[0], d[1], d[2], d[3], o, (int) s[4], offset);
                                break;
                            case 1:
                                S8DataMovement.concatenationY(in, d[0], d[1], d[2], d[3], o, (int) s[4], offset);
                                break;
                            case 2:
                                S8DataMovement.concatenationZ(in, d[0], d[1], d[2], d[3], o, (int) s[4], offset);
                                break;
                            default:
                                S8DataMovement.concatenationW(in, d[0], d[1], d[2], d[3], o, offset);
                                break;
                        }
                        return 0;
                    }));
        }
        return out;
    }

    private S8Case pad() {
        int[] in = {between(1, 3), between(1, 3), between(1, 3), between(1, 3)};
        int[] pre = {between(0, 2), between(0, 2), between(0, 2), between(0, 2)};
        int[] post = {between(0, 2), between(0, 2), between(0, 2), between(0, 2)};
        if (rnd.nextInt(3) == 0) {
            pre[3] = 0;
            post[3] = 0; // upstream copies whole rows then
        }
        int value = between(-128, 127);
        int outLen = 1;
        for (int i = 0; i < 4; i++) {
            outLen *= pre[i] + in[i] + post[i];
        }
        long[] s = {value, in[0], in[1], in[2], in[3], pre[0], pre[1], pre[2], pre[3], post[0], post[1], post[2], post[3]};
        return new S8Case("pad_s8", s, List.of(new Arr(8, s8s(in[0] * in[1] * in[2] * in[3])), new Arr(8, s8s(outLen))),
                (a, mode) -> S8DataMovement.pad((byte[]) a.get(0).data(), (byte[]) a.get(1).data(), (byte) value,
                        new Dims(in[0], in[1], in[2], in[3]), new Dims(pre[0], pre[1], pre[2], pre[3]),
                        new Dims(post[0], post[1], post[2], post[3])).code());
    }

    private S8Case transpose() {
        int numDims = between(1, 4);
        int[] in = {between(1, 3), between(1, 3), between(1, 3), between(1, 3)};
        int[] perm = {0, 0, 0, 0};
        int[] out;
        int total;
        if (numDims == 1) {
            out = in.clone();
            total = in[0];
        } else if (numDims == 2) {
            perm[0] = 1;
            out = new int[] {in[1], in[0], 1, 1};
            total = in[0] * in[1];
        } else {
            int[] p = shuffled(numDims);
            System.arraycopy(p, 0, perm, 0, numDims);
            out = new int[] {1, 1, 1, 1};
            total = 1;
            for (int k = 0; k < numDims; k++) {
                out[k] = in[p[k]];
                total *= in[k];
            }
            if (rnd.nextInt(10) == 0) {
                perm[numDims - 2] = numDims + 2; // out of range: an argument error
            }
        }
        long[] s = {in[0], in[1], in[2], in[3], out[0], out[1], out[2], out[3], numDims, perm[0], perm[1], perm[2],
            perm[3]};
        return new S8Case("transpose_s8", s, List.of(new Arr(8, s8s(total)), new Arr(8, s8s(total))),
                (a, mode) -> S8DataMovement.transpose((byte[]) a.get(0).data(), (byte[]) a.get(1).data(),
                        new Dims(in[0], in[1], in[2], in[3]), new Dims(out[0], out[1], out[2], out[3]), numDims, perm)
                        .code());
    }

    private int[] shuffled(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private List<S8Case> vectorSums() {
        int cols = between(1, 30);
        int rows = between(1, 8);
        int lhs = rnd.nextInt(5) == 0 ? 0 : between(-127, 128);
        int rhs = between(-127, 128);
        byte[] w = s8s(cols * rows);
        int[] bias = rnd.nextInt(5) == 0 ? null : s32s(rows, 20000);
        long[] bias64 = null;
        if (rnd.nextInt(5) != 0) {
            bias64 = new long[rows];
            for (int i = 0; i < rows; i++) {
                bias64[i] = rnd.nextLong() >> 24;
            }
        }
        long[] b64 = bias64;
        long[] zeros = new long[rows];
        return List.of(
                new S8Case("vector_sum_s8", new long[] {cols, rows, lhs, rhs},
                        List.of(new Arr(8, w), new Arr(32, bias), new Arr(32, s32s(rows, 99))), (a, mode) -> {
                            int[] r = S8FullyConnected.vectorSum(cols, rows, (byte[]) a.get(0).data(), lhs, rhs,
                                    (int[]) a.get(1).data());
                            System.arraycopy(r, 0, (int[]) a.get(2).data(), 0, rows);
                            return 0;
                        }),
                new S8Case("vector_sum_s8_s64", new long[] {cols, rows, lhs},
                        List.of(new Arr(8, w.clone()), new Arr(64, b64), new Arr(64, zeros)), (a, mode) -> {
                            long[] r = S8FullyConnected.vectorSumS64(cols, rows, (byte[]) a.get(0).data(), lhs,
                                    (long[]) a.get(1).data());
                            System.arraycopy(r, 0, (long[]) a.get(2).data(), 0, rows);
                            return 0;
                        }));
    }

    // ---- buffer sizes ---------------------------------------------------------------------------------

    private List<S8Case> bufferSizes() {
        List<S8Case> out = new ArrayList<>();
        String[] names = {"bs_conv_wrapper_s8", "bs_conv_wrapper_s16", "bs_dw_wrapper_s8", "bs_dw_wrapper_s16", "bs_fc_s8",
            "bs_avgpool_s8"};
        for (String f : names) {
            for (int variant = 0; variant < 3; variant++) {
                out.add(bufferSize(f, variant));
            }
        }
        return out;
    }

    /** Shapes that hit each kernel choice: 1x1, 1xN, 3x3, one-channel depthwise, the rest. */
    private S8Case bufferSize(String f, int variant) {
        boolean dw = f.startsWith("bs_dw");
        int[] y = axis(9, 4, true);
        int[] x = axis(9, 4, true);
        int r = rnd.nextInt(8);
        if (r < 2) {
            y = new int[] {y[0], 1, 0, y[3], 1, (y[0] - 1) / y[3] + 1};
            x = new int[] {x[0], 1, 0, x[3], 1, (x[0] - 1) / x[3] + 1};
        } else if (r < 4) {
            y = new int[] {1, 1, 0, 1, 1, 1};
        } else if (r < 6) {
            int ph = between(0, 1);
            int pw = between(0, 1);
            int h = Math.max(y[0], 3);
            int w = Math.max(x[0], 3);
            y = new int[] {h, 3, ph, y[3], 1, (h + 2 * ph - 3) / y[3] + 1};
            x = new int[] {w, 3, pw, x[3], 1, (w + 2 * pw - 3) / x[3] + 1};
        }
        int c = new int[] {1, 2, 3, 4, 8, 12}[rnd.nextInt(6)];
        int mult = rnd.nextInt(3) == 0 ? 2 : 1;
        int oc = dw ? c * mult : between(1, 8);
        if (dw && rnd.nextInt(3) == 0) {
            c = 1;
            oc = new int[] {1, 2, 8, 16}[rnd.nextInt(4)];
            mult = oc;
        }
        int n = rnd.nextInt(5) == 0 ? 2 : 1;
        long[] s = {variant, n, y[0], x[0], c, dw ? 1 : oc, y[1], x[1], dw ? oc : c, n, y[5], x[5], oc, 0, 0, mult, x[3],
            y[3], x[2], y[2], x[4], y[4], -128, 127, 0, 0, 0};
        Target target = Target.values()[variant];
        return new S8Case(f, s, List.of(), (a, mode) -> {
            Dims in = dims(s, 1);
            Dims fd = dims(s, 5);
            Dims od = dims(s, 9);
            switch (f) {
                case "bs_conv_wrapper_s8":
                    return NnBufferSizes.convolveWrapperS8(target, convParams(s), in, fd, od);
                case "bs_conv_wrapper_s16":
                    return NnBufferSizes.convolveWrapperS16(target, in, fd);
                case "bs_dw_wrapper_s8":
                    return NnBufferSizes.depthwiseWrapperS8(target, dwParams(s), in, fd, od);
                case "bs_dw_wrapper_s16":
                    return NnBufferSizes.depthwiseWrapperS16(target, dwParams(s), in, fd);
                case "bs_fc_s8":
                    return NnBufferSizes.fullyConnectedS8(target, fd);
                default:
                    return NnBufferSizes.avgPool(target, od.w(), in.c());
            }
        });
    }
}
