package io.cmsisnn.data;

import static io.cmsisnn.data.Fixtures.npy;
import static io.cmsisnn.data.Fixtures.write;
import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFormatTest {
    @TempDir
    Path dir;

    @Test
    void readsBigEndianFloat64() throws Exception {
        Path f = write(dir, "be.npy", npy(1, ">f8", false, "(2, 3)",
                Fixtures.doubles(BIG_ENDIAN, 1.5, -2.25, 3e10, 0.0, -0.125, 7.0)));
        NdArray a = DataFiles.read(f, null);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.data()).containsExactly(1.5, -2.25, 3e10, 0.0, -0.125, 7.0);
        assertThat(a.dtype()).isEqualTo("f8");
    }

    @Test
    void readsLittleEndianFloat32AndNativeOrder() throws Exception {
        Path le = write(dir, "le.npy", npy(1, "<f4", false, "(3,)", Fixtures.floats(LITTLE_ENDIAN, 0.1f, 2f, -3f)));
        assertThat(DataFiles.read(le, null).data()).containsExactly(0.1f, 2f, -3f);
        Path nat = write(dir, "native.npy", npy(1, "=i4", false, "(2,)",
                Fixtures.ints(java.nio.ByteOrder.nativeOrder(), -7, 123456)));
        assertThat(DataFiles.read(nat, null).data()).containsExactly(-7, 123456);
    }

    @Test
    void reordersFortranOrderIntoCOrder() throws Exception {
        // the 2x3 matrix [[1,2,3],[4,5,6]] in column-major order is 1 4 2 5 3 6
        Path f = write(dir, "f.npy", npy(1, "<f8", true, "(2, 3)",
                Fixtures.doubles(LITTLE_ENDIAN, 1, 4, 2, 5, 3, 6)));
        NdArray a = DataFiles.read(f, null);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.data()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void reordersThreeDimensionalFortranOrder() throws Exception {
        // element [i][j][k] = 100i + 10j + k, shape (2,3,4); column-major: i fastest, then j, then k
        double[] fortran = new double[24];
        int p = 0;
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 2; i++) {
                    fortran[p++] = 100 * i + 10 * j + k;
                }
            }
        }
        NdArray a = DataFiles.read(write(dir, "f3.npy", npy(1, "<f8", true, "(2, 3, 4)",
                Fixtures.doubles(LITTLE_ENDIAN, fortran))), null);
        assertThat(a.data()[0]).isEqualTo(0);
        assertThat(a.data()[1]).isEqualTo(1); // [0][0][1]
        assertThat(a.data()[4]).isEqualTo(10); // [0][1][0]
        assertThat(a.data()[12]).isEqualTo(100); // [1][0][0]
        assertThat(a.data()[23]).isEqualTo(123); // [1][2][3]
    }

    @Test
    void readsVersion2And3Headers() throws Exception {
        Path v2 = write(dir, "v2.npy", npy(2, "<i2", false, "(2, 2)",
                Fixtures.shorts(LITTLE_ENDIAN, 1, -2, 300, -32768)));
        NdArray a = DataFiles.read(v2, null);
        assertThat(a.shape()).containsExactly(2, 2);
        assertThat(a.data()).containsExactly(1, -2, 300, -32768);
        Path v3 = write(dir, "v3.npy", npy(3, "<u2", false, "(2,)", Fixtures.shorts(LITTLE_ENDIAN, 65535, 7)));
        assertThat(DataFiles.read(v3, null).data()).containsExactly(65535, 7);
    }

    @Test
    void readsEveryIntegerTypeAndBool() throws Exception {
        assertThat(read("|u1", "(3,)", Fixtures.bytes(0, 128, 255))).containsExactly(0, 128, 255);
        assertThat(read("|i1", "(3,)", Fixtures.bytes(0, 128, 255))).containsExactly(0, -128, -1);
        assertThat(read(">i2", "(2,)", Fixtures.shorts(BIG_ENDIAN, -300, 300))).containsExactly(-300, 300);
        assertThat(read("<u4", "(1,)", Fixtures.ints(LITTLE_ENDIAN, -1))).containsExactly(4294967295.0);
        assertThat(read("<i8", "(2,)", Fixtures.longs(LITTLE_ENDIAN, -5L, 1L << 52)))
                .containsExactly(-5, 4503599627370496.0);
        assertThat(read("<u8", "(1,)", Fixtures.longs(LITTLE_ENDIAN, -1L))).containsExactly(18446744073709551615.0);
        assertThat(read("|b1", "(3,)", Fixtures.bytes(1, 0, 1))).containsExactly(1, 0, 1);
        assertThat(read("?", "(2,)", Fixtures.bytes(0, 1))).containsExactly(0, 1);
    }

    @Test
    void readsHalfPrecision() throws Exception {
        // IEEE 754 binary16: 0x3C00 = 1.0, 0xC000 = -2.0, 0x3555 = 0.333251953125, 0x0001 = 2^-24, 0x7C00 = +inf
        double[] v = read("<f2", "(5,)", Fixtures.shorts(LITTLE_ENDIAN, 0x3C00, 0xC000, 0x3555, 0x0001, 0x7C00));
        assertThat(v).containsExactly(1.0, -2.0, 0.333251953125, Math.pow(2, -24), Double.POSITIVE_INFINITY);
    }

    @Test
    void readsScalarAndEmptyArrays() throws Exception {
        NdArray scalar = DataFiles.read(write(dir, "s.npy", npy(1, "<f8", false, "()",
                Fixtures.doubles(LITTLE_ENDIAN, 42.5))), null);
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.data()).containsExactly(42.5);
        NdArray empty = DataFiles.read(write(dir, "e.npy", npy(1, "<f4", false, "(0, 3)", new byte[0])), null);
        assertThat(empty.shape()).containsExactly(0, 3);
        assertThat(empty.data()).isEmpty();
    }

    @Test
    void rejectsObjectAndStringDtypes() throws Exception {
        Path obj = write(dir, "obj.npy", npy(1, "|O", false, "(2,)", new byte[16]));
        assertThatThrownBy(() -> DataFiles.read(obj, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(obj.toString()).hasMessageContaining("'|O'").hasMessageContaining("pickle");
        Path str = write(dir, "str.npy", npy(1, "<U3", false, "(1,)", new byte[12]));
        assertThatThrownBy(() -> DataFiles.read(str, null)).isInstanceOf(DataException.class)
                .hasMessageContaining("strings");
        Path date = write(dir, "date.npy", npy(1, "<M8[D]", false, "(1,)", new byte[8]));
        assertThatThrownBy(() -> DataFiles.read(date, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(date.toString()).hasMessageContaining("'<M8[D]'").hasMessageContaining("dates");
        Path complex = write(dir, "c.npy", npy(1, "<c16", false, "(1,)", new byte[16]));
        assertThatThrownBy(() -> DataFiles.read(complex, null)).isInstanceOf(DataException.class)
                .hasMessageContaining("complex");
    }

    @Test
    void rejectsStructuredDtype() throws Exception {
        Path r = write(dir, "rec.npy", recordHeaderFile());
        assertThatThrownBy(() -> DataFiles.read(r, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(r.toString()).hasMessageContaining("structured");
    }

    @Test
    void reportsTruncatedData() throws Exception {
        byte[] full = npy(1, "<f4", false, "(10, 4)", Fixtures.floats(LITTLE_ENDIAN, new float[40]));
        Path f = write(dir, "cut.npy", Arrays.copyOf(full, full.length - 10));
        assertThatThrownBy(() -> DataFiles.read(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("truncated")
                .hasMessageContaining("160 bytes").hasMessageContaining("150 bytes");
        Path h = write(dir, "cuthead.npy", Arrays.copyOf(full, 20));
        assertThatThrownBy(() -> DataFiles.read(h, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(h.toString()).hasMessageContaining("truncated");
    }

    @Test
    void rejectsFileWithoutMagic() throws Exception {
        Path f = write(dir, "text.npy", "1,2,3\n");
        assertThatThrownBy(() -> DataFiles.read(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("not a NumPy .npy file");
    }

    @Test
    void readsGzippedNpy() throws Exception {
        byte[] raw = npy(1, "<f8", false, "(2,)", Fixtures.doubles(LITTLE_ENDIAN, 3, 4));
        assertThat(DataFiles.read(write(dir, "a.npy.gz", Fixtures.gzip(raw)), null).data()).containsExactly(3, 4);
    }

    private double[] read(String descr, String shape, byte[] data) throws Exception {
        String name = "t" + descr.replaceAll("[^a-z0-9]", "") + System.nanoTime() + ".npy";
        return DataFiles.read(write(dir, name, npy(1, descr, false, shape, data)), null).data();
    }

    /** A v1.0 .npy whose descr is a record list, as numpy writes for structured arrays. */
    private static byte[] recordHeaderFile() {
        String dict = "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }";
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + 8];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, out, 1, 5);
        out[6] = 1;
        out[8] = (byte) (h.length & 0xFF);
        out[9] = (byte) (h.length >> 8);
        System.arraycopy(h, 0, out, 10, h.length);
        return out;
    }
}
