package io.cmsisnn.data;

import static io.cmsisnn.data.Fixtures.npy;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzFormatTest {
    @TempDir
    Path dir;

    private static final byte[] X = npy(1, "<f4", false, "(2, 2)", Fixtures.floats(LITTLE_ENDIAN, 1, 2, 3, 4));
    private static final byte[] Y = npy(1, "<i8", false, "(2,)", Fixtures.longs(LITTLE_ENDIAN, 5, 9));

    @Test
    void readsDeflatedEntriesByKeyWithOrWithoutSuffix() throws Exception {
        Path f = zip("d.npz", true, "x_test.npy", X, "y_test.npy", Y);
        NdArray x = DataFiles.read(f, "x_test");
        assertThat(x.shape()).containsExactly(2, 2);
        assertThat(x.data()).containsExactly(1, 2, 3, 4);
        assertThat(DataFiles.read(f, "y_test.npy").data()).containsExactly(5, 9);
    }

    @Test
    void readsStoredEntries() throws Exception {
        Path f = zip("s.npz", false, "a.npy", X, "b.npy", Y);
        assertThat(DataFiles.read(f, "b").data()).containsExactly(5, 9);
    }

    @Test
    void takesTheOnlyArrayWhenNoKeyIsGiven() throws Exception {
        Path f = zip("one.npz", true, "arr_0.npy", Y);
        assertThat(DataFiles.read(f, null).data()).containsExactly(5, 9);
    }

    @Test
    void listsTheKeysWhenTheKeyIsMissingOrAmbiguous() throws Exception {
        Path f = zip("two.npz", true, "x_test.npy", X, "y_test.npy", Y);
        assertThatThrownBy(() -> DataFiles.read(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("x_test").hasMessageContaining("y_test");
        assertThatThrownBy(() -> DataFiles.read(f, "labels")).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("'labels'")
                .hasMessageContaining("x_test, y_test");
    }

    @Test
    void namesTheEntryOfATruncatedArray() throws Exception {
        byte[] cut = java.util.Arrays.copyOf(X, X.length - 3);
        Path f = zip("cut.npz", true, "x.npy", cut);
        assertThatThrownBy(() -> DataFiles.read(f, "x")).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("'x'").hasMessageContaining("truncated");
    }

    @Test
    void rejectsAFileThatIsNotAZip() throws Exception {
        Path f = Fixtures.write(dir, "bad.npz", X);
        assertThatThrownBy(() -> DataFiles.read(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("not a valid .npz");
    }

    private Path zip(String name, boolean deflate, Object... entries) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (int i = 0; i < entries.length; i += 2) {
                byte[] content = (byte[]) entries[i + 1];
                ZipEntry e = new ZipEntry((String) entries[i]);
                if (deflate) {
                    e.setMethod(ZipEntry.DEFLATED);
                } else {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(content.length);
                    e.setCompressedSize(content.length);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                zip.write(content);
                zip.closeEntry();
            }
        }
        return f;
    }
}
