package io.cmsisnn.importer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

/** Element-wise comparison within an absolute or relative tolerance, naming the first element that differs. */
final class FloatMatch {
    private FloatMatch() {
    }

    static final double TOLERANCE = 1e-4;

    static void assertClose(String what, float[] actual, float[] expected) {
        assertThat(actual).as(what + ": length").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) actual[i] - expected[i]);
            boolean close = diff <= TOLERANCE || diff <= TOLERANCE * Math.abs(expected[i]);
            if (!close) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " (difference " + diff + ")");
            }
        }
    }
}
