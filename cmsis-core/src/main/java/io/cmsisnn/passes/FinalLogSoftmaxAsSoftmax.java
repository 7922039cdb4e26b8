package io.cmsisnn.passes;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * For the legacy fixed-point schemes only: a LogSoftmax that produces the network output becomes
 * a Softmax. CMSIS 5 has no log-softmax and its Q-formats cannot hold log-probabilities, which
 * have no lower bound; the softmax has the same arg-max, so the predicted class is unchanged, but
 * the network then outputs probabilities. Not part of {@link GraphLowering}, which never changes
 * results: the caller must say so where the user reads about the network ({@link #NOTE}).
 */
public final class FinalLogSoftmaxAsSoftmax implements UnaryOperator<Graph> {

    /** What the report and the generated code say when the rewrite applied. */
    public static final String NOTE = "the model's final LogSoftmax is computed as a softmax (CMSIS 5 has no log-softmax, "
            + "and a Q-format cannot hold log-probabilities): the network outputs probabilities p instead of log(p); "
            + "the arg-max (predicted class) is the same. Use scheme f32 for log-probabilities";

    /** The graph with its output LogSoftmax replaced; {@code graph} itself when the output is something else. */
    @Override
    public Graph apply(Graph graph) {
        if (graph.outputName().equals(graph.inputName())) {
            return graph;
        }
        Node out = graph.node(graph.outputName());
        if (!(out.op() instanceof Op.LogSoftmax)) {
            return graph;
        }
        List<Node> nodes = new ArrayList<>(graph.nodes());
        nodes.set(nodes.indexOf(out), out.withOp(new Op.Softmax()));
        return graph.withNodes(nodes, graph.outputName());
    }
}
