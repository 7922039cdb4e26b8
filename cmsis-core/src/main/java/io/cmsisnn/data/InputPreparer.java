package io.cmsisnn.data;

import io.cmsisnn.graph.Shape;

/** Turns a data array into model inputs: one float[] (HWC order) per sample, scaled. */
public final class InputPreparer {
    private InputPreparer() {
    }

    /**
     * Splits {@code data} along its first axis into samples. The remaining dimensions, whatever
     * their arrangement ([N,28,28], [N,28,28,1], [N,784], ...), must hold exactly
     * {@code modelInput.size()} values, in row-major (HWC) order; a 1-D array [N] gives one value
     * per sample. Each value becomes {@code (float) (raw * scale + offset)}.
     *
     * @param fileDescription names the data in messages, usually the file path
     * @throws DataException on a shape mismatch, no samples, or a non-finite value
     */
    public static float[][] samples(NdArray data, Shape modelInput, double scale, double offset,
            String fileDescription) {
        String what = fileDescription == null ? "test data" : fileDescription;
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new DataException(what + ": input scale " + scale + " and offset " + offset
                    + " must both be finite numbers; fix the input scaling in the configuration");
        }
        int[] shape = data.shape();
        if (shape.length == 0) {
            throw new DataException(what + " holds a single number (shape []), not a list of samples; give an array "
                    + "whose first axis counts the samples, e.g. [N, " + modelInput.h() + ", " + modelInput.w() + ", "
                    + modelInput.c() + "]");
        }
        int n = shape[0];
        int[] sampleShape = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        long per = 1;
        for (int d : sampleShape) {
            per *= d;
        }
        int expected = modelInput.size();
        if (per != expected) {
            throw new DataException(what + ": each sample has shape " + NdArray.shapeString(sampleShape) + " ("
                    + per + (per == 1 ? " value" : " values") + ") but the model input is " + modelInput + " ("
                    + expected + (expected == 1 ? " value" : " values") + "); give data whose samples match the "
                    + "model input (the first axis counts the samples, e.g. shape [N, " + modelInput.h() + ", "
                    + modelInput.w() + ", " + modelInput.c() + "])");
        }
        if (n == 0) {
            throw new DataException(what + " holds no samples (shape " + NdArray.shapeString(shape)
                    + "); give at least one sample");
        }
        double[] raw = data.data();
        float[][] out = new float[n][expected];
        int k = 0;
        for (int s = 0; s < n; s++) {
            float[] sample = out[s];
            for (int i = 0; i < expected; i++, k++) {
                float v = (float) (raw[k] * scale + offset);
                if (!Float.isFinite(v)) {
                    throw nonFinite(what, s, i, raw[k], v);
                }
                sample[i] = v;
            }
        }
        return out;
    }

    private static DataException nonFinite(String what, int sample, int index, double raw, float scaled) {
        if (!Double.isFinite(raw)) {
            return new DataException(what + ": sample " + sample + " (counting from 0) holds " + raw
                    + " at position " + index + " of the sample; clean the data (replace or drop samples with "
                    + "missing or infinite values)");
        }
        return new DataException(what + ": sample " + sample + " (counting from 0) holds " + raw + " at position "
                + index + ", which becomes " + scaled + " after scaling; check the input scale and offset");
    }
}
