package io.cmsisnn.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A float network with one input and one output. Nodes are in topological order: every input a
 * node names is the graph input or an earlier node.
 */
public record Graph(String name, String inputName, Shape inputShape, List<Node> nodes, String outputName) {

    public Graph {
        nodes = List.copyOf(nodes);
        Set<String> known = new HashSet<>();
        known.add(inputName);
        for (Node n : nodes) {
            for (String in : n.inputs()) {
                if (!known.contains(in)) {
                    throw new GraphException("layer '" + n.name() + "' reads '" + in + "', which is not computed before it");
                }
            }
            if (!known.add(n.name())) {
                throw new GraphException("two tensors are named '" + n.name() + "'");
            }
        }
        if (!known.contains(outputName)) {
            throw new GraphException("the output '" + outputName + "' is not computed by the graph");
        }
    }

    public Node node(String tensor) {
        for (Node n : nodes) {
            if (n.name().equals(tensor)) {
                return n;
            }
        }
        throw new GraphException("no layer named '" + tensor + "'");
    }

    public Shape shapeOf(String tensor) {
        return tensor.equals(inputName) ? inputShape : node(tensor).shape();
    }

    public Shape outputShape() {
        return shapeOf(outputName);
    }

    /** The nodes that read a tensor, in graph order. */
    public List<Node> consumers(String tensor) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.inputs().contains(tensor)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Number of readers of each tensor, the graph output counting as one. */
    public Map<String, Integer> useCounts() {
        Map<String, Integer> uses = new LinkedHashMap<>();
        uses.put(inputName, 0);
        for (Node n : nodes) {
            uses.putIfAbsent(n.name(), 0);
            for (String in : n.inputs()) {
                uses.merge(in, 1, Integer::sum);
            }
        }
        uses.merge(outputName, 1, Integer::sum);
        return uses;
    }

    public Graph withNodes(List<Node> newNodes, String newOutput) {
        return new Graph(name, inputName, inputShape, newNodes, newOutput);
    }
}
