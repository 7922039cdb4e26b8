package io.cmsisnn.passes;

import io.cmsisnn.graph.Graph;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Turns an imported graph into the one the C code implements: no Identity (Dropout) nodes, batch
 * normalization folded into the linear layer before it, ReLU-style clamps inside the kernel's
 * output clamp. No pass changes results beyond float rounding. They run in turn until none
 * changes anything, since one can enable another (an Identity between a Conv2D and its ReLU).
 */
public final class GraphLowering {
    private final List<UnaryOperator<Graph>> passes = List.of(new DropIdentities(), new FoldScaleShift(), new FuseActivations());

    /** The lowered graph; {@code graph} itself when nothing applies. */
    public Graph lower(Graph graph) {
        Graph current = graph;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (UnaryOperator<Graph> pass : passes) {
                Graph next = pass.apply(current);
                if (next != current) { // passes return their argument when they change nothing
                    changed = true;
                    current = next;
                }
            }
        }
        return current;
    }
}
