package io.cmsisnn.emulation;

import java.util.ArrayList;
import java.util.List;

/**
 * One call of a legacy kernel: the C driver's function name, its scalar arguments, its arrays
 * (byte[] for q7, short[] for q15; outputs pre-filled) and the Java emulation of the same call.
 */
final class LegacyCase {
    /** Runs the emulation on the given arrays (copies of the case's) and returns the status. */
    interface Emulation {
        int run(List<Object> arrays, boolean dsp, boolean truncate);
    }

    final String name;
    final int[] scalars;
    final List<Object> arrays;
    final Emulation emulation;

    LegacyCase(String name, int[] scalars, List<Object> arrays, Emulation emulation) {
        this.name = name;
        this.scalars = scalars;
        this.arrays = arrays;
        this.emulation = emulation;
    }

    /** Copies of the arrays, so the case can be run more than once. */
    List<Object> copyArrays() {
        List<Object> out = new ArrayList<>();
        for (Object a : arrays) {
            out.add(a instanceof byte[] ? ((byte[]) a).clone() : ((short[]) a).clone());
        }
        return out;
    }

    /** The case in the driver's input format. */
    void write(StringBuilder sb) {
        sb.append(name).append(' ').append(scalars.length);
        for (int s : scalars) {
            sb.append(' ').append(s);
        }
        sb.append(' ').append(arrays.size());
        for (Object a : arrays) {
            if (a instanceof byte[]) {
                byte[] b = (byte[]) a;
                sb.append(" 7 ").append(b.length);
                for (byte v : b) {
                    sb.append(' ').append(v);
                }
            } else {
                short[] s = (short[]) a;
                sb.append(" 15 ").append(s.length);
                for (short v : s) {
                    sb.append(' ').append(v);
                }
            }
        }
        sb.append('\n');
    }

    /** Arrays after the emulated call, each as the driver prints it. */
    static String render(Object a) {
        StringBuilder sb = new StringBuilder();
        if (a instanceof byte[]) {
            for (byte v : (byte[]) a) {
                sb.append(sb.length() == 0 ? "" : " ").append(v);
            }
        } else {
            for (short v : (short[]) a) {
                sb.append(sb.length() == 0 ? "" : " ").append(v);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(sb);
        return sb.length() > 400 ? sb.substring(0, 400) + "..." : sb.toString().trim();
    }
}
