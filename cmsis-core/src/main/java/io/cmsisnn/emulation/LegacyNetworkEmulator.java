package io.cmsisnn.emulation;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.quant.Arg;
import io.cmsisnn.quant.ConstArray;
import io.cmsisnn.quant.FcWeightOrder.Layout;
import io.cmsisnn.quant.KernelCall;
import io.cmsisnn.quant.LegacyLayer;
import io.cmsisnn.quant.LegacyNetwork;
import io.cmsisnn.quant.QFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a {@link LegacyNetwork} call by call with the bit-exact Java twins of the C functions, so
 * its outputs are what the compiled network must give. Tensors are {@code int[]} holding q7 or
 * q15 values; a reshape shares its input's array as the C arena does. Thread-safe: each run has its
 * own tensors.
 */
public final class LegacyNetworkEmulator {
    private final LegacyNetwork net;
    private final Map<String, int[]> constants = new HashMap<>();
    private final Map<String, byte[]> constantsQ7 = new HashMap<>();
    private final Map<String, short[]> constantsQ15 = new HashMap<>();
    /** Fully connected weights as row-major ints, by array and order, made on first use. */
    private final Map<String, int[]> fcWeights = new ConcurrentHashMap<>();

    public LegacyNetworkEmulator(LegacyNetwork net) {
        this.net = net;
        for (ConstArray a : net.arrays()) {
            constants.put(a.name(), a.values());
            // the q7/q15 twins read an array in its own word size only
            if (a.bits() == 8) {
                constantsQ7.put(a.name(), toBytes(a.values(), 0));
            } else {
                constantsQ15.put(a.name(), toShorts(a.values(), 0));
            }
        }
    }

    public LegacyNetwork network() {
        return net;
    }

    /** The float input in the network's input format (as the generated quantize helper computes it). */
    public int[] quantizeInput(float[] input) {
        QFormat f = net.inputFormat();
        int[] q = new int[input.length];
        for (int i = 0; i < input.length; i++) {
            q[i] = f.quantize(input[i]);
        }
        return q;
    }

    /** The output integers for one quantized input. */
    public int[] run(int[] input) {
        return runAll(input).get(net.graph().outputName()).clone();
    }

    /** Every tensor by name after one run (a reshape's entry is its input's array). */
    public Map<String, int[]> runAll(int[] input) {
        Graph g = net.graph();
        if (input.length != g.inputShape().size()) {
            throw new IllegalArgumentException("input has " + input.length + " values, the network takes " + g.inputShape().size());
        }
        Map<String, int[]> tensors = new LinkedHashMap<>();
        tensors.put(g.inputName(), input.clone());
        for (LegacyLayer layer : net.layers()) {
            Node node = layer.node();
            if (node.op() instanceof Op.Reshape || node.op() instanceof Op.Identity) {
                tensors.put(node.name(), tensors.get(node.inputs().get(0)));
                continue;
            }
            tensors.put(node.name(), new int[node.shape().size()]);
            for (KernelCall call : layer.calls()) {
                execute(call, tensors);
            }
        }
        return tensors;
    }

