package io.cmsisnn.data;

import io.cmsisnn.graph.Shape;
import io.cmsisnn.graph.TensorLayout;
import java.util.Arrays;

/**
 * Splits a data array into samples of one model tensor (its input, or its output for expected
 * outputs) in the graph's HWC order. Channels-last data goes through {@link InputPreparer} as it
 * is; channels-first data (NCHW, PyTorch's order) is rearranged sample by sample, with the ONNX
 * importer's own account of where each element went when the model is ONNX.
 */
public final class SampleReader {
    private final DataLayout layout;
    private final Shape shape;
    private final TensorLayout onnx;
    private final String tensorName;

    /**
     * @param layout     what the user declared
     * @param shape      the graph tensor's HWC shape
     * @param onnx       the ONNX tensor's layout, or null for models whose data is HWC (Keras)
     * @param tensorName the tensor's name, for messages; may be null
     */
    public SampleReader(DataLayout layout, Shape shape, TensorLayout onnx, String tensorName) {
        this.layout = layout;
        this.shape = shape;
        this.onnx = onnx != null && onnx.size() == shape.size() ? onnx : null;
        this.tensorName = tensorName;
    }

    /** The graph tensor's HWC shape the samples are read into. */
    public Shape shape() {
        return shape;
    }

    /**
     * The first {@code limit} samples ({@code <= 0}: all), scaled as {@code raw * scale + offset},
     * in HWC order.
     *
     * @throws DataException when the samples fit neither the declared nor (auto) any order
     */
    public float[][] read(NdArray data, double scale, double offset, String what, int limit) {
        if (!channelsFirst(data)) {
            return InputPreparer.samples(data, shape, tensorName, scale, offset, what, limit);
        }
        checkChannelsFirst(data, what);
        int per = shape.size();
        NdArray flat = new NdArray(new int[] {data.shape()[0], per}, data.data(), data.dtype());
        float[][] samples = InputPreparer.samples(flat, new Shape(1, 1, per), tensorName, scale, offset, what, limit);
        for (int s = 0; s < samples.length; s++) {
            samples[s] = toHwc(samples[s]);
        }
        return samples;
    }

    /**
     * True when the data is to be read channels first: declared {@code nchw}, or {@code auto} with
     * an ONNX model whose tensor is channels first and samples of exactly that tensor's ONNX shape
     * (e.g. [N, 3, 32, 32] for an input [N, 3, 32, 32]). Other data under {@code auto} is HWC: with
     * one channel the two orders are the same, and a flat [N, C·H·W] array is ambiguous.
     */
    public boolean channelsFirst(NdArray data) {
        return switch (layout) {
            case NCHW -> true;
            case NHWC -> false;
            case AUTO -> onnx != null && !onnx.isSameOrder() && data.rank() >= 2
                    && Arrays.equals(Arrays.copyOfRange(data.shape(), 1, data.rank()), onnx.dims());
        };
    }

    /** The channels-first dims of one sample: the ONNX tensor's own, or C, H, W of the graph shape. */
    private int[] channelsFirstDims() {
        if (onnx != null && !onnx.isSameOrder()) {
            return onnx.dims();
        }
        return new int[] {shape.c(), shape.h(), shape.w()};
    }

    private float[] toHwc(float[] sample) {
        if (onnx != null && !onnx.isSameOrder()) {
            return onnx.toGraphOrder(sample);
        }
        int c = shape.c();
        int positions = shape.h() * shape.w();
        float[] out = new float[sample.length];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < positions; p++) {
                out[p * c + ch] = sample[ch * positions + p];
            }
        }
        return out;
    }

    /**
     * The samples must hold C·H·W values whose axes, leaving out those of length 1, split the
     * channels-first dims only where they meet ([N, C, H, W] or [N, C·H·W], not [N, H, W, C]).
     */
    private void checkChannelsFirst(NdArray data, String what) {
        int[] dims = data.shape();
        long per = 1;
        for (int i = 1; i < dims.length; i++) {
            per *= dims[i];
        }
        if (dims.length < 2 || per != shape.size()) {
            // not one sample per row at all: InputPreparer's message says what the data should look like
            InputPreparer.sampleCount(data, shape, tensorName, what);
        }
        int[] cf = channelsFirstDims();
        long[] allowed = InputPreparer.prefixProducts(cf);
        for (long p : InputPreparer.prefixProducts(Arrays.copyOfRange(dims, 1, dims.length))) {
            if (Arrays.stream(allowed).noneMatch(a -> a == p)) {
                String tensor = tensorName == null ? "the model tensor" : "'" + tensorName + "'";
                throw new DataException(what + ": samples have shape " + Arrays.toString(Arrays.copyOfRange(dims, 1,
                        dims.length)) + ", which is not the channels-first shape " + Arrays.toString(cf) + " of " + tensor
                        + " (dataLayout " + layout.id() + "); give data of shape [N, " + join(cf) + "] or [N, " + shape.size()
                        + "], or set <dataLayout>nhwc</dataLayout> for channels-last data [N, " + shape.h() + ", "
                        + shape.w() + ", " + shape.c() + "]");
            }
        }
    }

    private static String join(int[] dims) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return b.toString();
    }
}
