package io.cmsisnn.metrics;

/**
 * Signal and noise energy of each layer's tensor over a number of samples: the reference (float)
 * values against the emulated ones, summed so that one SNR per layer covers all samples.
 */
public final class LayerSnr {
    private final double[] signal;
    private final double[] noise;
    private final boolean[] compared;

    public LayerSnr(int layers) {
        signal = new double[layers];
        noise = new double[layers];
        compared = new boolean[layers];
    }

    /** Adds one sample of layer {@code l}; a tensor missing on either side, or of another size, is left out. */
    public void add(int l, float[] reference, float[] emulated) {
        if (reference == null || emulated == null || reference.length != emulated.length) {
            return;
        }
        compared[l] = true;
        for (int i = 0; i < reference.length; i++) {
            signal[l] += (double) reference[i] * reference[i];
            double d = (double) reference[i] - emulated[i];
            noise[l] += d * d;
        }
    }

    /** The layer's SNR in dB (see {@link Metrics#snrDb}), or null when no sample could be compared. */
    public Double snrDb(int l) {
        return compared[l] ? Metrics.snrDb(signal[l], noise[l]) : null;
    }
}
