package io.cmsisnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A fixed-size numeric element type and byte order, with a bulk decoder into doubles. */
final class ElementType {
    /** NumPy kind: 'f' float, 'i' signed int, 'u' unsigned int, 'b' bool. */
    final char kind;
    /** Bytes per element. */
    final int size;
    final ByteOrder order;

    private static final int CHUNK = 1 << 16;

    ElementType(char kind, int size, ByteOrder order) {
        this.kind = kind;
        this.size = size;
        this.order = order;
    }

    /** NumPy-style name without byte order, e.g. {@code f4}. */
    String name() {
        return "" + kind + size;
    }

    /** Values held before the first growth: small enough that a lying header costs nothing. */
    private static final int FIRST_CAPACITY = 1 << 16;

    /**
     * Reads {@code n} elements from {@code in}, in file order. Reads in chunks and grows the array
     * only as data arrives, so a header that declares more values than the file holds fails as
     * truncated without first allocating what it declares; a count whose doubles could never fit
     * in this JVM's heap fails before any reading.
     */
    double[] decode(InputStream in, int n, String what) throws IOException {
        long expectedBytes = (long) n * size;
        requireHeapFor(n, what + ": its header declares " + n + " values of type " + name() + " (" + expectedBytes
                + " bytes of data)");
        int perChunk = Math.max(1, CHUNK / size);
        byte[] buf = new byte[perChunk * size];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
        double[] out = new double[Math.min(n, FIRST_CAPACITY)];
        int done = 0;
        while (done < n) {
            int count = Math.min(perChunk, n - done);
            int want = count * size;
            int got = in.readNBytes(buf, 0, want);
            if (got < want) {
                long have = (long) done * size + got;
                throw new DataException(what + " is truncated: its header promises " + n + " values of type "
                        + name() + " (" + expectedBytes + " bytes of data) but only " + have
                        + " bytes follow; the file was cut short while copying or saving, write it again");
            }
            if (done + count > out.length) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(n, Math.max(done + count, 2L * out.length)));
            }
            decodeChunk(bb, out, done, count);
            done += count;
        }
        return out;
    }

    /**
     * Refuses, before anything is allocated, {@code values} doubles that would take more than half
     * of this JVM's heap; {@code declared} says who declares them, for the message.
     */
    static void requireHeapFor(long values, String declared) {
        long heap = Runtime.getRuntime().maxMemory();
        if (values * Double.BYTES > heap / 2) {
            throw new DataException(declared + ", more than half of this JVM's heap of " + heap / (1 << 20)
                    + " MB can hold; if the file is damaged write it again, else give Maven more memory "
                    + "(MAVEN_OPTS=-Xmx...) or use a smaller file");
        }
    }

    private void decodeChunk(ByteBuffer bb, double[] out, int at, int count) {
        switch (kind) {
            case 'f':
                if (size == 4) {
                    for (int i = 0; i < count; i++) {
                        out[at + i] = bb.getFloat(i * 4);
                    }
                } else if (size == 8) {
                    for (int i = 0; i < count; i++) {
                        out[at + i] = bb.getDouble(i * 8);
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        out[at + i] = halfToFloat(bb.getShort(i * 2));
                    }
                }
                break;
            case 'b':
                byte[] raw = bb.array();
                for (int i = 0; i < count; i++) {
                    out[at + i] = raw[i] != 0 ? 1.0 : 0.0;
                }
                break;
            case 'i':
                decodeSigned(bb, out, at, count);
                break;
            case 'u':
                decodeUnsigned(bb, out, at, count);
                break;
            default:
                throw new IllegalStateException("kind " + kind);
        }
    }

    private void decodeSigned(ByteBuffer bb, double[] out, int at, int count) {
        switch (size) {
            case 1:
                byte[] raw = bb.array();
                for (int i = 0; i < count; i++) {
                    out[at + i] = raw[i];
                }
                break;
            case 2:
                for (int i = 0; i < count; i++) {
                    out[at + i] = bb.getShort(i * 2);
                }
                break;
            case 4:
                for (int i = 0; i < count; i++) {
                    out[at + i] = bb.getInt(i * 4);
                }
                break;
            default:
                for (int i = 0; i < count; i++) {
                    out[at + i] = bb.getLong(i * 8);
                }
                break;
        }
    }

    private void decodeUnsigned(ByteBuffer bb, double[] out, int at, int count) {
        switch (size) {
            case 1:
                byte[] raw = bb.array();
                for (int i = 0; i < count; i++) {
                    out[at + i] = raw[i] & 0xFF;
                }
                break;
            case 2:
                for (int i = 0; i < count; i++) {
                    out[at + i] = bb.getShort(i * 2) & 0xFFFF;
                }
                break;
            case 4:
                for (int i = 0; i < count; i++) {
                    out[at + i] = bb.getInt(i * 4) & 0xFFFFFFFFL;
                }
                break;
            default:
                for (int i = 0; i < count; i++) {
                    long v = bb.getLong(i * 8);
                    out[at + i] = v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1L);
                }
                break;
        }
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat is Java 20+). */
    static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** Number of elements of {@code shape}; DataException when it does not fit one Java array. */
    static int elementCount(long[] shape, String what) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new DataException(what + ": the header gives a negative dimension in shape "
                        + NdArray.shapeString(shape) + "; the file is damaged, write it again");
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new DataException(what + ": shape " + NdArray.shapeString(shape)
                        + " has more than 2^31 values, too many to hold in memory; use a smaller test set");
            }
        }
        return (int) n;
    }

    static int[] toIntShape(long[] shape) {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (int) shape[i];
        }
        return s;
    }
}
