package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Op;

/** Layers that combine several tensors: Add and Concatenate. */
final class MergeLayers {
    private MergeLayers() {
    }

    static void add(GraphBuilder graph, KerasLayer layer) {
        int rank = commonRank(graph, layer);
        graph.add(layer.name(), layer.className(), new Op.Add(), layer.inputs(), rank);
    }

    static void concatenate(GraphBuilder graph, KerasLayer layer) {
        int rank = commonRank(graph, layer);
        int axis = layer.integer("axis", -1);
        graph.add(layer.name(), layer.className(), new Op.Concat(axisOf(axis, rank)), layer.inputs(), rank);
    }

    /**
     * A Keras axis (counting the batch as axis 0; negative from the end) of a tensor of the given
     * Keras rank, as H, W or C: rank 3 (h, w, c) 1→H 2→W 3→C; rank 2 (steps, ch) 1→W 2→C; rank 1 → C.
     */
    static Op.Axis axisOf(int kerasAxis, int rank) {
        int axis = kerasAxis < 0 ? rank + 1 + kerasAxis : kerasAxis;
        if (axis < 1 || axis > rank) {
            throw new LayerProblem("concatenates along axis " + kerasAxis + ", which is "
                    + (axis == 0 ? "the batch axis" : "outside an input of rank " + rank) + "; use an axis of the sample");
        }
        int fromEnd = rank - axis; // 0 = channels, 1 = the axis before, ...
        return fromEnd == 0 ? Op.Axis.C : fromEnd == 1 ? Op.Axis.W : Op.Axis.H;
    }

    private static int commonRank(GraphBuilder graph, KerasLayer layer) {
        if (layer.inputs().size() < 2) {
            throw new LayerProblem("reads " + layer.inputs().size() + " tensor(s); it needs at least two");
        }
        int rank = graph.tensor(layer.inputs().get(0)).kerasRank();
        for (String in : layer.inputs()) {
            TensorInfo t = graph.tensor(in);
            if (t.kerasRank() != rank) {
                throw new LayerProblem("combines tensors of different rank ('" + layer.inputs().get(0) + "' and '" + in
                        + "' with shape " + t.kerasShape() + "); broadcasting is not supported");
            }
        }
        return rank;
    }
}
