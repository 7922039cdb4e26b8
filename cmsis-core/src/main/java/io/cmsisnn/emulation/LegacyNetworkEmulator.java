package io.cmsisnn.emulation;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.quant.LegacyLayer;
import io.cmsisnn.quant.LegacyNetwork;
import io.cmsisnn.quant.LegacyStep;
import io.cmsisnn.quant.QFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a {@link LegacyNetwork} step by step with the bit-exact Java twins of the C functions, so
 * its outputs are what the compiled network must give. Tensors are {@code int[]} holding q7 or
 * q15 values; a reshape shares its input's array as the C arena does. Thread-safe: each run has its
 * own tensors.
 */
public final class LegacyNetworkEmulator implements FixedPointEmulator {
    private final LegacyNetwork net;
    private final LegacyConstants constants;

    public LegacyNetworkEmulator(LegacyNetwork net) {
        this.net = net;
        this.constants = new LegacyConstants(net);
    }

    public LegacyNetwork network() {
        return net;
    }

    /** The float input in the network's input format (as the generated quantize helper computes it). */
    @Override
    public int[] quantizeInput(float[] input) {
        QFormat f = net.inputFormat();
        int[] q = new int[input.length];
        for (int i = 0; i < input.length; i++) {
            q[i] = f.quantize(input[i]);
        }
        return q;
    }

    /** The output integers for one quantized input. */
    @Override
    public int[] run(int[] input) {
        return runAll(input).get(net.graph().outputName()).clone();
    }

    /** Every tensor by name after one run (a reshape's entry is its input's array). */
    @Override
    public Map<String, int[]> runAll(int[] input) {
        return runAll(input, null);
    }

    /**
     * {@link #runAll(int[])} counting into {@code counters[k]} the saturation of layer k's
     * convolutions, depthwise convolutions and fully connected layers (recomputed exactly, see
     * {@link LegacySaturation}); a null array or entry counts nothing. Slower, for the per-layer report.
     */
    @Override
    public Map<String, int[]> runAll(int[] input, SaturationCounter[] counters) {
        return run(input, counters, null);
    }

    @Override
    public int[] runTo(int[] input, String tensor) {
        int[] codes = run(input, null, tensor).get(tensor);
        if (codes == null) {
            throw new IllegalArgumentException("no tensor '" + tensor + "' in the network");
        }
        return codes;
    }

    /** The tensors after running the layers up to the one writing {@code last} (null: all of them). */
    private Map<String, int[]> run(int[] input, SaturationCounter[] counters, String last) {
        Graph g = net.graph();
        if (input.length != g.inputShape().size()) {
            throw new IllegalArgumentException("input has " + input.length + " values, the network takes " + g.inputShape().size());
        }
        Map<String, int[]> tensors = new LinkedHashMap<>();
        tensors.put(g.inputName(), input.clone());
        LegacyStepRunner runner = new LegacyStepRunner(constants, tensors, net.dsp(), net.bits());
        for (int k = 0; k < net.layers().size() && !tensors.containsKey(last); k++) {
            LegacyLayer layer = net.layers().get(k);
            Node node = layer.node();
            if (node.op() instanceof Op.Reshape || node.op() instanceof Op.Identity) {
                tensors.put(node.name(), tensors.get(node.inputs().get(0)));
                continue;
            }
            tensors.put(node.name(), new int[node.shape().size()]);
            runner.count(counters != null ? counters[k] : null);
            for (LegacyStep step : layer.steps()) {
                runner.run(step);
            }
        }
        return tensors;
    }

    /** Dequantizes integers of a tensor's format. */
    @Override
    public float[] dequantize(String tensor, int[] q) {
        QFormat f = net.format(tensor);
        float[] out = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            out[i] = f.dequantize(q[i]);
        }
        return out;
    }
}
