package io.cmsisnn.data;

import static io.cmsisnn.data.Fixtures.idx;
import static io.cmsisnn.data.Fixtures.write;
import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFormatTest {
    @TempDir
    Path dir;

    @Test
    void readsRawUnsignedBytes() throws Exception {
        Path f = write(dir, "imgs-idx3-ubyte", idx(0x08, new int[] {2, 2, 3}, Fixtures.bytes(0, 1, 2, 3, 4, 5, 250,
                251, 252, 253, 254, 255)));
        NdArray a = DataFiles.read(f, null);
        assertThat(a.shape()).containsExactly(2, 2, 3);
        assertThat(a.data()).containsExactly(0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255);
        assertThat(a.dtype()).isEqualTo("u1");
    }

    @Test
    void readsGzippedFileByContentEvenWithoutGzSuffix() throws Exception {
        byte[] raw = idx(0x08, new int[] {3}, Fixtures.bytes(7, 2, 1));
        assertThat(DataFiles.read(write(dir, "labels-idx1-ubyte.gz", Fixtures.gzip(raw)), null).data())
                .containsExactly(7, 2, 1);
        assertThat(DataFiles.read(write(dir, "labels.idx1", Fixtures.gzip(raw)), null).data())
                .containsExactly(7, 2, 1);
    }

    @Test
    void readsBigEndianWideTypes() throws Exception {
        assertThat(DataFiles.read(write(dir, "a.idx", idx(0x09, new int[] {2}, Fixtures.bytes(0xFF, 0x7F))), null)
                .data()).containsExactly(-1, 127);
        assertThat(DataFiles.read(write(dir, "b.idx", idx(0x0B, new int[] {2},
                Fixtures.shorts(BIG_ENDIAN, -2, 1000))), null).data()).containsExactly(-2, 1000);
        assertThat(DataFiles.read(write(dir, "c.idx", idx(0x0C, new int[] {1},
                Fixtures.ints(BIG_ENDIAN, -100000))), null).data()).containsExactly(-100000);
        assertThat(DataFiles.read(write(dir, "d.idx", idx(0x0D, new int[] {1, 2},
                Fixtures.floats(BIG_ENDIAN, 0.5f, -1.25f))), null).data()).containsExactly(0.5, -1.25);
        assertThat(DataFiles.read(write(dir, "e.idx", idx(0x0E, new int[] {1},
                Fixtures.doubles(BIG_ENDIAN, 0.1))), null).data()).containsExactly(0.1);
    }

    @Test
    void reportsTruncatedAndUnknownFiles() throws Exception {
        byte[] full = idx(0x08, new int[] {10, 28, 28}, new byte[7840]);
        Path cut = write(dir, "cut-idx3-ubyte", Arrays.copyOf(full, 1000));
        assertThatThrownBy(() -> DataFiles.read(cut, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
        Path cutGz = write(dir, "cut2-idx3-ubyte.gz", Arrays.copyOf(Fixtures.gzip(full), 30));
        assertThatThrownBy(() -> DataFiles.read(cutGz, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(cutGz.toString());
        Path type = write(dir, "t.idx", idx(0x42, new int[] {1}, new byte[1]));
        assertThatThrownBy(() -> DataFiles.read(type, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(type.toString()).hasMessageContaining("0x42");
        Path magic = write(dir, "m-idx1-ubyte", Fixtures.bytes(1, 2, 8, 1, 0, 0, 0, 0));
        assertThatThrownBy(() -> DataFiles.read(magic, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(magic.toString()).hasMessageContaining("not an IDX file");
    }

    @Test
    void readsTenThousandImages() throws Exception {
        byte[] pixels = new byte[10_000 * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31);
        }
        Path f = write(dir, "big-idx3-ubyte.gz", Fixtures.gzip(idx(0x08, new int[] {10_000, 28, 28}, pixels)));
        NdArray a = DataFiles.read(f, null);
        assertThat(a.shape()).containsExactly(10_000, 28, 28);
        assertThat(a.data()[0]).isZero();
        assertThat(a.data()[1]).isEqualTo(31);
        assertThat(a.data()[9]).isEqualTo((9 * 31) & 0xFF); // 279 wraps to 23 in a byte
        assertThat(a.data()[7_839_999]).isEqualTo((7_839_999 * 31) & 0xFF);
    }
}
