package io.cmsisnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.graph.Shape;
import org.junit.jupiter.api.Test;

class InputPreparerTest {
    /** An array whose value at flat index i is i, so every value says where it came from. */
    private static NdArray ramp(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return new NdArray(shape, v, "f8");
    }

    @Test
    void acceptsEveryLayoutWhoseRowMajorOrderIsTheModelsHwcOrder() {
        Shape mnist = new Shape(28, 28, 1);
        for (int[] shape : new int[][] {{3, 28, 28}, {3, 28, 28, 1}, {3, 1, 28, 28}, {3, 784}, {3, 784, 1}}) {
            float[][] s = InputPreparer.samples(ramp(shape), mnist, 1.0, 0.0, "x.npy");
            assertThat(s).hasNumberOfRows(3);
            assertThat(s[2]).hasSize(784);
            // sample 2 starts at flat index 2 * 784 = 1568 and ends at 3 * 784 - 1 = 2351
            assertThat(s[2][0]).isEqualTo(1568f);
            assertThat(s[2][783]).isEqualTo(2351f);
        }
        assertThat(InputPreparer.samples(ramp(4, 26, 3), new Shape(1, 26, 3), 1, 0, "har")[3])
                .hasSize(78).startsWith(234f, 235f, 236f);
        assertThat(InputPreparer.samples(ramp(2, 30, 1, 40), new Shape(30, 1, 40), 1, 0, "kws")[1]).hasSize(1200);
        assertThat(InputPreparer.samples(ramp(2, 30, 40), new Shape(30, 1, 40), 1, 0, "kws")[1]).hasSize(1200);
        // [N, H, W*C] merges the last two model axes and keeps the order
        assertThat(InputPreparer.samples(ramp(2, 4, 6), new Shape(4, 2, 3), 1, 0, "m")[1][5]).isEqualTo(29f);
        float[][] scalarSamples = InputPreparer.samples(ramp(5), new Shape(1, 1, 1), 1, 0, "v");
        assertThat(scalarSamples).hasNumberOfRows(5);
        assertThat(scalarSamples[4]).containsExactly(4f);
        assertThat(InputPreparer.sampleCount(ramp(7, 3), Shape.vector(3), "x", "x.csv")).isEqualTo(7);
    }

    @Test
    void imagesFeedAFlatDenseInputRowMajorWithANote() {
        // Keras MNIST images [N, 28, 28] for a Dense model whose input is [784]
        Shape flat = Shape.vector(784);
        NdArray images = ramp(2, 28, 28);
        float[][] s = InputPreparer.samples(images, flat, 1.0, 0.0, "x_test.npy");
        // row 3, column 5 of image 1 is flat index 784 + 3 * 28 + 5 = 873, at input 89
        assertThat(s[1][89]).isEqualTo(873f);
        assertThat(InputPreparer.flattenNote(images, flat)).contains("[28, 28]").contains("row-major");
        // the data already flat: nothing to say; an image model: still the strict rule, no note
        assertThat(InputPreparer.flattenNote(ramp(2, 784), flat)).isEmpty();
        assertThat(InputPreparer.flattenNote(images, new Shape(28, 28, 1))).isEmpty();
        // a flat input takes any arrangement, but the count must still match
        assertThatThrownBy(() -> InputPreparer.samples(ramp(2, 28, 27), flat, 1.0, 0.0, "x_test.npy"))
                .isInstanceOf(DataException.class).hasMessageContaining("x_test.npy").hasMessageContaining("784");
    }

    @Test
    void appliesScaleAndOffset() {
        NdArray pixels = new NdArray(new int[] {1, 1, 1, 3}, new double[] {0, 255, 51}, "u1");
        assertThat(InputPreparer.samples(pixels, new Shape(1, 1, 3), 1 / 255.0, -0.5, "p")[0])
                .containsExactly(-0.5f, 0.5f, (float) (51 / 255.0 - 0.5));
    }

    @Test
    void takesTheFirstSamplesUpToALimit() {
        float[][] s = InputPreparer.samples(ramp(10, 2), Shape.vector(2), 1, 0, "x", 3);
        assertThat(s).hasNumberOfRows(3);
        assertThat(s[2]).containsExactly(4f, 5f);
        assertThat(InputPreparer.samples(ramp(10, 2), Shape.vector(2), 1, 0, "x", 50)).hasNumberOfRows(10);
        assertThat(InputPreparer.samples(ramp(10, 2), Shape.vector(2), 1, 0, "x", 0)).hasNumberOfRows(10);
    }

