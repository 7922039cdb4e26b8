package io.cmsisnn.quant;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where an s8 network with some layers widened to 16x8 holds int16 tensors, and the requantize
 * nodes that move a tensor between int8 and int16 where a reader's word size differs from the
 * writer's. A widened layer reads and writes int16; a layer that keeps its input's quantization
 * (pool, pad, reshape, clamp) keeps its input's word size too; every other layer is int8 and has
 * its int16 inputs requantized, so an add or a concatenation with mixed inputs reads one word size.
 * The graph input and output stay int8, so the network's interface is that of the s8 network.
 *
 * @param graph        the graph with the requantize nodes in it (each just before its first reader)
 * @param wideTensors  the int16 tensors
 * @param requantized  for each requantize node, the tensor it converts
 */
public record WidenedGraph(Graph graph, Set<String> wideTensors, Map<String, String> requantized) {
    /** The {@link Node#source()} of the inserted nodes, for the report. */
    public static final String REQUANTIZE = "Requantize";

    public WidenedGraph {
        wideTensors = Set.copyOf(wideTensors);
        requantized = Map.copyOf(requantized);
    }

    /** The graph unchanged: nothing widened. */
    public static WidenedGraph none(Graph graph) {
        return new WidenedGraph(graph, Set.of(), Map.of());
    }

    /**
     * @param widened names of layers to run as 16x8
     * @throws ConfigurationException naming a layer the graph does not have or that has no int16 kernel, with the valid names
     */
    public static WidenedGraph of(Graph graph, Set<String> widened) {
        if (widened.isEmpty()) {
            return none(graph);
        }
        requireLayers(graph, widened);
        List<String> valid = graph.nodes().stream().filter(WidenedGraph::widenable).map(Node::name).toList();
        for (String name : new java.util.TreeSet<>(widened)) {
            if (!valid.contains(name)) {
                throw new ConfigurationException("layerPrecision names layer '" + name + "', which has no int16 kernel in CMSIS-NN ("
                        + graph.node(name).source() + ") and cannot be widened; " + validNames(valid));
            }
        }
        Set<String> taken = graph.nodes().stream().map(Node::name).collect(Collectors.toCollection(HashSet::new));
        taken.add(graph.inputName());
        Set<String> wide = new LinkedHashSet<>();
        Map<String, String> requantized = new LinkedHashMap<>();
        Map<String, String> converted = new LinkedHashMap<>(); // "tensor" + word size -> requantize node
        List<Node> nodes = new ArrayList<>();
        for (Node node : graph.nodes()) {
            boolean keepsInput = keepsInputQuantization(node) && !widened.contains(node.name());
            boolean nodeWide = widened.contains(node.name()) || (keepsInput && wide.contains(node.inputs().get(0)));
            List<String> inputs = new ArrayList<>();
            for (String in : node.inputs()) {
                if (wide.contains(in) == nodeWide) {
                    inputs.add(in);
                    continue;
                }
                String key = in + (nodeWide ? "/16" : "/8");
                String conversion = converted.get(key);
                if (conversion == null) {
                    conversion = unique(in + (nodeWide ? "/to_int16" : "/to_int8"), taken);
                    converted.put(key, conversion);
                    requantized.put(conversion, in);
                    nodes.add(new Node(conversion, REQUANTIZE, new Op.Identity(), List.of(in), graph.shapeOf(in)));
                    if (nodeWide) {
                        wide.add(conversion);
                    }
                }
                inputs.add(conversion);
            }
            nodes.add(node.withInputs(inputs));
            if (nodeWide) {
                wide.add(node.name());
            }
        }
        String output = graph.outputName();
        if (wide.contains(output)) {
            String conversion = unique(output + "/to_int8", taken);
            requantized.put(conversion, output);
            nodes.add(new Node(conversion, REQUANTIZE, new Op.Identity(), List.of(output), graph.shapeOf(output)));
            output = conversion;
        }
        return new WidenedGraph(graph.withNodes(nodes, output), wide, requantized);
    }

    /**
     * Every name is a layer of the graph (an {@code s8} entry of {@code layerPrecision} too, though it changes nothing).
     *
     * @throws ConfigurationException naming the first unknown layer, with the layers that can be widened
     */
    public static void requireLayers(Graph graph, Set<String> names) {
        for (String name : new java.util.TreeSet<>(names)) {
            if (graph.nodes().stream().noneMatch(n -> n.name().equals(name))) {
                throw new ConfigurationException("layerPrecision names layer '" + name + "', which is no layer of the converted "
                        + "network; " + validNames(graph.nodes().stream().filter(WidenedGraph::widenable).map(Node::name).toList()));
            }
        }
    }

    private static String validNames(List<String> valid) {
        return "layers that can run as s16 (names as the report lists them, after batch norms and activations are fused): "
                + String.join(", ", valid);
    }

    /** Whether a requantize node of this graph made the tensor. */
    public boolean isRequantize(String tensor) {
        return requantized.containsKey(tensor);
    }

    private static String unique(String name, Set<String> taken) {
        String n = name;
        while (!taken.add(n)) {
            n = n + "_";
        }
        return n;
    }

    /** Pool, pad, reshape, identity and clamps: their output has their input's quantization. */
    private static boolean keepsInputQuantization(Node node) {
        Op op = node.op();
        if (op instanceof Op.ActivationOp a) {
            return a.activation().kind() == Activation.Kind.CLAMP || a.activation().kind() == Activation.Kind.LINEAR;
        }
        return op instanceof Op.Pool2D || op instanceof Op.GlobalPool || op instanceof Op.Pad || op instanceof Op.Reshape
                || op instanceof Op.Identity;
    }

    /** Whether CMSIS-NN (or a generated int16 loop) can run the layer with int16 activations. */
    public static boolean widenable(Node node) {
        return node.op().accept(new Op.Visitor<Boolean>() {
            @Override
            public Boolean conv2D(Op.Conv2D op) {
                return op.groups() == 1;
            }

            @Override
            public Boolean depthwiseConv2D(Op.DepthwiseConv2D op) {
                return true;
            }

            @Override
            public Boolean dense(Op.Dense op) {
                return true;
            }

            @Override
            public Boolean pool2D(Op.Pool2D op) {
                return true;
            }

            @Override
            public Boolean globalPool(Op.GlobalPool op) {
                return true;
            }

            @Override
            public Boolean activationOp(Op.ActivationOp op) {
                // int16 sigmoid and tanh need arm_nn_activation_s16, which is not bundled
                Activation.Kind k = op.activation().kind();
                return k == Activation.Kind.CLAMP || k == Activation.Kind.LINEAR || k == Activation.Kind.LEAKY_RELU;
            }

            @Override
            public Boolean softmax(Op.Softmax op) {
                return true;
            }

            @Override
            public Boolean logSoftmax(Op.LogSoftmax op) {
                return false;
            }

            @Override
            public Boolean scaleShift(Op.ScaleShift op) {
                return true;
            }

            @Override
            public Boolean add(Op.Add op) {
                return true;
            }

            @Override
            public Boolean concat(Op.Concat op) {
                return true;
            }

            @Override
            public Boolean pad(Op.Pad op) {
                return true;
            }

            @Override
            public Boolean upsample(Op.Upsample op) {
                return false;
            }

            @Override
            public Boolean reshape(Op.Reshape op) {
                return true;
            }

            @Override
            public Boolean identity(Op.Identity op) {
                return true;
            }
        });
    }
}
