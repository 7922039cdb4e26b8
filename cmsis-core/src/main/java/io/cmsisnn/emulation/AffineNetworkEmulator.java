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
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.FcParams;
import io.cmsisnn.quant.NnTypes.PoolParams;
import io.cmsisnn.quant.NnTypes.Status;
import io.cmsisnn.quant.NnTypes.Tile;
import io.cmsisnn.quant.RoundingMode;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an {@link AffineNetwork} step by step with the bit-exact Java twins of the s8/s16 kernels,
 * so its outputs are what the compiled network must give. Tensors are {@code byte[]} (s8) or
 * {@code short[]} (s16); a reshape shares its input's array as the C arena does. Thread-safe:
 * each run has its own tensors.
 */
public final class AffineNetworkEmulator {
    private final AffineNetwork net;
    private final RoundingMode mode;
    private final Context ctx;
    /** The s8 convolution and fully connected weights widened to ints once; read-only after construction. */
    private final Map<AffineStep, int[]> wide = new IdentityHashMap<>();

    public AffineNetworkEmulator(AffineNetwork net) {
        this.net = net;
        this.mode = net.singleRounding() ? RoundingMode.SINGLE : RoundingMode.DEFAULT;
        long scratch = AffineScratch.bytes(net);
        this.ctx = scratch > 0 ? Context.ofSize((int) scratch) : Context.NONE;
        for (AffineLayer layer : net.layers()) {
            for (AffineStep step : layer.steps()) {
                int[] widened = step.accept(new WidenedWeights());
                if (widened != null) {
                    wide.put(step, widened);
                }
            }
        }
    }

    public AffineNetwork network() {
        return net;
    }

    /** The float input as codes, as the generated {@code name_quantize_input} computes them. */
    public int[] quantizeInput(float[] input) {
        AffineQuant q = net.inputQuant();
        int[] out = new int[input.length];
        for (int i = 0; i < input.length; i++) {
            out[i] = q.quantize(input[i], net.qmin(), net.qmax());
        }
        return out;
    }

    /** The output codes for one quantized input. */
    public int[] run(int[] input) {
        return widen(tensors(input).get(net.graph().outputName()));
    }

