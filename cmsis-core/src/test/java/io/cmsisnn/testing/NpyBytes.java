package io.cmsisnn.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** .npy files written as numpy writes them (format 1.0), for tests that need data of their own. */
public final class NpyBytes {
    private NpyBytes() {
    }

    /** Magic, version 1.0 and the header dict for {@code descr} and {@code shape} (e.g. "20, 26, 3"), padded to 64 bytes. */
    public static byte[] header(String descr, String shape) {
        StringBuilder h = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }");
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(h.length() & 0xFF);
        out.write(h.length() >> 8);
        out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A little-endian float32 array of {@code shape} holding {@code values} in row-major order. */
    public static byte[] float32(int[] shape, float[] values) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(dims.length() == 0 ? "" : ", ").append(d);
        }
        byte[] header = header("<f4", dims.toString());
        ByteBuffer b = ByteBuffer.allocate(header.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
