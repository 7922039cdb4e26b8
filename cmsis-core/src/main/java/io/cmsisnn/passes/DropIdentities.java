package io.cmsisnn.passes;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Removes Identity nodes (Dropout and the like at inference): their readers, and the graph output
 * if it is one of them, read the Identity's input instead. Chains of Identities collapse at once.
 */
final class DropIdentities implements UnaryOperator<Graph> {

    @Override
    public Graph apply(Graph g) {
        Map<String, String> replacedBy = new HashMap<>();
        List<Node> kept = new ArrayList<>();
        for (Node n : g.nodes()) {
            List<String> inputs = new ArrayList<>(n.inputs().size());
            for (String in : n.inputs()) {
                inputs.add(replacedBy.getOrDefault(in, in)); // already resolved: earlier nodes come first
            }
            if (n.op() instanceof Op.Identity) {
                replacedBy.put(n.name(), inputs.get(0));
            } else {
                kept.add(inputs.equals(n.inputs()) ? n : n.withInputs(inputs));
            }
        }
        if (replacedBy.isEmpty()) {
            return g;
        }
        return g.withNodes(kept, replacedBy.getOrDefault(g.outputName(), g.outputName()));
    }
}
