package io.cmsisnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.graph.Shape;
import org.junit.jupiter.api.Test;

class InputPreparerTest {
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
    void acceptsEveryLayoutWithTheRightNumberOfValues() {
        Shape mnist = new Shape(28, 28, 1);
        for (int[] shape : new int[][] {{3, 28, 28}, {3, 28, 28, 1}, {3, 784}}) {
            float[][] s = InputPreparer.samples(ramp(shape), mnist, 1.0, 0.0, "x.npy");
            assertThat(s).hasNumberOfRows(3);
            assertThat(s[2]).hasSize(784);
            assertThat(s[2][0]).isEqualTo(1568f);
            assertThat(s[2][783]).isEqualTo(2351f);
        }
        assertThat(InputPreparer.samples(ramp(4, 26, 3), new Shape(1, 26, 3), 1, 0, "har")[3]).hasSize(78);
        assertThat(InputPreparer.samples(ramp(2, 30, 1, 40), new Shape(30, 1, 40), 1, 0, "kws")[1]).hasSize(1200);
        float[][] scalarSamples = InputPreparer.samples(ramp(5), new Shape(1, 1, 1), 1, 0, "v");
        assertThat(scalarSamples).hasNumberOfRows(5);
        assertThat(scalarSamples[4]).containsExactly(4f);
    }

    @Test
    void appliesScaleAndOffset() {
        NdArray pixels = new NdArray(new int[] {1, 1, 1, 3}, new double[] {0, 255, 51}, "u1");
        assertThat(InputPreparer.samples(pixels, new Shape(1, 1, 3), 1 / 255.0, -0.5, "p")[0])
                .containsExactly(-0.5f, 0.5f, (float) (51 / 255.0 - 0.5));
    }

    @Test
    void reportsAShapeMismatch() {
        assertThatThrownBy(() -> InputPreparer.samples(ramp(10, 26, 4), new Shape(1, 26, 3), 1, 0, "har_x.npy"))
                .isInstanceOf(DataException.class)
                .hasMessage("har_x.npy: each sample has shape [26, 4] (104 values) but the model input is 1x26x3 "
                        + "(78 values); give data whose samples match the model input (the first axis counts the "
                        + "samples, e.g. shape [N, 1, 26, 3])");
        assertThatThrownBy(() -> InputPreparer.samples(ramp(10), new Shape(28, 28, 1), 1, 0, "v.npy"))
                .isInstanceOf(DataException.class).hasMessageContaining("v.npy: each sample has shape [] (1 value)");
        assertThatThrownBy(() -> InputPreparer.samples(new NdArray(new int[0], new double[] {1}), new Shape(1, 1, 1),
                1, 0, "s.npy")).isInstanceOf(DataException.class).hasMessageContaining("s.npy")
                .hasMessageContaining("single number");
        assertThatThrownBy(() -> InputPreparer.samples(ramp(0, 3), new Shape(1, 1, 3), 1, 0, "e.npy"))
                .isInstanceOf(DataException.class).hasMessageContaining("no samples");
    }

    @Test
    void reportsTheFirstSampleWithANonFiniteValue() {
        double[] v = new double[12];
        v[7] = Double.NaN;
        v[10] = Double.POSITIVE_INFINITY;
        NdArray a = new NdArray(new int[] {4, 3}, v);
        assertThatThrownBy(() -> InputPreparer.samples(a, new Shape(1, 1, 3), 1, 0, "x.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("x.csv").hasMessageContaining("sample 2")
                .hasMessageContaining("NaN").hasMessageContaining("position 1");
        NdArray big = new NdArray(new int[] {2, 1}, new double[] {1, 1e30});
        assertThatThrownBy(() -> InputPreparer.samples(big, new Shape(1, 1, 1), 1e10, 0, "b.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("sample 1")
                .hasMessageContaining("after scaling");
    }
}
