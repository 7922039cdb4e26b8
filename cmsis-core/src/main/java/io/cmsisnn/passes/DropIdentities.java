package io.cmsisnn.passes;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Removes Identity nodes (Dropout at inference), pointing their readers at their input. */
final class DropIdentities implements UnaryOperator<Graph> {

    @Override
    public Graph apply(Graph g) {
        Map<String, String> replaced = new HashMap<>();
        List<Node> kept = new ArrayList<>();
        for (Node n : g.nodes()) {
            List<String> inputs = n.inputs().stream().map(i -> replaced.getOrDefault(i, i)).toList();
            if (n.op() instanceof Op.Identity) {
                replaced.put(n.name(), inputs.get(0));
            } else {
                kept.add(inputs.equals(n.inputs()) ? n : n.withInputs(inputs));
            }
        }
        if (replaced.isEmpty()) {
            return g;
        }
        return g.withNodes(kept, replaced.getOrDefault(g.outputName(), g.outputName()));
    }
}
