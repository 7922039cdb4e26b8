package io.cmsisnn.passes;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Merges a one-input node into the node that produces its input, where the subclass says how,
 * provided nothing else reads that producer (another layer, or the graph output). The merged node
 * sits where the consumer was, takes its name (what later layers and the graph output read) and
 * the producer's inputs. One merge per call; {@link GraphLowering} repeats until none applies.
 */
abstract class ProducerRewrite implements UnaryOperator<Graph> {

    /** The merged node, or null when this pair cannot be merged. */
    abstract Node merge(Node producer, Node consumer);

    @Override
    public Graph apply(Graph g) {
        Map<String, Integer> uses = g.useCounts();
        List<Node> nodes = g.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node consumer = nodes.get(i);
            if (consumer.inputs().size() != 1) {
                continue;
            }
            String in = consumer.inputs().get(0);
            if (in.equals(g.inputName()) || uses.get(in) != 1) {
                continue;
            }
            int p = indexOf(nodes, in, i);
            Node merged = merge(nodes.get(p), consumer);
            if (merged != null) {
                List<Node> rewritten = new ArrayList<>(nodes);
                rewritten.set(i, merged);
                rewritten.remove(p); // p < i: graphs are in topological order
                return g.withNodes(rewritten, g.outputName());
            }
        }
        return g;
    }

    private static int indexOf(List<Node> nodes, String name, int before) {
        for (int i = 0; i < before; i++) {
            if (nodes.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no node '" + name + "' before index " + before);
    }

    /** Name of the source layers of a merged node, for reports: e.g. {@code Conv2D+BatchNormalization}. */
    static String mergedSource(Node producer, Node consumer) {
        return producer.source() + "+" + consumer.source();
    }
}
