package io.cmsisnn.engine;

/**
 * One node's computation, built once per engine with its shapes and weights laid out for the
 * loops. Implementations hold no mutable state, so one instance serves concurrent runs.
 */
interface Kernel {
    /**
     * @param in  the node's input tensors, in the node's input order (never written)
     * @param out the node's output tensor, freshly allocated (all zeros)
     */
    void compute(float[][] in, float[] out);

    /**
     * {@link #compute} for several samples at once: {@code ins[b]} and {@code outs[b]} are sample
     * b's inputs and output. Each sample's output is exactly what {@link #compute} gives it.
     */
    default void computeBatch(float[][][] ins, float[][] outs) {
        for (int b = 0; b < ins.length; b++) {
            compute(ins[b], outs[b]);
        }
    }
}
