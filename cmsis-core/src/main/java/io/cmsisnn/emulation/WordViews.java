package io.cmsisnn.emulation;

import java.util.ArrayList;
import java.util.List;

/**
 * The q7/q15 copies of int tensors that one twin call works on, from a pointer's offset to the
 * tensor's end. The C functions write through any pointer they get (pooling clobbers its input),
 * so {@link #writeBack} copies every view back, in the order they were taken.
 */
final class WordViews {
    private record View(int[] tensor, int offset, byte[] bytes, short[] shorts) {
    }

    private final List<View> views = new ArrayList<>();

    byte[] q7(int[] tensor, int offset) {
        byte[] b = toBytes(tensor, offset);
        views.add(new View(tensor, offset, b, null));
        return b;
    }

    short[] q15(int[] tensor, int offset) {
        short[] s = toShorts(tensor, offset);
        views.add(new View(tensor, offset, null, s));
        return s;
    }

    /** Copies every view into its tensor and forgets them. */
    void writeBack() {
        for (View v : views) {
            if (v.bytes() != null) {
                for (int k = 0; k < v.bytes().length; k++) {
                    v.tensor()[v.offset() + k] = v.bytes()[k];
                }
            } else {
                for (int k = 0; k < v.shorts().length; k++) {
                    v.tensor()[v.offset() + k] = v.shorts()[k];
                }
            }
        }
        views.clear();
    }

    static byte[] toBytes(int[] v, int offset) {
        byte[] b = new byte[v.length - offset];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) v[offset + i];
        }
        return b;
    }

    static short[] toShorts(int[] v, int offset) {
        short[] s = new short[v.length - offset];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) v[offset + i];
        }
        return s;
    }
}
