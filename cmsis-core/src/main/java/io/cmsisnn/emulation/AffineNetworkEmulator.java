package io.cmsisnn.emulation;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.plan.AffineScratch;
import io.cmsisnn.quant.AffineLayer;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineQuant;
import io.cmsisnn.quant.AffineStep;
import io.cmsisnn.quant.NnTypes;
import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.DwConvParams;
import io.cmsisnn.quant.NnTypes.FcParams;
import io.cmsisnn.quant.NnTypes.PoolParams;
import io.cmsisnn.quant.NnTypes.Status;
import io.cmsisnn.quant.QuantizedMultiplier;
import io.cmsisnn.quant.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link AffineNetwork} step by step with the bit-exact Java twins of the s8/s16 kernels,
 * so its outputs are what the compiled network must give. Tensors are {@code byte[]} (s8) or
 * {@code short[]} (s16); a reshape shares its input's array as the C arena does. Thread-safe:
 * each run has its own tensors.
 */
public final class AffineNetworkEmulator implements FixedPointEmulator {
    private final AffineNetwork net;
    private final RoundingMode mode;
    private final Context ctx;
    /** Per layer, its steps' calls; read-only after construction. */
    private final List<List<Call>> calls;

    public AffineNetworkEmulator(AffineNetwork net) {
        this.net = net;
        this.mode = net.singleRounding() ? RoundingMode.SINGLE : RoundingMode.DEFAULT;
        long scratch = AffineScratch.bytes(net);
        this.ctx = scratch > 0 ? Context.ofSize((int) scratch) : Context.NONE;
        List<List<Call>> prepared = new ArrayList<>();
        for (AffineLayer layer : net.layers()) {
            Prepare prepare = new Prepare(layer.node());
            prepared.add(layer.steps().stream().map(s -> s.accept(prepare)).toList());
        }
        this.calls = List.copyOf(prepared);
    }

    public AffineNetwork network() {
        return net;
    }

    /** The float input as codes, as the generated {@code name_quantize_input} computes them. */
    @Override
    public int[] quantizeInput(float[] input) {
        AffineQuant q = net.inputQuant();
        int[] out = new int[input.length];
        for (int i = 0; i < input.length; i++) {
            out[i] = q.quantize(input[i], net.qmin(), net.qmax());
        }
        return out;
    }

    /** The output codes for one quantized input. */
    @Override
    public int[] run(int[] input) {
        return widen(tensors(input, null, null).get(net.graph().outputName()));
    }

    /** Every tensor's codes by name after one run. */
    @Override
    public Map<String, int[]> runAll(int[] input) {
        return runAll(input, null);
    }

