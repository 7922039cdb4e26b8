package io.cmsisnn.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Finds values far outside the rest of a data set, the kind one corrupt or unscaled sample brings
 * (a single 3e38 among pixels gives an input scale of 1e36 and every real input quantizes to 0).
 * Robust: the bulk of the data is the range between its 0.1 % and 99.9 % quantiles, estimated from
 * an even sample of the values, and a value counts as an outlier beyond {@value #REACH} times that
 * width past either end. Data whose bulk has no width (constant, or almost all one value) is not
 * judged.
 */
public final class Outliers {
    /** Values the quantiles are estimated from. */
    private static final int PROBE = 1 << 16;
    /** How many bulk widths past the bulk a value must lie. */
    static final double REACH = 100;

    private Outliers() {
    }

    /** A warning naming the first outlying sample, its value and how many samples have one; null when there is none. */
    public static String warning(float[][] samples, String what) {
        long total = 0;
        for (float[] s : samples) {
            total += s.length;
        }
        if (total == 0) {
            return null;
        }
        long stride = Math.max(1, total / PROBE);
        float[] probe = new float[(int) ((total + stride - 1) / stride)];
        int n = 0;
        long next = 0;
        long index = 0;
        for (float[] s : samples) {
            for (float v : s) {
                if (index++ == next && n < probe.length) {
                    probe[n++] = v;
                    next += stride;
                }
            }
        }
        probe = Arrays.copyOf(probe, n);
        Arrays.sort(probe);
        double lo = probe[(int) Math.floor(0.001 * (n - 1))];
        double hi = probe[(int) Math.ceil(0.999 * (n - 1))];
        double width = hi - lo;
        if (!(width > 0)) {
            return null;
        }
        double below = lo - REACH * width;
        double above = hi + REACH * width;
        int first = -1;
        int position = -1;
        int count = 0;
        for (int s = 0; s < samples.length; s++) {
            for (int i = 0; i < samples[s].length; i++) {
                float v = samples[s][i];
                if (v < below || v > above) {
                    if (first < 0) {
                        first = s;
                        position = i;
                    }
                    count++;
                    break;
                }
            }
        }
        if (first < 0) {
            return null;
        }
        return String.format(Locale.ROOT, "%s: sample %d (counting from 0) holds %s at position %d, far outside the rest "
                + "of the data (99.8 %% of its values lie in [%.6g, %.6g]); %d of %d samples hold such values. They set the "
                + "quantization range, so the other inputs lose their precision: check or drop those samples, or the input "
                + "scale", what, first, samples[first][position], position, lo, hi, count, samples.length);
    }
}
