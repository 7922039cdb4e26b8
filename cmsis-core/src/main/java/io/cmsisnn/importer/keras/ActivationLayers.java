package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Keras activations: the {@code activation} argument of Dense and convolution layers, and the
 * Activation, ReLU, LeakyReLU and Softmax layers.
 */
final class ActivationLayers {
    private ActivationLayers() {
    }

    private static final String SUPPORTED = "linear, relu, relu6, sigmoid, tanh, softmax, leaky_relu";

    /**
     * Emits a layer with a fused activation. ReLU and ReLU6 become the op's output clamp; sigmoid,
     * tanh, softmax and leaky ReLU need a node of their own, so the op is named
     * {@code <name>/linear} and the activation node takes the layer's name.
     */
    static void emit(GraphBuilder graph, KerasLayer layer, String name, Function<Activation, Op> op, List<String> inputs, int rank) {
        String activation = activationName(layer);
        Activation fused = fusable(activation);
        if (fused != null) {
            graph.add(name, layer.className(), op.apply(fused), inputs, rank);
            return;
        }
        Op separate = standalone(activation);
        String linear = name + "/linear";
        graph.add(linear, layer.className(), op.apply(Activation.LINEAR), inputs, rank);
        graph.add(name, layer.className(), separate, List.of(linear), rank);
    }

    /** The Activation layer. */
    static void activationLayer(GraphBuilder graph, KerasLayer layer, String input) {
        TensorInfo x = graph.tensor(input);
        graph.add(layer.name(), layer.className(), standalone(activationName(layer)), List.of(input), x.kerasRank());
    }

    /** ReLU(max_value, negative_slope, threshold): a clamp, or a leaky ReLU when it has a slope and no maximum. */
    static void relu(GraphBuilder graph, KerasLayer layer, String input) {
        double threshold = layer.number("threshold", 0);
        double slope = layer.number("negative_slope", 0);
        Double max = layer.optionalNumber("max_value");
        if (threshold != 0) {
            throw new LayerProblem("has threshold " + threshold + "; only threshold 0 is supported");
        }
        Activation a;
        if (slope == 0) {
            a = Activation.clamp(0f, max == null ? Float.POSITIVE_INFINITY : (float) max.doubleValue());
        } else if (slope > 0 && max == null) {
            a = Activation.leakyRelu((float) slope);
        } else {
            throw new LayerProblem("has negative_slope " + slope + " together with max_value " + max
                    + "; only a bounded ReLU (slope 0) or a leaky ReLU without max_value is supported");
        }
        graph.add(layer.name(), layer.className(), new Op.ActivationOp(a), List.of(input), graph.tensor(input).kerasRank());
    }

    /** LeakyReLU: Keras 2 calls the slope alpha, Keras 3 negative_slope; both default to 0.3. */
    static void leakyRelu(GraphBuilder graph, KerasLayer layer, String input) {
        double slope = layer.has("negative_slope") ? layer.number("negative_slope", 0.3) : layer.number("alpha", 0.3);
        graph.add(layer.name(), layer.className(), new Op.ActivationOp(Activation.leakyRelu((float) slope)),
                List.of(input), graph.tensor(input).kerasRank());
    }

    /** Softmax over the last axis only, which is the channel axis here. */
    static void softmax(GraphBuilder graph, KerasLayer layer, String input) {
        TensorInfo x = graph.tensor(input);
        Object axisValue = layer.raw("axis");
        if (axisValue instanceof List<?> l && l.size() == 1) {
            axisValue = l.get(0);
        }
        int axis = axisValue instanceof Number n ? n.intValue() : -1;
        if (axisValue != null && !(axisValue instanceof Number)) {
            throw new LayerProblem("has axis " + axisValue + "; only softmax over the last axis is supported");
        }
        if (axis != -1 && axis != x.kerasRank()) {
            throw new LayerProblem("takes the softmax over axis " + axis + " of an input of shape " + x.kerasShape()
                    + "; only the last axis is supported");
        }
        graph.add(layer.name(), layer.className(), new Op.Softmax(), List.of(input), x.kerasRank());
    }

    /** The activation argument as a lower-case name; Keras 3 may write it as a serialized function object. */
    static String activationName(KerasLayer layer) {
        Object v = layer.raw("activation");
        if (v == null) {
            return "linear";
        }
        if (v instanceof Map<?, ?> m && m.get("config") instanceof String s) {
            v = s;
        }
        if (v instanceof String s) {
            return s.toLowerCase(Locale.ROOT);
        }
        throw new LayerProblem("has an activation this converter cannot read (" + v + "); use one of " + SUPPORTED);
    }

    /** The activation as an op output clamp, or null when it needs a node of its own. */
    static Activation fusable(String name) {
        switch (name) {
            case "linear":
                return Activation.LINEAR;
            case "relu":
                return Activation.RELU;
            case "relu6":
                return Activation.RELU6;
            default:
                return null;
        }
    }

    /** The activation as a node of its own; linear becomes an Identity the passes remove. */
    static Op standalone(String name) {
        switch (name) {
            case "linear":
                return new Op.Identity();
            case "relu":
                return new Op.ActivationOp(Activation.RELU);
            case "relu6":
                return new Op.ActivationOp(Activation.RELU6);
            case "sigmoid":
                return new Op.ActivationOp(Activation.SIGMOID);
            case "tanh":
                return new Op.ActivationOp(Activation.TANH);
            case "softmax":
                return new Op.Softmax();
            case "leaky_relu":
                return new Op.ActivationOp(Activation.leakyRelu(0.2f)); // keras.activations.leaky_relu's default slope
            default:
                throw new LayerProblem("uses activation '" + name + "', which is not supported. Supported activations: "
                        + SUPPORTED + ". Retrain with one of them, or use a supported layer, and save the model again");
        }
    }
}
