package io.cmsisnn.backend;

import io.cmsisnn.emulation.FixedPointEmulator;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Empirical bias correction (Nagel et al. 2019, "Data-Free Quantization", section 4.2, with data):
 * quantization errors are not zero-mean per channel (a ReLU passes noise above zero and cuts it
 * below, rounding steps add up), and the shifted means reach the logits as a class-dependent offset.
 * Layer after layer in graph order, the mean of each output channel of the emulated fixed-point
 * network over the samples is compared with the float network's, and the float bias moves by the
 * difference, so the quantizer then rounds the corrected bias; later layers are measured with the
 * earlier corrections in place.
 *
 * <p>With a fused clamp (ReLU, ReLU6) a bias shift moves only the channel's unclamped outputs, so the
 * shift is the mean difference divided by the share of unclamped outputs (one Newton step); a channel
 * unclamped in under {@value #MIN_ACTIVE} of the positions is left alone. The float function is
 * changed on purpose: the float reference stays the model as imported. When the corrected network's
 * outputs are not closer to the float outputs (mean squared error over the same samples), the
 * uncorrected graph is kept.
 */
public final class BiasCorrection {
    /** Most samples the correction measures on (spread over the calibration samples). */
    public static final int MAX_SAMPLES = 512;
    /** Share of unclamped outputs below which a channel's mean says too little about its bias. */
    static final double MIN_ACTIVE = 0.05;

    /**
     * @param graph the graph to quantize: corrected, or the one given when nothing was changed
     * @param notes one line for the report and the log
     */
    public record Result(Graph graph, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Corrects the biases of {@code graph}'s convolution, depthwise and dense layers.
     *
     * @param samples  float inputs (calibration samples); at most {@link #MAX_SAMPLES} of them, spread, are used
     * @param emulator the fixed-point network a graph quantizes to, with the formats already calibrated
     */
    public Result correct(Graph graph, float[][] samples, Function<Graph, FixedPointEmulator> emulator) {
        float[][] used = spread(samples, MAX_SAMPLES);
        List<Node> biased = graph.nodes().stream().filter(n -> n.op() instanceof Op.Weighted).toList();
        if (used.length == 0 || biased.isEmpty()) {
            return new Result(graph, List.of());
        }
        FloatEngine engine = new FloatEngine(graph);
        List<String> names = biased.stream().map(Node::name).toList();
        // per sample only the channel sums of the corrected layers and the output are kept, not every tensor
        double[][] floatMeans = new double[biased.size()][];
        float[][] floatOutputs = new float[used.length][];
        List<ChannelSums[]> perSample = IntStream.range(0, used.length).parallel().mapToObj(i -> {
            Map<String, float[]> all = engine.runAll(used[i]);
            ChannelSums[] sums = new ChannelSums[biased.size()];
            for (int l = 0; l < sums.length; l++) {
                sums[l] = ChannelSums.of(all.get(names.get(l)), biased.get(l).shape().c(), Activation.LINEAR);
            }
            floatOutputs[i] = all.get(graph.outputName());
            return sums;
        }).toList();
        for (int l = 0; l < biased.size(); l++) {
            int layer = l;
            floatMeans[l] = ChannelSums.total(perSample.stream().map(a -> a[layer]).toList()).means();
        }
        double before = outputError(emulator.apply(graph), graph.outputName(), used, floatOutputs);

        Graph current = graph;
        double largest = 0;
        String largestAt = null;
        int changed = 0;
        for (int l = 0; l < biased.size(); l++) {
            Node node = current.node(names.get(l));
            FixedPointEmulator em = emulator.apply(current);
            int c = node.shape().c();
            Op.Weighted op = (Op.Weighted) node.op();
            ChannelSums emulated = ChannelSums.total(IntStream.range(0, used.length).parallel()
                    .mapToObj(i -> ChannelSums.of(em.dequantize(node.name(), em.runTo(em.quantizeInput(used[i]), node.name())),
                            c, op.activation())).toList());
            double[] means = emulated.means();
            double[] active = emulated.activeShares();
            float[] b = op.bias();
            boolean any = false;
            for (int k = 0; k < c; k++) {
                double shift = shift(means[k], floatMeans[l][k], active[k]);
                if (shift != 0) {
                    b[k] = (float) (b[k] + shift);
                    any = true;
                    if (Math.abs(shift) > largest) {
                        largest = Math.abs(shift);
                        largestAt = node.name();
                    }
                }
            }
            if (any) {
                changed++;
                current = replace(current, node.withOp(op.withParameters(op.weights(), b)));
            }
        }
        if (changed == 0) {
            return new Result(graph, List.of());
        }
        double after = outputError(emulator.apply(current), graph.outputName(), used, floatOutputs);
        if (!(after < before)) {
            return new Result(graph, List.of(String.format(Locale.ROOT, "bias correction left off: on %d calibration samples it "
                    + "did not bring the outputs closer to float (mean squared error %.4g, %.4g with it)", used.length, before, after)));
        }
        return new Result(current, List.of(String.format(Locale.ROOT, "bias correction on %d calibration samples moved the biases "
                + "of %d of %d layers (largest shift %.4g, layer '%s'); output mean squared error against float %.4g -> %.4g",
                used.length, changed, biased.size(), largest, largestAt, before, after)));
    }

    /**
     * The bias change that moves a channel's emulated mean onto the float one, when a share
     * {@code active} of its outputs is not clamped (a bias change moves only those); 0 when that
     * share is below {@link #MIN_ACTIVE}.
     */
    static double shift(double emulatedMean, double floatMean, double active) {
        return active < MIN_ACTIVE ? 0 : (floatMean - emulatedMean) / active;
    }

    /**
     * Per channel of HWC tensors, the sum of the values and the count of those strictly inside a clamp,
     * over {@code positions} positions.
     */
    record ChannelSums(double[] sums, double[] inside, long positions) {
        static ChannelSums of(float[] t, int c, Activation clamp) {
            double[] sums = new double[c];
            double[] inside = new double[c];
            for (int i = 0; i < t.length; i++) {
                sums[i % c] += t[i];
                if (t[i] > clamp.low() && t[i] < clamp.high()) {
                    inside[i % c]++;
                }
            }
            return new ChannelSums(sums, inside, t.length / c);
        }

        /** The sums of all, added in list order so that the result does not depend on the threads. */
        static ChannelSums total(List<ChannelSums> parts) {
            int c = parts.get(0).sums.length;
            double[] sums = new double[c];
            double[] inside = new double[c];
            long positions = 0;
            for (ChannelSums p : parts) {
                for (int k = 0; k < c; k++) {
                    sums[k] += p.sums[k];
                    inside[k] += p.inside[k];
                }
                positions += p.positions;
            }
            return new ChannelSums(sums, inside, positions);
        }

        double[] means() {
            return divided(sums);
        }

        /** Share of the values inside the clamp, per channel. */
        double[] activeShares() {
            return divided(inside);
        }

        private double[] divided(double[] v) {
            double[] out = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                out[k] = v[k] / Math.max(1, positions);
            }
            return out;
        }
    }

    /** Mean squared difference of the emulated outputs, as real values, from the float ones. */
    private static double outputError(FixedPointEmulator em, String output, float[][] inputs, float[][] reference) {
        double[] perSample = IntStream.range(0, inputs.length).parallel().mapToDouble(i -> {
            float[] y = em.dequantize(output, em.run(em.quantizeInput(inputs[i])));
            double sum = 0;
            for (int k = 0; k < y.length; k++) {
                double d = y[k] - reference[i][k];
                sum += d * d;
            }
            return sum / y.length;
        }).toArray();
        double total = 0;
        for (double e : perSample) { // in sample order, so the sum does not depend on the threads
            total += e;
        }
        return total / inputs.length;
    }

    private static float[][] spread(float[][] samples, int limit) {
        if (samples.length <= limit) {
            return samples;
        }
        float[][] out = new float[limit][];
        for (int i = 0; i < limit; i++) {
            out[i] = samples[(int) ((long) i * samples.length / limit)];
        }
        return out;
    }

    private static Graph replace(Graph g, Node changed) {
        List<Node> nodes = new ArrayList<>(g.nodes().size());
        for (Node n : g.nodes()) {
            nodes.add(n.name().equals(changed.name()) ? changed : n);
        }
        return g.withNodes(nodes, g.outputName());
    }
}
