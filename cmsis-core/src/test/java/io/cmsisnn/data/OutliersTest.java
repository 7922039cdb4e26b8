package io.cmsisnn.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutliersTest {
    /** 1,000 samples of 784 pixels in [0, 1]: value (s + i) % 256 / 255. */
    private static float[][] pixels() {
        float[][] x = new float[1000][784];
        for (int s = 0; s < x.length; s++) {
            for (int i = 0; i < 784; i++) {
                x[s][i] = ((s + i) % 256) / 255f;
            }
        }
        return x;
    }

    @Test
    void oneHugeValueAmongPixelsIsNamed() {
        float[][] x = pixels();
        x[417][5] = 3e38f;
        String w = Outliers.warning(x, "train.npy");
        // the bulk is [0, 1]: 3e38 lies far beyond 1 + 100 * 1
        assertThat(w).startsWith("train.npy: sample 417 (counting from 0) holds 3.0E38 at position 5")
                .contains("1 of 1000 samples");
    }

    @Test
    void valuesJustPastTheFenceCountAndJustInsideDoNot() {
        float[][] x = pixels();
        // bulk [0, 1], width 1: the fences are -100 and 101
        x[3][0] = 100.5f;
        x[9][1] = -99.5f;
        assertThat(Outliers.warning(x, "d")).isNull();
        x[7][2] = 101.5f;
        x[8][3] = -100.5f;
        assertThat(Outliers.warning(x, "d")).contains("sample 7 ").contains("2 of 1000 samples");
    }

    @Test
    void cleanOrBulklessDataSaysNothing() {
        assertThat(Outliers.warning(pixels(), "d")).isNull();
        // almost all zeros with a few ones: the bulk has no width, nothing is judged
        float[][] sparse = new float[100][100];
        sparse[5][5] = 1f;
        assertThat(Outliers.warning(sparse, "d")).isNull();
        assertThat(Outliers.warning(new float[0][], "d")).isNull();
    }
}
