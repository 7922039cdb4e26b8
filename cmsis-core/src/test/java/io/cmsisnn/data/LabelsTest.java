package io.cmsisnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void readsClassIndicesOfAnyType() {
        assertThat(Labels.labels(new NdArray(new int[] {4}, new double[] {7, 2, 1, 0}, "i8"), 4, "y"))
                .containsExactly(7, 2, 1, 0);
        assertThat(Labels.labels(new NdArray(new int[] {3}, new double[] {2.0, 0.0, 1.0}, "f8"), 3, "y"))
                .containsExactly(2, 0, 1);
        assertThat(Labels.labels(new NdArray(new int[] {3, 1}, new double[] {5, 6, 7}, "u1"), 3, "y"))
                .containsExactly(5, 6, 7);
        assertThat(Labels.labels(new NdArray(new int[] {1, 3}, new double[] {5, 6, 7}, "f8"), 3, "y"))
                .containsExactly(5, 6, 7);
        assertThat(Labels.labels(new NdArray(new int[] {2}, new double[] {1, 0}, "b1"), 2, "y"))
                .containsExactly(1, 0);
    }

    @Test
    void takesTheArgmaxOfOneHotAndProbabilityRows() {
        NdArray oneHot = new NdArray(new int[] {3, 4}, new double[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1});
        assertThat(Labels.labels(oneHot, 3, "y")).containsExactly(2, 0, 3);
        NdArray probs = new NdArray(new int[] {2, 3}, new double[] {0.1, 0.7, 0.2, 0.5, 0.2, 0.3});
        assertThat(Labels.labels(probs, 2, "y")).containsExactly(1, 0);
        // a tie goes to the first class, as numpy.argmax does
        assertThat(Labels.labels(new NdArray(new int[] {1, 3}, new double[] {0.4, 0.4, 0.2}), 1, "y"))
                .containsExactly(0);
    }

    @Test
    void reportsACountMismatch() {
        NdArray y = new NdArray(new int[] {5}, new double[] {0, 1, 2, 3, 4});
        assertThatThrownBy(() -> Labels.labels(y, 6, "y_test.npy")).isInstanceOf(DataException.class)
                .hasMessageContaining("y_test.npy").hasMessageContaining("5 labels").hasMessageContaining("6 samples");
        assertThatThrownBy(() -> Labels.labels(y, 6, "y_test.npy", "x_test.npy")).isInstanceOf(DataException.class)
                .hasMessageStartingWith("y_test.npy holds 5 labels (shape [5]) but x_test.npy holds 6 samples;");
        NdArray oneHot = new NdArray(new int[] {2, 10}, new double[20]);
        assertThatThrownBy(() -> Labels.labels(oneHot, 3, "d.npz (array 'y')", "d.npz (array 'x')"))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("d.npz (array 'y') holds 2 labels (shape [2, 10]) but d.npz (array 'x') "
                        + "holds 3 samples");
    }

    @Test
    void reportsValuesThatAreNotClassIndices() {
        assertThatThrownBy(() -> Labels.labels(new NdArray(new int[] {3}, new double[] {0, 1.5, 2}), 3, "y.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("y.csv").hasMessageContaining("label 1")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> Labels.labels(new NdArray(new int[] {2}, new double[] {-1, 1}), 2, "y.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("label 0");
        assertThatThrownBy(() -> Labels.labels(new NdArray(new int[] {2}, new double[] {0, Double.NaN}), 2, "y"))
                .isInstanceOf(DataException.class).hasMessageContaining("label 1");
        assertThatThrownBy(() -> Labels.labels(new NdArray(new int[] {2, 2, 2}, new double[8]), 2, "y3"))
                .isInstanceOf(DataException.class).hasMessageContaining("[2, 2, 2]");
    }
}