    /** Dequantizes integers of a tensor's format. */
    public float[] dequantize(String tensor, int[] q) {
        QFormat f = net.format(tensor);
        float[] out = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            out[i] = f.dequantize(q[i]);
        }
        return out;
    }

    private void execute(KernelCall call, Map<String, int[]> tensors) {
        Args a = new Args(call, tensors);
        boolean dsp = net.dsp();
        switch (call.function()) {
            case "memcpy" -> System.arraycopy(a.tensor(1), a.offset(1), a.tensor(0), a.offset(0), a.n(2));
            case "arm_convolve_HWC_q7_basic" -> LegacyConv.convolveHwcQ7Basic(a.q7(0), a.n(1), a.n(2), a.w7(3), a.n(4), a.n(5),
                    a.n(6), a.n(7), a.w7(8), a.n(9), a.n(10), a.q7(11), a.n(12), false);
            case "arm_convolve_HWC_q7_fast" -> LegacyConv.convolveHwcQ7Fast(a.q7(0), a.n(1), a.n(2), a.w7(3), a.n(4), a.n(5),
                    a.n(6), a.n(7), a.w7(8), a.n(9), a.n(10), a.q7(11), a.n(12), false);
            case "arm_convolve_HWC_q7_RGB" -> LegacyConv.convolveHwcQ7Rgb(a.q7(0), a.n(1), a.n(2), a.w7(3), a.n(4), a.n(5),
                    a.n(6), a.n(7), a.w7(8), a.n(9), a.n(10), a.q7(11), a.n(12), false);
            case "arm_convolve_HWC_q7_basic_nonsquare" -> LegacyConv.convolveHwcQ7BasicNonsquare(a.q7(0), a.n(1), a.n(2), a.n(3),
                    a.w7(4), a.n(5), a.n(6), a.n(7), a.n(8), a.n(9), a.n(10), a.n(11), a.w7(12), a.n(13), a.n(14), a.q7(15),
                    a.n(16), a.n(17), false);
            case "arm_convolve_HWC_q7_fast_nonsquare" -> LegacyConv.convolveHwcQ7FastNonsquare(a.q7(0), a.n(1), a.n(2), a.n(3),
                    a.w7(4), a.n(5), a.n(6), a.n(7), a.n(8), a.n(9), a.n(10), a.n(11), a.w7(12), a.n(13), a.n(14), a.q7(15),
                    a.n(16), a.n(17), false);
            case "arm_convolve_1x1_HWC_q7_fast_nonsquare" -> LegacyConv.convolve1x1HwcQ7FastNonsquare(a.q7(0), a.n(1), a.n(2),
                    a.n(3), a.w7(4), a.n(5), a.n(6), a.n(7), a.n(8), a.n(9), a.n(10), a.n(11), a.w7(12), a.n(13), a.n(14),
                    a.q7(15), a.n(16), a.n(17), false);
            case "arm_depthwise_separable_conv_HWC_q7" -> LegacyDepthwise.depthwiseSeparableConvHwcQ7(a.q7(0), a.n(1), a.n(2),
                    a.w7(3), a.n(4), a.n(5), a.n(6), a.n(7), a.w7(8), a.n(9), a.n(10), a.q7(11), a.n(12), false);
            case "arm_depthwise_separable_conv_HWC_q7_nonsquare" -> LegacyDepthwise.depthwiseSeparableConvHwcQ7Nonsquare(a.q7(0),
                    a.n(1), a.n(2), a.n(3), a.w7(4), a.n(5), a.n(6), a.n(7), a.n(8), a.n(9), a.n(10), a.n(11), a.w7(12), a.n(13),
                    a.n(14), a.q7(15), a.n(16), a.n(17), false);
            case "arm_convolve_HWC_q15_basic" -> LegacyConvQ15.convolveHwcQ15Basic(a.q15(0), a.n(1), a.n(2), a.w15(3), a.n(4),
                    a.n(5), a.n(6), a.n(7), a.w15(8), a.n(9), a.n(10), a.q15(11), a.n(12), false);
            case "arm_convolve_HWC_q15_fast" -> LegacyConvQ15.convolveHwcQ15Fast(a.q15(0), a.n(1), a.n(2), a.w15(3), a.n(4),
                    a.n(5), a.n(6), a.n(7), a.w15(8), a.n(9), a.n(10), a.q15(11), a.n(12), dsp, false);
            case "arm_convolve_HWC_q15_fast_nonsquare" -> LegacyConvQ15.convolveHwcQ15FastNonsquare(a.q15(0), a.n(1), a.n(2),
                    a.n(3), a.w15(4), a.n(5), a.n(6), a.n(7), a.n(8), a.n(9), a.n(10), a.n(11), a.w15(12), a.n(13), a.n(14),
                    a.q15(15), a.n(16), a.n(17), false);
            // the fully connected twins with the weights kept as row-major ints
            case "arm_fully_connected_q7_opt" -> LegacyFullyConnected.q7RowMajor(a.q7(0), a.fc(1, Layout.Q7_OPT), a.n(2), a.n(3),
                    a.n(4), a.n(5), a.w7(6), a.q7(7), false);
            case "arm_fully_connected_q7" -> LegacyFullyConnected.q7RowMajor(a.q7(0), a.fc(1, Layout.ROW_MAJOR), a.n(2), a.n(3),
                    a.n(4), a.n(5), a.w7(6), a.q7(7), false);
            case "arm_fully_connected_q15_opt" -> LegacyFullyConnected.q15RowMajor(a.q15(0), a.fc(1, Layout.Q15_OPT), a.n(2),
                    a.n(3), a.n(4), a.n(5), a.w15(6), a.q15(7), false);
            case "arm_fully_connected_q15" -> LegacyFullyConnected.q15RowMajor(a.q15(0), a.fc(1, Layout.ROW_MAJOR), a.n(2),
                    a.n(3), a.n(4), a.n(5), a.w15(6), a.q15(7), false);
            case "arm_maxpool_q7_HWC" -> LegacyPool.maxpoolQ7Hwc(a.q7(0), a.n(1), a.n(2), a.n(3), a.n(4), a.n(5), a.n(6),
                    a.q7(8), dsp);
            case "arm_avepool_q7_HWC" -> LegacyPool.avepoolQ7Hwc(a.q7(0), a.n(1), a.n(2), a.n(3), a.n(4), a.n(5), a.n(6),
                    a.q7(8), dsp);
            case "arm_relu_q7" -> LegacyActivations.reluQ7(a.q7(0), a.n(1));
            case "arm_relu_q15" -> LegacyActivations.reluQ15(a.q15(0), a.n(1));
            case "arm_nn_activations_direct_q7" -> LegacyActivations.activationsDirectQ7(a.q7(0), a.n(1), a.n(2), type(a.n(3)));
            case "arm_nn_activations_direct_q15" -> LegacyActivations.activationsDirectQ15(a.q15(0), a.n(1), a.n(2), type(a.n(3)));
            case "arm_softmax_q7" -> LegacySoftmax.softmaxQ7(a.q7(0), a.n(1), a.q7(2));
            case "arm_softmax_with_batch_q7" -> LegacySoftmax.softmaxWithBatchQ7(a.q7(0), a.n(1), a.n(2), a.q7(3));
            case "arm_softmax_q15" -> LegacySoftmax.softmaxQ15(a.q15(0), a.n(1), a.q15(2));
            case "cnn_ops_conv" -> FixedLoops.conv(a.ints(0), a.n(1), a.n(2), a.n(3), a.ints(4), a.ints(5), a.n(6), a.n(7), a.n(8),
                    a.n(9), a.n(10), a.n(11), a.n(12), a.n(13), a.n(14), a.n(15), a.n(16), a.n(17), a.ints(18), a.n(19), a.n(20),
                    a.n(21));
            case "cnn_ops_depthwise" -> FixedLoops.depthwise(a.ints(0), a.n(1), a.n(2), a.n(3), a.ints(4), a.ints(5), a.n(6),
                    a.n(7), a.n(8), a.n(9), a.n(10), a.n(11), a.n(12), a.n(13), a.n(14), a.n(15), a.n(16), a.ints(17), a.n(18),
                    a.n(19), a.n(20));
            case "cnn_ops_pool" -> FixedLoops.pool(a.ints(0), a.n(1), a.n(2), a.n(3), a.n(4), a.n(5), a.n(6), a.n(7), a.n(8),
                    a.n(9), a.n(10), a.n(11), a.ints(12), a.n(13), a.n(14), a.n(15));
            case "cnn_ops_global_pool" -> FixedLoops.globalPool(a.ints(0), a.n(1), a.n(2), a.n(3), a.ints(4), a.n(5));
            case "cnn_ops_add" -> FixedLoops.add(a.list(0), a.intList(1), a.n(2), a.n(3), a.ints(4), a.n(5));
            case "cnn_ops_concat" -> FixedLoops.concat(a.list(0), a.intList(1), a.intList(2), a.n(3), a.n(4), a.ints(5), a.n(6));
            case "cnn_ops_requantize" -> FixedLoops.requantize(a.ints(0), a.n(1), a.n(2), a.ints(3), a.n(4));
            case "cnn_ops_clamp" -> FixedLoops.clamp(a.ints(0), a.n(1), a.n(2), a.n(3), a.ints(4), a.n(5));
            case "cnn_ops_leaky_relu" -> FixedLoops.leakyRelu(a.ints(0), a.n(1), a.n(2), a.n(3), a.ints(4), a.n(5));
            case "cnn_ops_scale_shift" -> FixedLoops.scaleShift(a.ints(0), a.n(1), a.n(2), a.ints(3), a.ints(4), a.n(5), a.n(6),
                    a.ints(7), a.n(8));
            case "cnn_ops_pad" -> FixedLoops.pad(a.ints(0), a.n(1), a.n(2), a.n(3), a.n(4), a.n(5), a.n(6), a.n(7), a.ints(8),
                    a.n(9));
            case "cnn_ops_upsample" -> FixedLoops.upsample(a.ints(0), a.n(1), a.n(2), a.n(3), a.n(4), a.n(5), a.ints(6), a.n(7));
            case "cnn_ops_dense" -> FixedLoops.dense(a.ints(0), a.n(1), a.n(2), a.ints(3), a.ints(4), a.n(5), a.n(6), a.n(7),
                    a.ints(8), a.n(9));
            default -> throw new IllegalStateException("the emulator has no twin for " + call.function());
        }
        a.writeBack();
    }

    private static LegacyActivations.Type type(int t) {
        return t == 0 ? LegacyActivations.Type.SIGMOID : LegacyActivations.Type.TANH;
    }

    /**
     * One call's arguments resolved: tensors handed to the q7/q15 twins are copied into byte/short
     * arrays (from their offset to the end) and copied back after the call, since the C functions
     * write through any pointer, in place included.
     */
    private final class Args {
        private final KernelCall call;
        private final Map<String, int[]> tensors;
        private final Map<Integer, byte[]> bytes = new HashMap<>();
        private final Map<Integer, short[]> shorts = new HashMap<>();

        Args(KernelCall call, Map<String, int[]> tensors) {
            this.call = call;
            this.tensors = tensors;
        }

        int n(int i) {
            return call.intArg(i);
        }

        int offset(int i) {
            return ((Arg.TensorRef) call.arg(i)).offset();
        }

        int[] tensor(int i) {
            Arg.TensorRef t = (Arg.TensorRef) call.arg(i);
            int[] v = tensors.get(t.tensor());
            if (v == null) {
                throw new IllegalStateException(call.function() + " reads tensor '" + t.tensor() + "' before it is computed");
            }
            return v;
        }

        /** A tensor (offset 0) or a constant array as ints, shared, for the int twins. */
        int[] ints(int i) {
            Arg arg = call.arg(i);
            if (arg instanceof Arg.ArrayRef r) {
                return constants.get(r.array());
            }
            if (offset(i) != 0) {
                throw new IllegalStateException(call.function() + ": the int twins take whole tensors");
            }
            return tensor(i);
        }

        int[][] list(int i) {
            List<Arg.TensorRef> refs = ((Arg.TensorList) call.arg(i)).tensors();
            int[][] out = new int[refs.size()][];
            for (int k = 0; k < refs.size(); k++) {
                out[k] = tensors.get(refs.get(k).tensor());
            }
            return out;
        }

        int[] intList(int i) {
            List<Integer> v = ((Arg.IntList) call.arg(i)).values();
            int[] out = new int[v.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = v.get(k);
            }
            return out;
        }

        byte[] q7(int i) {
            return bytes.computeIfAbsent(i, k -> toBytes(tensor(k), offset(k)));
        }

        short[] q15(int i) {
            return shorts.computeIfAbsent(i, k -> toShorts(tensor(k), offset(k)));
        }

        byte[] w7(int i) {
            return constantsQ7.get(((Arg.ArrayRef) call.arg(i)).array());
        }

        short[] w15(int i) {
            return constantsQ15.get(((Arg.ArrayRef) call.arg(i)).array());
        }

        /** Weights of a fully connected call (dim_vec arg 2, rows arg 3) in {@code layout}, as row-major ints. */
        int[] fc(int i, Layout layout) {
            String array = ((Arg.ArrayRef) call.arg(i)).array();
            int cols = n(2);
            int rows = n(3);
            return fcWeights.computeIfAbsent(array + "/" + layout + "/" + rows + "x" + cols, k -> {
                byte[] q7 = constantsQ7.get(array);
                int[] values = q7 != null ? IntDot.widened(q7, 0, q7.length, 0)
                        : IntDot.widened(constantsQ15.get(array), 0, constantsQ15.get(array).length);
                return LegacyFullyConnected.rowMajorInts(values, rows, cols, layout);
            });
        }

        void writeBack() {
            for (Map.Entry<Integer, byte[]> e : bytes.entrySet()) {
                int[] t = tensor(e.getKey());
                byte[] b = e.getValue();
                int off = offset(e.getKey());
                for (int k = 0; k < b.length; k++) {
                    t[off + k] = b[k];
                }
            }
            for (Map.Entry<Integer, short[]> e : shorts.entrySet()) {
                int[] t = tensor(e.getKey());
                short[] s = e.getValue();
                int off = offset(e.getKey());
                for (int k = 0; k < s.length; k++) {
                    t[off + k] = s[k];
                }
            }
        }
    }

    private static byte[] toBytes(int[] v, int offset) {
        byte[] b = new byte[v.length - offset];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) v[offset + i];
        }
        return b;
    }

    private static short[] toShorts(int[] v, int offset) {
        short[] s = new short[v.length - offset];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) v[offset + i];
        }
        return s;
    }
}
