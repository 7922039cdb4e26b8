package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Shape;

/**
 * A tensor the network computes at run time, one sample of it.
 *
 * @param node  the graph node (or graph input) that holds it
 * @param dims  ONNX dimensions without the batch axis
 * @param shape the HWC shape of the graph tensor that stores it
 * @param order for each ONNX row-major index, the HWC index that holds that element; null when the
 *              placement is the natural one (see {@link Layouts}), which most tensors keep
 */
record DataTensor(String node, int[] dims, Shape shape, int[] order) implements Value {

    DataTensor {
        if (order != null && Layouts.isNatural(dims, shape, order)) {
            order = null;
        }
        if (order == null && !shape.equals(Layouts.naturalShape(dims))) {
            throw new IllegalArgumentException("dims and shape " + shape + " do not match a natural placement");
        }
    }

    static DataTensor natural(String node, int[] dims) {
        return new DataTensor(node, dims, Layouts.naturalShape(dims), null);
    }

    boolean isNatural() {
        return order == null;
    }

    int[] orderArray() {
        return order != null ? order : Layouts.naturalOrder(dims);
    }

    int rank() {
        return dims.length;
    }

    int size() {
        return shape.size();
    }

    /** The same placement held by another node (element-wise ops). */
    DataTensor heldBy(String newNode) {
        return new DataTensor(newNode, dims, shape, order);
    }

    String describe() {
        StringBuilder sb = new StringBuilder("[N");
        for (int d : dims) {
            sb.append(',').append(d);
        }
        return sb.append(']').toString();
    }
}
