package io.cmsisnn.emulation;

import io.cmsisnn.quant.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of an s8/s16 kernel for {@code s8_driver.c}: the driver's name for it, its scalars,
 * its arrays (outputs pre-filled) and the Java emulation of the same call.
 */
final class S8Case {
    /** A C array argument: element width 8, 16, 32 or 64 and its values (null for a NULL pointer). */
    record Arr(int bits, Object data) {
        Arr copy() {
            if (data == null) {
                return this;
            }
            if (data instanceof byte[]) {
                return new Arr(bits, ((byte[]) data).clone());
            }
            if (data instanceof short[]) {
                return new Arr(bits, ((short[]) data).clone());
            }
            if (data instanceof int[]) {
                return new Arr(bits, ((int[]) data).clone());
            }
            return new Arr(bits, ((long[]) data).clone());
        }

        long[] values() {
            if (data == null) {
                return null;
            }
            if (data instanceof byte[]) {
                byte[] b = (byte[]) data;
                long[] v = new long[b.length];
                for (int i = 0; i < b.length; i++) {
                    v[i] = b[i];
                }
                return v;
            }
            if (data instanceof short[]) {
                short[] s = (short[]) data;
                long[] v = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    v[i] = s[i];
                }
                return v;
            }
            if (data instanceof int[]) {
                int[] s = (int[]) data;
                long[] v = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    v[i] = s[i];
                }
                return v;
            }
            return ((long[]) data).clone();
        }

        /** The array as the driver prints it after the call. */
        String render() {
            long[] v = values();
            StringBuilder sb = new StringBuilder();
            if (v != null) {
                for (long x : v) {
                    sb.append(sb.length() == 0 ? "" : " ").append(x);
                }
            }
            return sb.toString();
        }
    }

    /** Runs the emulation on copies of the arrays; returns what the driver prints as the status. */
    interface Emulation {
        long run(List<Arr> arrays, RoundingMode mode);
    }

    final String name;
    final long[] scalars;
    final List<Arr> arrays;
    final Emulation emulation;

    S8Case(String name, long[] scalars, List<Arr> arrays, Emulation emulation) {
        this.name = name;
        this.scalars = scalars;
        this.arrays = arrays;
        this.emulation = emulation;
    }

    List<Arr> copyArrays() {
        List<Arr> out = new ArrayList<>();
        for (Arr a : arrays) {
            out.add(a.copy());
        }
        return out;
    }

    /** {@code NAME NS s.. NA} then per array {@code BITS LEN v..}, LEN -1 for NULL. */
    void write(StringBuilder sb) {
        sb.append(name).append(' ').append(scalars.length);
        for (long s : scalars) {
            sb.append(' ').append(s);
        }
        sb.append(' ').append(arrays.size());
        for (Arr a : arrays) {
            long[] v = a.values();
            sb.append(' ').append(a.bits()).append(' ').append(v == null ? -1 : v.length);
            if (v != null) {
                for (long x : v) {
                    sb.append(' ').append(x);
                }
            }
        }
        sb.append('\n');
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(sb);
        return sb.length() > 500 ? sb.substring(0, 500) + "..." : sb.toString().trim();
    }
}
