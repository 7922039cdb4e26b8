package io.cmsisnn.backend;

/** Integer output codes held as floats, the form the compiled harness writes them in. */
final class Codes {
    private Codes() {
    }

    /** Each code exactly: |code| < 2^24 for every 8- and 16-bit scheme. */
    static float[] asFloats(int[] codes) {
        float[] f = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            f[i] = codes[i];
        }
        return f;
    }
}
