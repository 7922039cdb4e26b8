package io.cmsisnn.graph;

import java.util.Arrays;

/**
 * Where the elements of one sample of a model file's declared input or output (so far an ONNX
 * graph's) sit in the graph's HWC tensor. For the usual NCHW tensor, ONNX (c, h, w) is graph
 * (h, w, c); a model that takes NHWC data and transposes it itself keeps the ONNX order. The
 * importer that reads the file makes it; stages that read data files use it.
 *
 * @param name  the model file's tensor name
 * @param dims  the file's dimensions of one sample (the batch axis removed)
 * @param batch the batch size fixed in the file, or 0 when it is symbolic
 * @param shape the graph tensor's HWC shape
 * @param order for each ONNX row-major index of a sample, the graph's HWC index of that element
 */
public record TensorLayout(String name, int[] dims, int batch, Shape shape, int[] order) {

    public TensorLayout {
        dims = dims.clone();
        order = order.clone();
        if (order.length != shape.size()) {
            throw new IllegalArgumentException("order has " + order.length + " entries for shape " + shape);
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    @Override
    public int[] order() {
        return order.clone();
    }

    /** Values per sample. */
    public int size() {
        return order.length;
    }

    /** True when ONNX order and graph order are the same (the model's data is already channels-last or 1-D). */
    public boolean isSameOrder() {
        for (int i = 0; i < order.length; i++) {
            if (order[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** One sample in ONNX row-major order (e.g. NCHW) rearranged into the graph's HWC order. */
    public float[] toGraphOrder(float[] onnxSample) {
        checkSize(onnxSample);
        float[] out = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            out[order[i]] = onnxSample[i];
        }
        return out;
    }

    private void checkSize(float[] sample) {
        if (sample.length != order.length) {
            throw new IllegalArgumentException("'" + name + "' has " + order.length + " values per sample "
                    + Arrays.toString(dims) + ", got " + sample.length);
        }
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims) + " as " + shape + (isSameOrder() ? " (same order)" : "");
    }
}
