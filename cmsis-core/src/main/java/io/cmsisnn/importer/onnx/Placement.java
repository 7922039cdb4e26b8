package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * Gives a reshaped or transposed tensor its place in the graph without moving data: new ONNX dims
 * and the order that follows from the old one. A Reshape node is added only where the graph shape
 * must change: to the natural shape when the order happens to be natural again, or to a vector
 * so that a Dense can read flattened features in whatever order they sit.
 */
final class Placement {
    private Placement() {
    }

    static void place(ConversionContext c, OnnxNode n, DataTensor x, int[] newDims, int[] order) {
        if (Layouts.size(newDims) != x.size()) {
            throw new NodeProblem("turns " + x.describe() + " (" + x.size() + " values per sample) into "
                    + Arrays.toString(newDims) + " per sample");
        }
        Shape natural = Layouts.naturalShape(newDims);
        if (natural != null && Arrays.equals(order, Layouts.naturalOrder(newDims))) {
            bind(c, n, x, newDims, natural, null);
        } else if (newDims.length == 1) {
            bind(c, n, x, newDims, Shape.vector(newDims[0]), order);
        } else {
            c.bind(n.output(0), new DataTensor(x.node(), newDims, x.shape(), order));
        }
    }

    private static void bind(ConversionContext c, OnnxNode n, DataTensor x, int[] dims, Shape shape, int[] order) {
        String node = shape.equals(x.shape()) ? x.node() : c.emit(n, new Op.Reshape(shape), List.of(x.node()));
        c.bind(n.output(0), new DataTensor(node, dims, shape, order));
    }

    /** Same elements in the same ONNX row-major order, new dims. */
    static void reshape(ConversionContext c, OnnxNode n, DataTensor x, int[] newDims) {
        place(c, n, x, newDims, x.orderArray());
    }

    /** Output axis i is input axis perm[i] (per-sample axes, batch excluded). */
    static void transpose(ConversionContext c, OnnxNode n, DataTensor x, int[] perm) {
        int[] sources = Layouts.transposeSources(x.dims(), perm);
        int[] inOrder = x.orderArray();
        int[] order = new int[sources.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = inOrder[sources[j]];
        }
        place(c, n, x, Layouts.permute(x.dims(), perm), order);
    }
}
