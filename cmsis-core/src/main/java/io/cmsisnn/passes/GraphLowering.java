package io.cmsisnn.passes;

import io.cmsisnn.graph.Graph;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Turns an imported graph into the one the C code implements: no Dropout, batch normalization
 * folded into the layer before it, ReLU-style activations in the kernel's output clamp. Each
 * pass changes nothing beyond float rounding; they run until none applies.
 */
public final class GraphLowering {
    private final List<UnaryOperator<Graph>> passes = List.of(new DropIdentities(), new FoldScaleShift(), new FuseActivations());

    public Graph lower(Graph graph) {
        Graph current = graph;
        while (true) {
            Graph before = current;
            for (UnaryOperator<Graph> pass : passes) {
                current = pass.apply(current);
            }
            if (current.equals(before)) {
                return current;
            }
        }
    }
}
