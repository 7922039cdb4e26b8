package io.cmsisnn.emulation;

/** The legacy in-place activations: ReLU and the table sigmoid/tanh. */
public final class LegacyActivations {
    /** {@code arm_nn_activation_type}. */
    public enum Type {
        SIGMOID, TANH
    }

    private LegacyActivations() {
    }

    public static void reluQ7(byte[] data, int size) {
        for (int i = 0; i < size; i++) {
            data[i] = (byte) Math.max(data[i], 0);
        }
    }

    public static void reluQ15(short[] data, int size) {
        for (int i = 0; i < size; i++) {
            data[i] = (short) Math.max(data[i], 0);
        }
    }

    /**
     * Input Q(intWidth).(7-intWidth), intWidth &lt;= 3; output Q0.7. The input shifted right by
     * 3 - intWidth is a Q3.4 number whose low 8 bits index the table. (intWidth &gt; 3 is treated as 3.)
     */
    public static void activationsDirectQ7(byte[] data, int size, int intWidth, Type type) {
        int shift = intWidth >= 3 ? 0 : 3 - intWidth;
        for (int i = 0; i < size; i++) {
            int index = data[i] >> shift;
            data[i] = type == Type.SIGMOID ? LegacyTables.sigmoidQ7(index) : LegacyTables.tanhQ7(index);
        }
    }

    /**
     * Input Q(intWidth).(15-intWidth), intWidth &lt;= 3; output Q0.15. The top bits pick entry t[i] as in
     * the q7 form; the s = 11 - intWidth bits below interpolate towards t[i+1]:
     * {@code ((2^s - frac) * t[i] + frac * t[i+1]) >> s}. Index 127 has no right neighbour and is
     * returned as is; index 255 (x = -1/16) interpolates towards entry 0 (the 8-bit index wraps).
     */
    public static void activationsDirectQ15(short[] data, int size, int intWidth, Type type) {
        int width = Math.min(intWidth, 11);
        int shift = 11 - width;
        int mask = 0x7FF >> width;
        int full = mask + 1;
        for (int i = 0; i < size; i++) {
            int in = data[i];
            int hi = in >> shift;
            int frac = in & mask;
            int v0 = entry(type, hi);
            if (hi != 0x7F) {
                int v1 = entry(type, hi + 1);
                data[i] = (short) (((full - frac) * v0 + v1 * frac) >> shift);
            } else {
                data[i] = (short) v0;
            }
        }
    }

    private static int entry(Type type, int index) {
        return type == Type.SIGMOID ? LegacyTables.sigmoidQ15(index) : LegacyTables.tanhQ15(index);
    }
}
