package io.cmsisnn.passes;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Merges a node into the single node that produces its input, where the subclass says how. The
 * merged node takes the consumer's name (what later layers read) and the producer's inputs.
 */
abstract class ProducerRewrite implements UnaryOperator<Graph> {

    /** The merged node, or null when this pair cannot be merged. */
    abstract Node merge(Node producer, Node consumer);

    @Override
    public Graph apply(Graph g) {
        List<Node> nodes = new ArrayList<>(g.nodes());
        for (int i = 0; i < nodes.size(); i++) {
            Node consumer = nodes.get(i);
            if (consumer.inputs().size() != 1) {
                continue;
            }
            String in = consumer.inputs().get(0);
            if (in.equals(g.inputName()) || in.equals(g.outputName())) {
                continue;
            }
            int p = indexOf(nodes, in);
            Node producer = nodes.get(p);
            if (readers(nodes, in) != 1) {
                continue;
            }
            Node merged = merge(producer, consumer);
            if (merged != null) {
                nodes.set(i, merged);
                nodes.remove(p);
                return g.withNodes(nodes, g.outputName());
            }
        }
        return g;
    }

    private static int indexOf(List<Node> nodes, String name) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no node " + name);
    }

    private static int readers(List<Node> nodes, String name) {
        int count = 0;
        for (Node n : nodes) {
            for (String in : n.inputs()) {
                if (in.equals(name)) {
                    count++;
                }
            }
        }
        return count;
    }
}
