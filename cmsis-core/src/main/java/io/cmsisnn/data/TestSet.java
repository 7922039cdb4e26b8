package io.cmsisnn.data;

/**
 * Inputs to run, prepared for the model (HWC, scaled), with what to judge them by.
 *
 * @param inputs      one float array per sample
 * @param labels      class labels, or null
 * @param expected    reference outputs, or null
 * @param description where the samples came from, for the report
 */
public record TestSet(float[][] inputs, int[] labels, float[][] expected, String description) {
    public int size() {
        return inputs.length;
    }
}