    @Test
    void reportsTooManyOrTooFewValuesPerSample() {
        assertThatThrownBy(() -> InputPreparer.samples(ramp(10, 26, 4), new Shape(1, 26, 3), "x", 1, 0,
                "har_x.npy", 0))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("har_x.npy: samples have shape [26, 4] (104 values) but the model input 'x' "
                        + "is 1x26x3 (78 values);")
                .hasMessageContaining("[N, 1, 26, 3]").hasMessageContaining("[N, 78]");
        assertThatThrownBy(() -> InputPreparer.samples(ramp(2, 10), new Shape(28, 28, 1), 1, 0, "v.npy"))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("v.npy: samples have shape [10] (10 values) but the model input is 28x28x1");
    }

    @Test
    void reportsAOneDimensionalArrayAndSuggestsTheReshape() {
        // 2 * 78 = 156 values: two HAR frames laid end to end
        assertThatThrownBy(() -> InputPreparer.samples(ramp(156), new Shape(1, 26, 3), "x", 1, 0, "flat.npy", 0))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("flat.npy is a 1-D array of 156 values, but the model input 'x' is 1x26x3")
                .hasMessageContaining("reshape it to [2, 1, 26, 3]");
        assertThatThrownBy(() -> InputPreparer.samples(ramp(100), new Shape(1, 26, 3), 1, 0, "odd.npy"))
                .isInstanceOf(DataException.class).hasMessageContaining("odd.npy is a 1-D array of 100 values")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("reshape"));
    }

    @Test
    void refusesTheRightNumberOfValuesInTheWrongArrangement() {
        assertThatThrownBy(() -> InputPreparer.samples(ramp(2, 3, 32, 32), new Shape(32, 32, 3), "image", 1, 0,
                "cifar.npy", 0))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("cifar.npy: samples have shape [3, 32, 32] (3072 values), the right number "
                        + "of values for the model input 'image' (32x32x3")
                .hasMessageContaining("channels-first").hasMessageContaining("numpy.transpose(x, (0, 2, 3, 1))");
        assertThatThrownBy(() -> InputPreparer.samples(ramp(2, 3, 26), new Shape(1, 26, 3), 1, 0, "har_t.npy"))
                .isInstanceOf(DataException.class).hasMessageContaining("har_t.npy")
                .hasMessageContaining("numpy.transpose(x, (0, 2, 1))");
        assertThatThrownBy(() -> InputPreparer.samples(ramp(2, 40, 30), new Shape(30, 1, 40), 1, 0, "kws.npy"))
                .isInstanceOf(DataException.class).hasMessageContaining("different arrangement");
    }

    @Test
    void reportsScalarsEmptyDataAndNonFiniteScaling() {
        assertThatThrownBy(() -> InputPreparer.samples(new NdArray(new int[0], new double[] {1}), new Shape(1, 1, 1),
                1, 0, "s.npy")).isInstanceOf(DataException.class).hasMessageContaining("s.npy")
                .hasMessageContaining("single number");
        assertThatThrownBy(() -> InputPreparer.samples(ramp(0, 3), new Shape(1, 1, 3), 1, 0, "e.npy"))
                .isInstanceOf(DataException.class).hasMessageContaining("e.npy").hasMessageContaining("no samples");
        assertThatThrownBy(() -> InputPreparer.samples(ramp(1, 3), new Shape(1, 1, 3), Double.NaN, 0, "n.npy"))
                .isInstanceOf(DataException.class).hasMessageContaining("scale");
    }

    @Test
    void letsNonFiniteValuesThroughAndFindsTheFirstSampleHoldingOne() {
        double[] v = new double[12];
        v[7] = Double.NaN; // sample 2, position 1
        v[10] = Double.POSITIVE_INFINITY; // sample 3, position 1
        float[][] s = InputPreparer.samples(new NdArray(new int[] {4, 3}, v), Shape.vector(3), 1, 0, "x.csv");
        assertThat(s[2][1]).isNaN();
        assertThat(s[3][1]).isInfinite();
        assertThat(InputPreparer.firstNonFinite(s)).isEqualTo(2);
        assertThatThrownBy(() -> InputPreparer.requireFinite(s, "x.csv")).isInstanceOf(DataException.class)
                .hasMessageStartingWith("x.csv: sample 2 (counting from 0) holds NaN at position 1")
                .hasMessageContaining("2 of 4 samples");

        float[][] clean = InputPreparer.samples(ramp(3, 2), Shape.vector(2), 1, 0, "ok");
        assertThat(InputPreparer.firstNonFinite(clean)).isEqualTo(-1);
        InputPreparer.requireFinite(clean, "ok");

        // 1e30 is finite as a double but 1e40 overflows float
        float[][] big = InputPreparer.samples(new NdArray(new int[] {2, 1}, new double[] {1, 1e30}),
                Shape.vector(1), 1e10, 0, "b.csv");
        assertThat(InputPreparer.firstNonFinite(big)).isEqualTo(1);
    }
}
