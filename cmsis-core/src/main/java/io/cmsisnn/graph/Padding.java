package io.cmsisnn.graph;

/** Zero padding around the spatial dimensions, in elements. */
public record Padding(int top, int bottom, int left, int right) {
    public static final Padding NONE = new Padding(0, 0, 0, 0);

    public Padding {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("negative padding");
        }
    }

    public boolean isZero() {
        return top == 0 && bottom == 0 && left == 0 && right == 0;
    }

    /**
     * TensorFlow/Keras "same" padding of one dimension: the total that keeps ceil(in/stride)
     * outputs, with the odd element at the end (bottom/right).
     */
    public static int[] same(int in, int kernel, int stride, int dilation) {
        int out = (in + stride - 1) / stride;
        int effective = (kernel - 1) * dilation + 1;
        int total = Math.max((out - 1) * stride + effective - in, 0);
        return new int[] {total / 2, total - total / 2};
    }
}
