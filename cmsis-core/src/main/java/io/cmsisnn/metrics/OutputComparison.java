package io.cmsisnn.metrics;

/**
 * How the compiled network's outputs compare with the emulation's.
 *
 * @param mismatchedSamples samples with an element outside the tolerance
 * @param firstMismatch     index of the first such sample, or -1
 * @param maxAbsDiff        largest absolute difference seen
 * @param bitExact          every element identical
 */
public record OutputComparison(int mismatchedSamples, int firstMismatch, double maxAbsDiff, boolean bitExact) {

    /** An element matches when within {@code tolerance} absolutely or relative to the larger magnitude. */
    public static OutputComparison of(float[][] actual, float[][] expected, double tolerance) {
        int mismatched = 0;
        int first = -1;
        double max = 0;
        boolean exact = true;
        for (int i = 0; i < actual.length; i++) {
            boolean sampleOk = true;
            for (int j = 0; j < actual[i].length; j++) {
                float a = actual[i][j];
                float e = expected[i][j];
                if (a != e) {
                    exact = false;
                }
                double d = Math.abs((double) a - e);
                if (Double.isNaN(d)) {
                    d = Double.POSITIVE_INFINITY;
                }
                max = Math.max(max, d);
                double scale = Math.max(1.0, Math.max(Math.abs(a), Math.abs(e)));
                if (d > tolerance * scale) {
                    sampleOk = false;
                }
            }
            if (!sampleOk) {
                mismatched++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        return new OutputComparison(mismatched, first, max, exact);
    }
}
