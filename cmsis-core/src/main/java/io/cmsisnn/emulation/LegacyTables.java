package io.cmsisnn.emulation;

/**
 * The 256-entry sigmoid and tanh tables of the legacy direct-lookup activations, computed from their
 * definitions. Entry i holds f(x) for x = (byte) i / 16 (the index read as signed Q3.4), rounded
 * half-up to Q0.7 or Q0.15 and clamped to the word. StrictMath makes the result the same on every JVM;
 * the bundled C file holds these numbers and CMSIS 5.9's tables hold the same ones.
 */
public final class LegacyTables {
    private static final byte[] SIGMOID_Q7 = q7(true);
    private static final byte[] TANH_Q7 = q7(false);
    private static final short[] SIGMOID_Q15 = q15(true);
    private static final short[] TANH_Q15 = q15(false);

    private LegacyTables() {
    }

    public static byte sigmoidQ7(int index) {
        return SIGMOID_Q7[index & 0xFF];
    }

    public static byte tanhQ7(int index) {
        return TANH_Q7[index & 0xFF];
    }

    public static short sigmoidQ15(int index) {
        return SIGMOID_Q15[index & 0xFF];
    }

    public static short tanhQ15(int index) {
        return TANH_Q15[index & 0xFF];
    }

    /** The function value the table samples at index i (x = (byte) i / 16). */
    public static double exact(boolean sigmoid, int index) {
        double x = ((byte) index) / 16.0;
        return sigmoid ? 1.0 / (1.0 + StrictMath.exp(-x)) : StrictMath.tanh(x);
    }

    /** floor(f * 2^bits + 0.5), clamped to [-2^bits, 2^bits - 1]. */
    static int quantize(double f, int bits) {
        long v = (long) Math.floor(f * (1L << bits) + 0.5);
        return (int) Math.max(-(1L << bits), Math.min((1L << bits) - 1, v));
    }

    private static byte[] q7(boolean sigmoid) {
        byte[] t = new byte[256];
        for (int i = 0; i < 256; i++) {
            t[i] = (byte) quantize(exact(sigmoid, i), 7);
        }
        return t;
    }

    private static short[] q15(boolean sigmoid) {
        short[] t = new short[256];
        for (int i = 0; i < 256; i++) {
            t[i] = (short) quantize(exact(sigmoid, i), 15);
        }
        return t;
    }
}
