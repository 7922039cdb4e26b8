package io.cmsisnn.passes;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Cross-layer equalization (Nagel et al., "Data-Free Quantization Through Weight Equalization and
 * Bias Correction", 2019), for the fixed-point schemes: where a Conv2D or DepthwiseConv2D (layer 1)
 * feeds only a Conv2D or Dense (layer 2), through nothing but positively homogeneous steps (ReLU,
 * LeakyReLU, no activation, zero padding), output channel c of layer 1 is divided by
 * {@code s_c = sqrt(r1_c * r2_c) / r2_c} and input column c of layer 2 multiplied by it, where
 * {@code r1_c} is the largest magnitude of layer 1's weights of channel c and {@code r2_c} that of
 * layer 2's weights reading channel c. Since {@code f(x / s) = f(x) / s} for such steps and
 * {@code s > 0}, the network computes the same function; both ranges become
 * {@code sqrt(r1_c * r2_c)}, so that one per-tensor format (q7/q15 weights, every activation)
 * fits all channels instead of being set by the widest. Chains (layer 2 of one pair is layer 1 of
 * the next) are swept several times, as the paper does, since equalizing one pair changes the
 * ranges the neighbouring pair sees. The scales are accumulated in double and each weight rounded
 * to float once, so results move by float rounding only. A chain whose factors all lie within
 * {@link #MIN_SPREAD} of each other is left as it was: it is balanced enough already.
 *
 * <p>Not part of {@link GraphLowering}: the tensors between the layers change (per channel), so
 * the float graph before this pass stays the reference, and the caller lists {@link Result#notes()}.
 */
public final class CrossLayerEqualization implements UnaryOperator<Graph> {
    /** Sweeps over all pairs at most; equalization stops earlier when no scale moves by more than {@link #TOLERANCE}. */
    public static final int SWEEPS = 20;
    /** A sweep whose every factor is within this of 1 ends the iteration. */
    static final double TOLERANCE = 1e-4;
    /**
     * A chain is equalized only when the factors of one of its pairs spread by at least this much
     * (largest over smallest): a factor of 4 is 2 bits that the narrowest channel gains in a
     * per-tensor format. On closer ranges the shared models gained nothing measurable, and some
     * s8/s16 outputs lost a little (the activations between the layers are not balanced by it).
     */
    public static final double MIN_SPREAD = 4;

    private final boolean enabled;

    /** Equalization on (the default). */
    public CrossLayerEqualization() {
        this(true);
    }

    /** @param enabled false: {@link #equalize} returns the graph unchanged, with no notes */
    public CrossLayerEqualization(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * One equalized pair.
     *
     * @param first    layer 1, whose output channels were divided
     * @param second   layer 2, whose input columns were multiplied
     * @param minScale the smallest channel factor s_c
     * @param maxScale the largest
     */
    public record Pair(String first, String second, double minScale, double maxScale) {
        /** The note the report lists, e.g. {@code layer 'dw': equalized with 'pw': channel scales 0.031 to 31 ...}. */
        public String note() {
            return "layer '" + first + "': equalized with '" + second + "': channel scales " + round(minScale) + " to "
                    + round(maxScale) + " (cross-layer equalization: its output channels divided by them, the input columns of '"
                    + second + "' multiplied; the same function in float)";
        }
    }

    /** The equalized graph and the pairs it equalized, in graph order. */
    public record Result(Graph graph, List<Pair> pairs) {
        public Result {
            pairs = List.copyOf(pairs);
        }

        /** One note per equalized pair. */
        public List<String> notes() {
            return pairs.stream().map(Pair::note).toList();
        }
    }

    @Override
    public Graph apply(Graph graph) {
        return equalize(graph).graph();
    }

    /** The graph with every eligible pair equalized; {@code graph} itself (and no pairs) when none changes. */
    public Result equalize(Graph graph) {
        if (!enabled) {
            return new Result(graph, List.of());
        }
        List<Link> links = links(graph);
        if (links.isEmpty()) {
            return new Result(graph, List.of());
        }
        Map<String, Layer> changed = new HashMap<>();
        Map<Link, Pair> pairs = new HashMap<>();
        for (List<Link> chain : chains(links)) {
            Map<String, Layer> layers = new HashMap<>();
            for (Link l : chain) {
                layers.computeIfAbsent(l.first, n -> Layer.of(graph.node(n)));
                layers.computeIfAbsent(l.second, n -> Layer.of(graph.node(n)));
            }
            double[][] total = sweep(chain, layers);
            List<Pair> found = new ArrayList<>();
            double widest = 1;
            for (int k = 0; k < chain.size(); k++) {
                double min = Arrays.stream(total[k]).min().orElse(1);
                double max = Arrays.stream(total[k]).max().orElse(1);
                widest = Math.max(widest, max / min);
                found.add(new Pair(chain.get(k).first, chain.get(k).second, min, max));
            }
            if (widest >= MIN_SPREAD) {
                changed.putAll(layers);
                for (int k = 0; k < chain.size(); k++) {
                    pairs.put(chain.get(k), found.get(k));
                }
            }
        }
        if (changed.isEmpty()) {
            return new Result(graph, List.of());
        }
        List<Node> nodes = new ArrayList<>(graph.nodes());
        for (int i = 0; i < nodes.size(); i++) {
            Layer l = changed.get(nodes.get(i).name());
            if (l != null) {
                nodes.set(i, nodes.get(i).withOp(l.op()));
            }
        }
        List<Pair> inOrder = new ArrayList<>();
        for (Link l : links) {
            if (pairs.containsKey(l)) {
                inOrder.add(pairs.get(l));
            }
        }
        return new Result(graph.withNodes(nodes, graph.outputName()), inOrder);
    }

    /**
     * Equalizes the pairs of one chain in turn, sweep after sweep, until no factor moves by more
     * than {@link #TOLERANCE}; returns, per pair and channel, the product of its factors.
     */
    private static double[][] sweep(List<Link> chain, Map<String, Layer> layers) {
        double[][] total = new double[chain.size()][];
        for (int k = 0; k < chain.size(); k++) {
            total[k] = new double[layers.get(chain.get(k).first).channels];
            Arrays.fill(total[k], 1.0);
        }
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            double largest = 0;
            for (int k = 0; k < chain.size(); k++) {
                Layer first = layers.get(chain.get(k).first);
                Layer second = layers.get(chain.get(k).second);
                double[] r1 = first.outputRanges();
                double[] r2 = second.inputRanges();
                double[] s = new double[r1.length];
                for (int c = 0; c < s.length; c++) {
                    // a channel with no weights on either side is left alone: no finite factor balances it
                    s[c] = r1[c] > 0 && r2[c] > 0 ? Math.sqrt(r1[c] / r2[c]) : 1.0;
                    if (!Double.isFinite(s[c]) || s[c] <= 0) {
                        s[c] = 1.0;
                    }
                    total[k][c] *= s[c];
                    largest = Math.max(largest, Math.abs(Math.log(s[c])));
                }
                first.divideOutputs(s);
                second.multiplyInputs(s);
            }
            if (largest < TOLERANCE) {
                break;
            }
        }
        return total;
    }

    /** The links grouped into chains: two links are in one chain when they share a layer; graph order within each. */
    private static List<List<Link>> chains(List<Link> links) {
        List<List<Link>> chains = new ArrayList<>();
        Map<String, List<Link>> byLayer = new HashMap<>();
        for (Link l : links) {
            List<Link> a = byLayer.get(l.first);
            List<Link> b = byLayer.get(l.second);
            List<Link> chain;
            if (a == null && b == null) {
                chain = new ArrayList<>();
                chains.add(chain);
            } else if (a == null || b == null || a == b) {
                chain = a != null ? a : b;
            } else { // joins two chains: not expected (links come in graph order of layer 1), merged all the same
                a.addAll(b);
                chains.remove(b);
                for (Link m : b) {
                    byLayer.put(m.first, a);
                    byLayer.put(m.second, a);
                }
                chain = a;
            }
            chain.add(l);
            byLayer.put(l.first, chain);
            byLayer.put(l.second, chain);
        }
        return chains;
    }

    /** Layer 1 and layer 2 of an eligible pair, by node name. */
    private record Link(String first, String second) {
    }

    /** Every eligible pair, in graph order of layer 1. */
    private static List<Link> links(Graph g) {
        Map<String, List<Node>> readers = new HashMap<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        List<Link> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            int channels;
            if (n.op() instanceof Op.Conv2D c && homogeneous(c.activation())) {
                channels = c.outChannels();
            } else if (n.op() instanceof Op.DepthwiseConv2D d && homogeneous(d.activation())) {
                channels = d.outChannels();
            } else {
                continue;
            }
            Node second = onlyReaderThrough(g, readers, n.name());
            if (second == null) {
                continue;
            }
            if ((second.op() instanceof Op.Conv2D c && c.inChannels() == channels)
                    || (second.op() instanceof Op.Dense d && d.inFeatures() == channels)) {
                out.add(new Link(n.name(), second.name()));
            }
        }
        return out;
    }

    /**
     * The one layer that reads {@code tensor}, passing over homogeneous steps that each have one
     * reader; null when the tensor (or a step's) is the graph output or read by more than one node,
     * or the path meets anything else (an Add, a Concat, a padding with a non-zero value, a pooling...).
     */
    private static Node onlyReaderThrough(Graph g, Map<String, List<Node>> readers, String tensor) {
        String t = tensor;
        while (true) {
            List<Node> r = readers.getOrDefault(t, List.of());
            if (t.equals(g.outputName()) || r.size() != 1 || r.get(0).inputs().size() != 1) {
                return null;
            }
            Node next = r.get(0);
            Op op = next.op();
            if ((op instanceof Op.ActivationOp a && homogeneous(a.activation()))
                    || (op instanceof Op.Pad p && p.value() == 0f) || op instanceof Op.Identity) {
                t = next.name();
            } else {
                return next;
            }
        }
    }

    /** True where {@code a(s*x) = s*a(x)} for every {@code s > 0}: no activation, ReLU, LeakyReLU. */
    static boolean homogeneous(Activation a) {
        return switch (a.kind()) {
            case LINEAR, LEAKY_RELU -> true;
            case CLAMP -> (a.low() == 0f || a.low() == Float.NEGATIVE_INFINITY) && a.high() == Float.POSITIVE_INFINITY;
            case SIGMOID, TANH -> false;
        };
    }

    /**
     * A weighted layer's parameters in double while the sweeps run, with, per weight, which output
     * channel and which input channel it belongs to.
     */
    private static final class Layer {
        private final Op original;
        private final double[] weights;
        private final double[] bias;
        private final int[] outChannel;
        private final int[] inChannel;
        /** Output channels (layer 1's side); input channels are the largest inChannel + 1. */
        private final int channels;
        private final int inputs;

        private Layer(Op original, float[] w, float[] b, int[] outChannel, int[] inChannel, int channels, int inputs) {
            this.original = original;
            this.weights = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                weights[i] = w[i];
            }
            this.bias = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                bias[i] = b[i];
            }
            this.outChannel = outChannel;
            this.inChannel = inChannel;
            this.channels = channels;
            this.inputs = inputs;
        }

        static Layer of(Node n) {
            Op op = n.op();
            if (op instanceof Op.Conv2D c) {
                // [out][ky][kx][in/groups]
                float[] w = c.weights();
                int perGroupIn = c.inChannels() / c.groups();
                int perGroupOut = c.outChannels() / c.groups();
                int row = c.kh() * c.kw() * perGroupIn;
                int[] o = new int[w.length];
                int[] in = new int[w.length];
                for (int i = 0; i < w.length; i++) {
                    o[i] = i / row;
                    in[i] = o[i] / perGroupOut * perGroupIn + i % perGroupIn;
                }
                return new Layer(op, w, c.bias(), o, in, c.outChannels(), c.inChannels());
            }
            if (op instanceof Op.DepthwiseConv2D d) {
                // [ky][kx][in*multiplier]: output channel ci*multiplier+m reads input channel ci
                float[] w = d.weights();
                int[] o = new int[w.length];
                int[] in = new int[w.length];
                for (int i = 0; i < w.length; i++) {
                    o[i] = i % d.outChannels();
                    in[i] = o[i] / d.multiplier();
                }
                return new Layer(op, w, d.bias(), o, in, d.outChannels(), d.inChannels());
            }
            if (op instanceof Op.Dense d) {
                // [out][in]
                float[] w = d.weights();
                int[] o = new int[w.length];
                int[] in = new int[w.length];
                for (int i = 0; i < w.length; i++) {
                    o[i] = i / d.inFeatures();
                    in[i] = i % d.inFeatures();
                }
                return new Layer(op, w, d.bias(), o, in, d.outFeatures(), d.inFeatures());
            }
            throw new IllegalArgumentException("not a weighted layer: " + n.name());
        }

        double[] outputRanges() {
            double[] r = new double[channels];
            for (int i = 0; i < weights.length; i++) {
                r[outChannel[i]] = Math.max(r[outChannel[i]], Math.abs(weights[i]));
            }
            return r;
        }

        double[] inputRanges() {
            double[] r = new double[inputs];
            for (int i = 0; i < weights.length; i++) {
                r[inChannel[i]] = Math.max(r[inChannel[i]], Math.abs(weights[i]));
            }
            return r;
        }

        /** Output channel c (weights and bias) divided by s[c]. */
        void divideOutputs(double[] s) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] /= s[outChannel[i]];
            }
            for (int o = 0; o < bias.length; o++) {
                bias[o] /= s[o];
            }
        }

        /** Every weight reading input channel c multiplied by s[c]. */
        void multiplyInputs(double[] s) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] *= s[inChannel[i]];
            }
        }

        Op op() {
            float[] w = new float[weights.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) weights[i];
            }
            float[] b = new float[bias.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) bias[i];
            }
            if (original instanceof Op.Conv2D c) {
                return c.withParameters(w, b);
            }
            if (original instanceof Op.DepthwiseConv2D d) {
                return d.withParameters(w, b);
            }
            return ((Op.Dense) original).withParameters(w, b);
        }
    }

    /** Two significant digits, plainly written: 0.031, 1.5, 31, 1200. */
    static String round(double v) {
        return new BigDecimal(v).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }
}
