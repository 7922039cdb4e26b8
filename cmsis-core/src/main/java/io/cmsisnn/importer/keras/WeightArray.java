package io.cmsisnn.importer.keras;

import java.util.Arrays;

/**
 * One weight array as stored by Keras: its variable name (kernel, bias, gamma, ...), its
 * dimensions and its values in row-major order, widened or narrowed to float.
 */
record WeightArray(String name, int[] dims, float[] values) {

    /** Checks the stored dimensions against what the layer configuration implies. */
    WeightArray expect(int... expected) {
        if (!Arrays.equals(dims, expected)) {
            throw new LayerProblem("has a '" + name + "' weight of shape " + Arrays.toString(dims)
                    + " but its configuration implies " + Arrays.toString(expected)
                    + "; the weights do not belong to this configuration. Save the model again");
        }
        return this;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims);
    }
}
