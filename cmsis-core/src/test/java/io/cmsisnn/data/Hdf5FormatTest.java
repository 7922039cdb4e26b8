package io.cmsisnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5FormatTest {
    @TempDir
    Path dir;

    Path file;

    @BeforeEach
    void writeFile() {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.io.jhdf", "warn");
        file = dir.resolve("test.h5");
        try (WritableHdfFile h = HdfFile.write(file)) {
            h.putDataset("x_test", new float[][] {{0.5f, 1.5f, 2.5f}, {-1f, -2f, -3f}});
            h.putDataset("y_test", new int[] {2, 0});
            h.putDataset("bytes", new byte[] {-128, 0, 127});
            h.putDataset("shorts", new short[][] {{-300}, {300}});
            WritableGroup g = h.putGroup("extra");
            g.putDataset("weights", new double[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
        }
    }

    @Test
    void readsDatasetsByPath() {
        NdArray x = DataFiles.read(file, "x_test");
        assertThat(x.shape()).containsExactly(2, 3);
        assertThat(x.data()).containsExactly(0.5, 1.5, 2.5, -1, -2, -3);
        assertThat(x.dtype()).isEqualTo("f4");
        NdArray y = DataFiles.read(file, "/y_test");
        assertThat(y.data()).containsExactly(2, 0);
        assertThat(y.dtype()).isEqualTo("i4");
        NdArray w = DataFiles.read(file, "extra/weights");
        assertThat(w.shape()).containsExactly(2, 2, 2);
        assertThat(w.data()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(w.dtype()).isEqualTo("f8");
        NdArray b = DataFiles.read(file, "bytes");
        assertThat(b.data()).containsExactly(-128, 0, 127);
        assertThat(b.dtype()).isEqualTo("i1");
        NdArray s = DataFiles.read(file, "/shorts/");
        assertThat(s.shape()).containsExactly(2, 1);
        assertThat(s.data()).containsExactly(-300, 300);
        assertThat(s.dtype()).isEqualTo("i2");
    }

    @Test
    void listsTheDatasetsWhenTheKeyIsMissingOrWrong() {
        assertThatThrownBy(() -> DataFiles.read(file, "x")).isInstanceOf(DataException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("'x'")
                .hasMessageContaining("x_test").hasMessageContaining("y_test")
                .hasMessageContaining("/extra/weights");
        assertThatThrownBy(() -> DataFiles.read(file, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("x_test");
    }

    @Test
    void takesTheOnlyDatasetWhenNoKeyIsGiven() {
        Path single = dir.resolve("single.hdf5");
        try (WritableHdfFile h = HdfFile.write(single)) {
            h.putDataset("labels", new long[] {3, 1, 4});
        }
        NdArray labels = DataFiles.read(single, null);
        assertThat(labels.data()).containsExactly(3, 1, 4);
        assertThat(labels.dtype()).isEqualTo("i8");
    }

    @Test
    void rejectsAFileThatIsNotHdf5() throws Exception {
        Path bad = Fixtures.write(dir, "bad.h5", "not hdf5 at all");
        assertThatThrownBy(() -> DataFiles.read(bad, "x")).isInstanceOf(DataException.class)
                .hasMessageContaining(bad.toString());
    }
}