    /** Every tensor's codes by name after one run. */
    public Map<String, int[]> runAll(int[] input) {
        Map<String, int[]> codes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : tensors(input).entrySet()) {
            codes.put(e.getKey(), widen(e.getValue()));
        }
        return codes;
    }

    /** Every tensor as the kernels left it (byte[] or short[]) by name after one run. */
    private Map<String, Object> tensors(int[] input) {
        Graph g = net.graph();
        if (input.length != g.inputShape().size()) {
            throw new IllegalArgumentException("input has " + input.length + " values, the network takes " + g.inputShape().size());
        }
        Map<String, Object> tensors = new LinkedHashMap<>();
        tensors.put(g.inputName(), narrow(input));
        for (AffineLayer layer : net.layers()) {
            Node node = layer.node();
            if (layer.steps().isEmpty()) {
                tensors.put(node.name(), tensors.get(node.inputs().get(0)));
                continue;
            }
            Object out = net.bits() == 8 ? new byte[node.shape().size()] : new short[node.shape().size()];
            tensors.put(node.name(), out);
            for (AffineStep step : layer.steps()) {
                Status status = step.accept(new StepRun(node, tensors, out));
                if (status != Status.SUCCESS) {
                    throw new IllegalStateException("layer '" + node.name() + "': " + step.function() + " returned " + status);
                }
            }
        }
        return tensors;
    }

    /** Real values of a tensor's codes. */
    public float[] dequantize(String tensor, int[] codes) {
        AffineQuant q = net.quant(tensor);
        float[] out = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = q.dequantize(codes[i]);
        }
        return out;
    }

    /** Runs one step of a layer on that layer's tensors, writing the layer's output array. */
    private final class StepRun implements AffineStep.Visitor<Status> {
        private final Node node;
        private final Map<String, Object> tensors;
        private final Object in;
        private final Object out;

        StepRun(Node node, Map<String, Object> tensors, Object out) {
            this.node = node;
            this.tensors = tensors;
            this.in = tensors.get(node.inputs().get(0));
            this.out = out;
        }

        @Override
        public Status convolution(AffineStep.Convolution c) {
            return AffineNetworkEmulator.this.convolution(c, in, out);
        }

        @Override
        public Status fullyConnected(AffineStep.FullyConnected f) {
            Dims inDims = new Dims(f.batches(), 1, 1, f.depth());
            Dims filter = new Dims(f.depth(), 1, 1, f.outputs());
            Dims outDims = new Dims(f.batches(), 1, 1, f.outputs());
            FcParams p = new FcParams(f.inputOffset(), 0, f.outputOffset(), new NnTypes.Activation(f.actMin(), f.actMax()));
            if (f.int16()) {
                return S8FullyConnected.fullyConnectedS16(ctx, p, f.multipliers()[0], f.shifts()[0], inDims, (short[]) in, filter,
                        f.weights(), f.bias64(), outDims, (short[]) out);
            }
            // arm_fully_connected_per_channel_s8 or arm_fully_connected_s8 (first multiplier and shift)
            S8FullyConnected.rows(p, f.multipliers(), f.shifts(), f.perChannel(), inDims, (byte[]) in, filter, f.weights(),
                    wide.get(f), f.bias(), outDims, (byte[]) out, mode);
            return Status.SUCCESS;
        }

        @Override
        public Status pool(AffineStep.Pool p) {
            PoolParams params = new PoolParams(new Tile(p.strideW(), p.strideH()), new Tile(p.padLeft(), p.padTop()),
                    new NnTypes.Activation(p.actMin(), p.actMax()));
            Dims inDims = new Dims(1, p.input().h(), p.input().w(), p.input().c());
            Dims filter = new Dims(1, p.kh(), p.kw(), 1);
            Dims outDims = new Dims(1, p.output().h(), p.output().w(), p.output().c());
            if (p.int16()) {
                return p.max() ? S8Pool.maxPoolS16(ctx, params, inDims, (short[]) in, filter, outDims, (short[]) out)
                        : S8Pool.avgPoolS16(ctx, params, inDims, (short[]) in, filter, outDims, (short[]) out);
            }
            return p.max() ? S8Pool.maxPoolS8(ctx, params, inDims, (byte[]) in, filter, outDims, (byte[]) out)
                    : S8Pool.avgPoolS8(ctx, params, inDims, (byte[]) in, filter, outDims, (byte[]) out);
        }

        @Override
        public Status softmax(AffineStep.Softmax s) {
            S8Softmax.softmaxS8((byte[]) in, s.rows(), s.rowSize(), s.multiplier(), s.shift(), s.diffMin(), (byte[]) out);
            return Status.SUCCESS;
        }

        @Override
        public Status softmaxS16(AffineStep.SoftmaxS16 s) {
            return S8Softmax.softmaxS16((short[]) in, s.rows(), s.rowSize(), s.multiplier(), s.shift(),
                    new NnTypes.SoftmaxLut16(s.expTable(), s.oneOverOnePlusXTable()), (short[]) out, mode);
        }

        @Override
        public Status add(AffineStep.Add a) {
            Object in2 = tensors.get(node.inputs().get(1));
            if (a.int16()) {
                return S8Elementwise.addS16((short[]) in, (short[]) in2, a.input1Multiplier(), a.input1Shift(), a.input2Multiplier(),
                        a.input2Shift(), a.leftShift(), (short[]) out, a.outputMultiplier(), a.outputShift(), a.actMin(), a.actMax(),
                        a.size(), mode);
            }
            return S8Elementwise.addS8((byte[]) in, (byte[]) in2, a.input1Offset(), a.input1Multiplier(), a.input1Shift(),
                    a.input2Offset(), a.input2Multiplier(), a.input2Shift(), a.leftShift(), (byte[]) out, a.outputOffset(),
                    a.outputMultiplier(), a.outputShift(), a.actMin(), a.actMax(), a.size(), mode);
        }

        @Override
        public Status table(AffineStep.Table t) {
            byte[] src = (byte[]) in;
            byte[] dst = (byte[]) out;
            for (int i = 0; i < t.size(); i++) {
                dst[i] = t.table()[src[i] + 128];
            }
            return Status.SUCCESS;
        }

        @Override
        public Status clamp(AffineStep.Clamp c) {
            int[] v = widen(in);
            Object clamped = narrow(AffineNetworkEmulator.clamp(v, c.min(), c.max()));
            System.arraycopy(clamped, 0, out, 0, c.size());
            return Status.SUCCESS;
        }

        @Override
        public Status concatSlice(AffineStep.ConcatSlice c) {
            return AffineNetworkEmulator.this.concatSlice(c, tensors.get(node.inputs().get(c.input())), out);
        }

        @Override
        public Status pad(AffineStep.Pad p) {
            return AffineNetworkEmulator.this.pad(p, in, out);
        }

        @Override
        public Status leakyRelu(AffineStep.LeakyRelu r) {
            int[] v = widen(in);
            int[] res = new int[r.size()];
            for (int i = 0; i < r.size(); i++) {
                int x = v[i] - r.inputZeroPoint();
                int q = x >= 0 ? S8Arith.requantize(x, r.identityMultiplier(), r.identityShift(), mode)
                        : S8Arith.requantize(x, r.alphaMultiplier(), r.alphaShift(), mode);
                res[i] = Math.min(Math.max(r.outputZeroPoint() + q, r.qmin()), r.qmax());
            }
            System.arraycopy(narrow(res), 0, out, 0, r.size());
            return Status.SUCCESS;
        }
    }

    /** One concatenation input into its slice: arm_concatenation_s8_x/y/z, or the generated copy or requantize loop. */
    private Status concatSlice(AffineStep.ConcatSlice c, Object in, Object out) {
        if (!c.rescale() && !c.int16()) {
            byte[] src = (byte[]) in;
            byte[] dst = (byte[]) out;
            switch (c.cmsisAxis()) {
                case 'x':
                    S8DataMovement.concatenationX(src, c.x(), c.y(), c.z(), 1, dst, c.outAxis(), c.axisOffset());
                    break;
                case 'y':
                    S8DataMovement.concatenationY(src, c.x(), c.y(), c.z(), 1, dst, c.outAxis(), c.axisOffset());
                    break;
                default:
                    S8DataMovement.concatenationZ(src, c.x(), c.y(), c.z(), 1, dst, c.outAxis(), c.axisOffset());
                    break;
            }
            return Status.SUCCESS;
        }
        int[] v = widen(in);
        int[] res = widen(out);
        int block = c.block();
        for (int o = 0; o < c.outer(); o++) {
            int start = c.outputStart(o);
            for (int j = 0; j < block; j++) {
                int q = v[o * block + j];
                if (c.rescale()) {
                    q = S8Arith.requantize(q - c.inputZeroPoint(), c.multiplier(), c.shift(), mode) + c.outputZeroPoint();
                    q = Math.min(Math.max(q, c.qmin()), c.qmax());
                }
                res[start + j] = q;
            }
        }
        Object narrowed = narrow(res);
        System.arraycopy(narrowed, 0, out, 0, res.length);
        return Status.SUCCESS;
    }

    /** arm_pad_s8, or the generated s16 pad loop (the same result). */
    private Status pad(AffineStep.Pad p, Object in, Object out) {
        Dims size = new Dims(1, p.input().h(), p.input().w(), p.input().c());
        Dims pre = new Dims(0, p.top(), p.left(), 0);
        Dims post = new Dims(0, p.bottom(), p.right(), 0);
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
                System.arraycopy(src, (y * p.input().w() + x) * c, dst, ((y + p.top()) * ow + x + p.left()) * c, c);
            }
        }
        return Status.SUCCESS;
    }

    private Status convolution(AffineStep.Convolution c, Object in, Object out) {
        NnTypes.ChannelQuant q = new NnTypes.ChannelQuant(c.multipliers(), c.shifts());
        Dims inDims = AffineScratch.inputDims(c);
        Dims filter = AffineScratch.filterDims(c);
        Dims outDims = AffineScratch.outputDims(c);
        if (c.depthwise()) {
            return c.int16()
                    ? S16Depthwise.depthwiseWrapper(ctx, AffineScratch.dwParams(c), q, inDims, (short[]) in, filter, c.weights(),
                            c.bias64(), outDims, (short[]) out)
                    : S8Depthwise.depthwiseWrapper(ctx, AffineScratch.dwParams(c), q, inDims, (byte[]) in, filter, c.weights(), c.bias(),
                            outDims, (byte[]) out, mode);
        }
        return c.int16()
                ? S16Conv.convolveWrapper(ctx, AffineScratch.convParams(c), q, inDims, (short[]) in, filter, c.weights(),
                        NnTypes.Bias16.int64(c.bias64()), outDims, (short[]) out, mode)
                : S8Conv.convolveWrapper(ctx, AffineScratch.convParams(c), q, inDims, (byte[]) in, filter, c.weights(), wide.get(c),
                        c.bias(), outDims, (byte[]) out, mode);
    }

    private static int[] clamp(int[] v, int min, int max) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.min(Math.max(v[i], min), max);
        }
        return out;
    }

    private Object narrow(int[] codes) {
        if (net.bits() == 8) {
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

    /**
     * The s8 weights the int-dot kernels read widened (filter_offset is 0), or null for a step
     * that reads none that way.
     */
    private static final class WidenedWeights implements AffineStep.Visitor<int[]> {
        @Override
        public int[] convolution(AffineStep.Convolution c) {
            return c.int16() || c.depthwise() ? null : IntDot.widened(c.weights(), 0, c.weights().length, 0);
        }

        @Override
        public int[] fullyConnected(AffineStep.FullyConnected f) {
            return f.int16() ? null : IntDot.widened(f.weights(), 0, f.weights().length, 0);
        }

        @Override
        public int[] pool(AffineStep.Pool s) {
            return null;
        }

        @Override
        public int[] softmax(AffineStep.Softmax s) {
            return null;
        }

        @Override
        public int[] softmaxS16(AffineStep.SoftmaxS16 s) {
            return null;
        }

        @Override
        public int[] add(AffineStep.Add s) {
            return null;
        }

        @Override
        public int[] table(AffineStep.Table s) {
            return null;
        }

        @Override
        public int[] clamp(AffineStep.Clamp s) {
            return null;
        }

        @Override
        public int[] concatSlice(AffineStep.ConcatSlice s) {
            return null;
        }

        @Override
        public int[] pad(AffineStep.Pad s) {
            return null;
        }

        @Override
        public int[] leakyRelu(AffineStep.LeakyRelu s) {
            return null;
        }
    }
}
