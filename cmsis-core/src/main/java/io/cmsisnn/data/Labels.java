package io.cmsisnn.data;

/** Turns a label array into class indices. */
public final class Labels {
    private Labels() {
    }

    /**
     * Class indices from {@code labels}: a 1-D array of whole numbers ≥ 0 (any dtype), an [N,1]
     * column, or an [N,K] one-hot/probability array (the index of the largest value in each row,
     * the first on ties). A single row [1,N] is read as N labels when {@code expectedCount} is N.
     *
     * @param expectedCount number of samples in the test data (all of them: when only the first n
     *                      samples are used, check the whole files, then take the first n labels)
     * @throws DataException when the count differs or a value is not a class index
     */
    public static int[] labels(NdArray labels, int expectedCount, String fileDescription) {
        return labels(labels, expectedCount, fileDescription, null);
    }

    /**
     * As {@link #labels(NdArray, int, String)}, naming the test data too when the counts differ.
     *
     * @param samplesDescription names the test data (usually its file path) in messages; may be null
     */
    public static int[] labels(NdArray labels, int expectedCount, String fileDescription,
            String samplesDescription) {
        String what = fileDescription == null || fileDescription.isEmpty() ? "the labels" : fileDescription;
        String samples = samplesDescription == null || samplesDescription.isEmpty() ? "the test data"
                : samplesDescription;
        int[] shape = labels.shape();
        double[] v = labels.data();
        if (shape.length == 0) {
            throw new DataException(what + " holds a single number (shape []), not one label per sample; give a 1-D "
                    + "array of class indices or an [N, classes] one-hot array");
        }
        int n = shape[0];
        int k = 1;
        for (int i = 1; i < shape.length; i++) {
            k *= shape[i];
        }
        if (shape.length == 2 && n == 1 && k == expectedCount && expectedCount != 1) {
            n = k; // a single row of labels
            k = 1;
        } else if (shape.length > 2 && k != 1) {
            throw new DataException(what + " has shape " + labels.shapeString() + "; labels must be a 1-D array of "
                    + "class indices [N] or a 2-D one-hot array [N, classes]");
        }
        if (n != expectedCount) {
            throw new DataException(what + " holds " + n + (n == 1 ? " label" : " labels") + " (shape "
                    + labels.shapeString() + ") but " + samples + " holds " + expectedCount
                    + (expectedCount == 1 ? " sample" : " samples") + "; give one label per sample, in the same "
                    + "order, and check that the two files belong together");
        }
        int[] out = new int[n];
        if (k == 1) {
            for (int i = 0; i < n; i++) {
                double x = v[i];
                if (!(x >= 0) || x != Math.rint(x) || x > Integer.MAX_VALUE) {
                    throw new DataException(what + ": label " + i + " (counting from 0) is " + x
                            + ", not a class index; labels must be whole numbers 0, 1, 2, ... "
                            + "(or an [N, classes] one-hot array)");
                }
                out[i] = (int) x;
            }
            return out;
        }
        if (k == 0) {
            throw new DataException(what + " has shape " + labels.shapeString() + " with no classes; give class "
                    + "indices [N] or a one-hot array [N, classes]");
        }
        for (int i = 0; i < n; i++) {
            int base = i * k;
            int best = 0;
            double bestValue = v[base];
            for (int j = 0; j < k; j++) {
                double x = v[base + j];
                if (Double.isNaN(x)) {
                    throw new DataException(what + ": row " + i + " (counting from 0) holds NaN at column " + j
                            + "; clean the labels");
                }
                if (x > bestValue) {
                    bestValue = x;
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
