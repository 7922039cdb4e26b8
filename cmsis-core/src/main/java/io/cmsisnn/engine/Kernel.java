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
}