    /**
     * {@link #runAll(int[])} counting into {@code counters[k]} the saturation of layer k's
     * multiply-accumulate outputs (s8 and s16 convolutions, depthwise and fully connected layers); a
     * null array or entry counts nothing. Slower than the plain run, for the per-layer report.
     */
    @Override
    public Map<String, int[]> runAll(int[] input, SaturationCounter[] counters) {
        Map<String, int[]> codes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : tensors(input, counters, null).entrySet()) {
            codes.put(e.getKey(), widen(e.getValue()));
        }
        return codes;
    }

    @Override
    public int[] runTo(int[] input, String tensor) {
        Object codes = tensors(input, null, tensor).get(tensor);
        if (codes == null) {
            throw new IllegalArgumentException("no tensor '" + tensor + "' in the network");
        }
        return widen(codes);
    }

    /** Every tensor as the kernels left it (byte[] or short[]) by name after one run, up to the layer writing {@code last} (null: all). */
    private Map<String, Object> tensors(int[] input, SaturationCounter[] counters, String last) {
        Graph g = net.graph();
        if (input.length != g.inputShape().size()) {
            throw new IllegalArgumentException("input has " + input.length + " values, the network takes " + g.inputShape().size());
        }
        Map<String, Object> tensors = new LinkedHashMap<>();
        tensors.put(g.inputName(), narrow(input, net.bits(g.inputName()) == 16));
        for (int k = 0; k < net.layers().size() && !tensors.containsKey(last); k++) {
            AffineLayer layer = net.layers().get(k);
            Node node = layer.node();
            if (layer.steps().isEmpty()) {
                tensors.put(node.name(), tensors.get(node.inputs().get(0)));
                continue;
            }
            Object out = net.bits(node.name()) == 8 ? new byte[node.shape().size()] : new short[node.shape().size()];
            tensors.put(node.name(), out);
            SaturationCounter counter = counters != null ? counters[k] : null;
            for (int j = 0; j < layer.steps().size(); j++) {
                Status status = calls.get(k).get(j).run(tensors, out, counter);
                if (status != Status.SUCCESS) {
                    throw new IllegalStateException("layer '" + node.name() + "': " + layer.steps().get(j).function() + " returned "
                            + status);
                }
            }
        }
        return tensors;
    }

    /** Real values of a tensor's codes. */
    @Override
    public float[] dequantize(String tensor, int[] codes) {
        AffineQuant q = net.quant(tensor);
        float[] out = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = q.dequantize(codes[i]);
        }
        return out;
    }

    /** One step ready to run: its constants already read out of the step record. */
    @FunctionalInterface
    private interface Call {
        /** Runs on one sample's tensors by name, writing the layer's output array; counts unless counter is null. */
        Status run(Map<String, Object> tensors, Object out, SaturationCounter counter);
    }

    /**
     * Turns a step of a layer into its {@link Call}, reading the record's arrays and building the
     * kernels' structs once so that a run copies nothing.
     */
    private final class Prepare implements AffineStep.Visitor<Call> {
        private final Node node;
        private final String input;

        Prepare(Node node) {
            this.node = node;
            this.input = node.inputs().get(0);
        }

        @Override
        public Call convolution(AffineStep.Convolution c) {
            AffineStep.Requantization r = c.requantization();
            NnTypes.ChannelQuant q = new NnTypes.ChannelQuant(r.multipliers(), r.shifts());
            Dims inDims = c.inputDims();
            Dims filter = c.filterDims();
            Dims outDims = c.outputDims();
            byte[] weights = c.weights().values();
            if (c.depthwise()) {
                DwConvParams p = c.dwParams();
                if (c.int16()) {
                    long[] bias = c.weights().bias64();
                    return (t, out, sat) -> S16Depthwise.depthwiseWrapper(ctx, p, q, inDims, (short[]) t.get(input), filter, weights, bias,
                            outDims, (short[]) out, sat);
                }
                int[] bias = c.weights().bias();
                return (t, out, sat) -> S8Depthwise.depthwiseWrapper(ctx, p, q, inDims, (byte[]) t.get(input), filter, weights, bias,
                        outDims, (byte[]) out, mode, sat);
            }
            ConvParams p = c.convParams();
            if (c.int16()) {
                NnTypes.Bias16 bias = NnTypes.Bias16.int64(c.weights().bias64());
                return (t, out, sat) -> S16Conv.convolveWrapper(ctx, p, q, inDims, (short[]) t.get(input), filter, weights, bias, outDims,
                        (short[]) out, mode, sat);
            }
            int[] bias = c.weights().bias();
            // the int-dot kernels read the weights widened (filter_offset is 0)
            int[] wide = IntDot.widened(weights, 0, weights.length, 0);
            return (t, out, sat) -> S8Conv.convolveWrapper(ctx, p, q, inDims, (byte[]) t.get(input), filter, weights, wide, bias, outDims,
                    (byte[]) out, mode, sat);
        }

        @Override
        public Call fullyConnected(AffineStep.FullyConnected f) {
            Dims inDims = f.inputDims();
            Dims filter = f.filterDims();
            Dims outDims = f.outputDims();
            FcParams p = f.fcParams();
            byte[] weights = f.weights().values();
            int[] multipliers = f.requantization().multipliers();
            int[] shifts = f.requantization().shifts();
            if (f.int16()) {
                long[] bias = f.weights().bias64();
                return (t, out, sat) -> S8FullyConnected.fullyConnectedS16(ctx, p, multipliers[0], shifts[0], inDims,
                        (short[]) t.get(input), filter, weights, bias, outDims, (short[]) out, sat);
            }
            int[] bias = f.weights().bias();
            int[] wide = IntDot.widened(weights, 0, weights.length, 0);
            boolean perChannel = f.perChannel();
            return (t, out, sat) -> {
                // arm_fully_connected_per_channel_s8 or arm_fully_connected_s8 (first multiplier and shift)
                S8FullyConnected.rows(p, multipliers, shifts, perChannel, inDims, (byte[]) t.get(input), filter, weights, wide, bias,
                        outDims, (byte[]) out, mode, sat);
                return Status.SUCCESS;
            };
        }

        @Override
        public Call pool(AffineStep.Pool p) {
            PoolParams params = p.poolParams();
            Dims inDims = p.inputDims();
            Dims filter = p.filterDims();
            Dims outDims = p.outputDims();
            if (p.int16()) {
                return p.max()
                        ? (t, out, sat) -> S8Pool.maxPoolS16(ctx, params, inDims, (short[]) t.get(input), filter, outDims, (short[]) out)
                        : (t, out, sat) -> S8Pool.avgPoolS16(ctx, params, inDims, (short[]) t.get(input), filter, outDims, (short[]) out);
            }
            return p.max() ? (t, out, sat) -> S8Pool.maxPoolS8(ctx, params, inDims, (byte[]) t.get(input), filter, outDims, (byte[]) out)
                    : (t, out, sat) -> S8Pool.avgPoolS8(ctx, params, inDims, (byte[]) t.get(input), filter, outDims, (byte[]) out);
        }

        @Override
        public Call softmax(AffineStep.Softmax s) {
            return (t, out, sat) -> {
                S8Softmax.softmaxS8((byte[]) t.get(input), s.rows(), s.rowSize(), s.multiplier(), s.shift(), s.diffMin(), (byte[]) out);
                return Status.SUCCESS;
            };
        }

        @Override
        public Call softmaxS16(AffineStep.SoftmaxS16 s) {
            NnTypes.SoftmaxLut16 luts = new NnTypes.SoftmaxLut16(s.expTable(), s.oneOverOnePlusXTable());
            return (t, out, sat) -> S8Softmax.softmaxS16((short[]) t.get(input), s.rows(), s.rowSize(), s.multiplier(), s.shift(), luts,
                    (short[]) out, mode);
        }

        @Override
        public Call add(AffineStep.Add a) {
            String second = node.inputs().get(1);
            QuantizedMultiplier m1 = a.input1().rescale();
            QuantizedMultiplier m2 = a.input2().rescale();
            QuantizedMultiplier mOut = a.output().rescale();
            NnTypes.Activation act = a.activation();
            if (a.int16()) {
                return (t, out, sat) -> S8Elementwise.addS16((short[]) t.get(input), (short[]) t.get(second), m1.multiplier(), m1.shift(),
                        m2.multiplier(), m2.shift(), a.leftShift(), (short[]) out, mOut.multiplier(), mOut.shift(), act.min(),
                        act.max(), a.size(), mode, sat);
            }
            return (t, out, sat) -> S8Elementwise.addS8((byte[]) t.get(input), (byte[]) t.get(second), a.input1().offset(), m1.multiplier(),
                    m1.shift(), a.input2().offset(), m2.multiplier(), m2.shift(), a.leftShift(), (byte[]) out, a.output().offset(),
                    mOut.multiplier(), mOut.shift(), act.min(), act.max(), a.size(), mode, sat);
        }

        @Override
        public Call table(AffineStep.Table s) {
            byte[] table = s.table();
            int size = s.size();
            return (t, out, sat) -> {
                byte[] src = (byte[]) t.get(input);
                byte[] dst = (byte[]) out;
                for (int i = 0; i < size; i++) {
                    dst[i] = table[src[i] + 128];
                }
                return Status.SUCCESS;
            };
        }

        @Override
        public Call clamp(AffineStep.Clamp c) {
            return (t, out, sat) -> {
                Object clamped = narrowLike(AffineNetworkEmulator.clamp(widen(t.get(input)), c.range().min(), c.range().max()), out);
                System.arraycopy(clamped, 0, out, 0, c.size());
                return Status.SUCCESS;
            };
        }

        @Override
        public Call concatSlice(AffineStep.ConcatSlice c) {
            String source = node.inputs().get(c.input());
            return (t, out, sat) -> AffineNetworkEmulator.this.concatSlice(c, t.get(source), out);
        }

        @Override
        public Call pad(AffineStep.Pad p) {
            return (t, out, sat) -> AffineNetworkEmulator.this.pad(p, t.get(input), out);
        }

        @Override
        public Call leakyRelu(AffineStep.LeakyRelu r) {
            QuantizedMultiplier identity = r.identity();
            QuantizedMultiplier alpha = r.alpha();
            AffineStep.Recode recode = r.recode();
            NnTypes.Activation range = recode.range();
            return (t, out, sat) -> {
                int[] v = widen(t.get(input));
                int[] res = new int[r.size()];
                for (int i = 0; i < r.size(); i++) {
                    int x = v[i] - recode.inputZeroPoint();
                    int q = x >= 0 ? S8Arith.requantize(x, identity.multiplier(), identity.shift(), mode)
                            : S8Arith.requantize(x, alpha.multiplier(), alpha.shift(), mode);
                    res[i] = Math.min(Math.max(recode.outputZeroPoint() + q, range.min()), range.max());
                }
                System.arraycopy(narrowLike(res, out), 0, out, 0, r.size());
                return Status.SUCCESS;
            };
        }

        @Override
        public Call requantize(AffineStep.Requantize r) {
            return (t, out, sat) -> {
                int[] v = widen(t.get(input));
                int[] res = new int[r.size()];
                for (int i = 0; i < r.size(); i++) {
                    res[i] = WordSizeRequantize.code(r, v[i], mode);
                }
                System.arraycopy(narrowLike(res, out), 0, out, 0, r.size());
                return Status.SUCCESS;
            };
        }
    }

    /** One concatenation input into its slice: arm_concatenation_s8_x/y/z, or the generated copy or requantize loop. */
    private Status concatSlice(AffineStep.ConcatSlice c, Object in, Object out) {
        if (!c.rescale() && !c.int16()) {
            byte[] src = (byte[]) in;
            byte[] dst = (byte[]) out;
            switch (c.axis()) {
                case X -> S8DataMovement.concatenationX(src, c.x(), c.y(), c.z(), 1, dst, c.axisOut(), c.axisOffset());
                case Y -> S8DataMovement.concatenationY(src, c.x(), c.y(), c.z(), 1, dst, c.axisOut(), c.axisOffset());
                case Z -> S8DataMovement.concatenationZ(src, c.x(), c.y(), c.z(), 1, dst, c.axisOut(), c.axisOffset());
            }
            return Status.SUCCESS;
        }
        int[] v = widen(in);
        int[] res = widen(out);
        int block = c.block();
        AffineStep.Recode recode = c.recode();
        QuantizedMultiplier m = c.multiplier();
        for (int o = 0; o < c.outer(); o++) {
            int start = c.outputStart(o);
            for (int j = 0; j < block; j++) {
                int q = v[o * block + j];
                if (c.rescale()) {
                    q = S8Arith.requantize(q - recode.inputZeroPoint(), m.multiplier(), m.shift(), mode) + recode.outputZeroPoint();
                    q = Math.min(Math.max(q, recode.range().min()), recode.range().max());
                }
                res[start + j] = q;
            }
        }
        Object narrowed = narrowLike(res, out);
        System.arraycopy(narrowed, 0, out, 0, res.length);
        return Status.SUCCESS;
    }

    /** arm_pad_s8, or the generated s16 pad loop (the same result). */
    private Status pad(AffineStep.Pad p, Object in, Object out) {
        Dims size = new Dims(1, p.input().h(), p.input().w(), p.input().c());
        Dims pre = new Dims(0, p.padding().top(), p.padding().left(), 0);
        Dims post = new Dims(0, p.padding().bottom(), p.padding().right(), 0);
        if (!p.int16()) {
            return S8DataMovement.pad((byte[]) in, (byte[]) out, (byte) p.padValue(), size, pre, post);
        }
        short[] src = (short[]) in;
        short[] dst = (short[]) out;
        int ow = p.output().w();
        int c = p.input().c();
        java.util.Arrays.fill(dst, (short) p.padValue());
        for (int y = 0; y < p.input().h(); y++) {
            for (int x = 0; x < p.input().w(); x++) {
                System.arraycopy(src, (y * p.input().w() + x) * c, dst, ((y + p.padding().top()) * ow + x + p.padding().left()) * c, c);
            }
        }
        return Status.SUCCESS;
    }

    private static int[] clamp(int[] v, int min, int max) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.min(Math.max(v[i], min), max);
        }
        return out;
    }

    /** Codes as the kernels' arrays of the same type as {@code like}. */
    private static Object narrowLike(int[] codes, Object like) {
        return narrow(codes, like instanceof short[]);
    }

    private static Object narrow(int[] codes, boolean int16) {
        if (!int16) {
            byte[] b = new byte[codes.length];
            for (int i = 0; i < codes.length; i++) {
                b[i] = (byte) codes[i];
            }
            return b;
        }
        short[] s = new short[codes.length];
        for (int i = 0; i < codes.length; i++) {
            s[i] = (short) codes[i];
        }
        return s;
    }

    private static int[] widen(Object tensor) {
        if (tensor instanceof byte[] b) {
            int[] out = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                out[i] = b[i];
            }
            return out;
        }
        short[] s = (short[]) tensor;
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i];
        }
        return out;
    }
}
