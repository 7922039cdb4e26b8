package io.cmsisnn.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {
    @TempDir
    Path dir;

    @Test
    void reportsAMissingFile() {
        Path f = dir.resolve("nowhere/x_test.npy");
        assertThatThrownBy(() -> DataFiles.read(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void reportsADirectory() {
        assertThatThrownBy(() -> DataFiles.read(dir, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("not a regular file");
    }

    @Test
    void reportsAnUnknownExtension() throws Exception {
        Path f = Fixtures.write(dir, "data.parquet", "PAR1");
        assertThatThrownBy(() -> DataFiles.read(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("unknown data file type")
                .hasMessageContaining(".npy").hasMessageContaining(".npz").hasMessageContaining(".csv");
    }

    @Test
    void reportsAZipNamedNpy() throws Exception {
        Path f = Fixtures.write(dir, "archive.npy", new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        assertThatThrownBy(() -> DataFiles.read(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining(".npz");
    }
}
