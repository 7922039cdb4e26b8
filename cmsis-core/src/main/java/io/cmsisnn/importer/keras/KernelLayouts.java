package io.cmsisnn.importer.keras;

/**
 * Reorders Keras weight arrays into the layouts {@link io.cmsisnn.graph.Op} documents.
 * Depthwise kernels need no reordering: Keras's {@code [kh][kw][in][mult]} read flat is already
 * {@code [kh][kw][in*mult]} with output channel {@code in*mult + m}.
 */
final class KernelLayouts {
    private KernelLayouts() {
    }

    /**
     * Keras convolution kernel {@code [kh][kw][in][out]} (Conv1D's {@code [k][in][out]} is the
     * {@code kh = 1} case) to CMSIS {@code [out][kh][kw][in]}.
     */
    static float[] convolution(float[] keras, int kh, int kw, int in, int out) {
        float[] w = new float[keras.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < in; i++) {
                    int src = ((y * kw + x) * in + i) * out;
                    for (int o = 0; o < out; o++) {
                        w[((o * kh + y) * kw + x) * in + i] = keras[src + o];
                    }
                }
            }
        }
        return w;
    }

    /** Keras dense kernel {@code [in][out]} to {@code [out][in]}. */
    static float[] dense(float[] keras, int in, int out) {
        float[] w = new float[keras.length];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                w[o * in + i] = keras[i * out + o];
            }
        }
        return w;
    }
}
