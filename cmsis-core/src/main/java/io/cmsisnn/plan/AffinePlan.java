package io.cmsisnn.plan;

import io.cmsisnn.graph.Node;
import io.cmsisnn.quant.AffineLayer;
import io.cmsisnn.quant.AffineNetwork;
import java.util.HashMap;
import java.util.Map;

/**
 * The arena of an s8/s16 network, as its C and its report lay it out: each tensor sized by its own
 * word size (int16 tensors of an s8 network take two bytes an element, offsets stay in bytes), 4-byte
 * aligned regions, and only layers that run nothing (reshapes) sharing their input's region; a
 * requantize node is an Identity in the graph but writes a tensor of its own.
 */
public final class AffinePlan {
    private AffinePlan() {
    }

    public static MemoryPlan of(AffineNetwork net) {
        Map<String, Long> layerBytes = new HashMap<>();
        Map<String, Boolean> runsNothing = new HashMap<>();
        for (AffineLayer l : net.layers()) {
            layerBytes.put(l.node().name(), l.weightBytes());
            runsNothing.put(l.node().name(), l.steps().isEmpty());
        }
        return new MemoryPlanner(net.bits() / 8, 4, n -> layerBytes.getOrDefault(n.name(), 0L), n -> 0L,
                tensor -> net.bits(tensor) / 8,
                (Node n) -> MemoryPlanner.aliasesInput(n) && runsNothing.getOrDefault(n.name(), true)).plan(net.graph());
    }
}
