package io.cmsisnn.calibration;

/**
 * The clipping magnitude of {@link RangeMethod#ENTROPY}: the threshold whose quantized distribution
 * of {@code |x|} loses the least information, by Kullback-Leibler divergence, in the way TensorRT's
 * entropy calibrator (Migacz, "8-bit inference with TensorRT", GTC 2017) and NNoM's {@code kld}
 * option choose it.
 *
 * <p>The magnitudes go into {@value #BINS} equal bins over {@code [0, top]}. For a candidate of
 * {@code i} bins (threshold {@code i * top / BINS}, the upper edge of bin {@code i-1}):
 * <ul>
 * <li>P is bins {@code [0, i)}, with every value beyond them (the outliers that would saturate)
 * added to bin {@code i-1};</li>
 * <li>Q is the same bins without the outliers, merged into {@code levels} buckets (bucket
 * {@code b} covers bins {@code floor(b*i/levels)} to {@code floor((b+1)*i/levels) - 1}, so the
 * buckets differ by at most one bin), each bucket's count spread evenly over those of its bins
 * where P is not zero;</li>
 * <li>both are normalized and {@code KL(P||Q) = sum p ln(p/q)} over the bins where P is not zero.</li>
 * </ul>
 * Q is zero where P is zero, and positive wherever P is, except in a last bucket that holds only
 * outliers: there Q (and only then) is smoothed, {@code Q' = (1-ε) Q + ε / n} on the {@code n} bins
 * where P is not zero, with ε = {@value #SMOOTHING}, so that clipping into an empty bucket costs a
 * large but finite divergence instead of an infinite one.
 *
 * <p>The threshold with the least divergence wins, ties going to the smaller one, after the
 * divergence's sampling bias is taken off (Miller and Madow's correction, below): the histogram holds a
 * sample, and counting noise alone would make every merge of bins look like lost information.
 *
 * <p>Exact zeros are left out of the histogram: every scheme stores 0 exactly at any threshold, so
 * they say nothing about the choice, and the zeros after a ReLU (often half the values) would
 * otherwise fill the first bucket and mask its shape.
 *
 * <p>The values are the tensor's stored {@link TensorStatistics#sample()}: at most 20,000 values
 * spread evenly over every calibration sample, fixed by the data alone. Reading it keeps
 * calibration as it is (one pass, the statistics mergeable, the cache format unchanged) and lets a
 * later build switch to this method without calibrating again; a second, exact fine histogram would
 * need the largest magnitude before it could bin anything, so a second pass over the calibration
 * set. The sample gives about ten values per bin on average (fewer once the zeros are left out),
 * hence the bias correction; the rare largest magnitudes it misses are the outliers this method
 * clips anyway, so {@code top} is the sample's largest magnitude.
 *
 * <p>A known weakness, of the method rather than of the sample: Q's even spread penalizes a bucket
 * that holds an exactly repeated value (a convolution's bias over a constant background) beside
 * other values, so such tensors get thresholds that give the spikes buckets of their own, often
 * far below their largest values (bench/entropy-calibration-2026-12-02.txt).
 */
public final class EntropyThreshold {
    /** Fine bins over {@code [0, top]}, as TensorRT uses. */
    public static final int BINS = 2048;
    /** Share of Q given evenly to P's nonzero bins when a bucket holds only outliers. */
    public static final double SMOOTHING = 1e-4;

    private EntropyThreshold() {
    }

    /**
     * The magnitude to clip the tensor's range to for {@code levels} quantization levels of
     * {@code |x|}: the threshold with the least divergence, from {@code levels} bins up to all
     * {@value #BINS} (the sample's largest magnitude). When {@code levels} is
     * {@value #BINS} or more no candidate is coarser than the bins, every divergence would be 0,
     * and the tensor's {@link TensorStatistics#maxAbs()} is returned; so it is when the sample holds
     * no nonzero value.
     */
    public static double magnitude(TensorStatistics s, int levels) {
        if (levels < 2) {
            throw new IllegalArgumentException("need at least 2 quantization levels, got " + levels);
        }
        double top = sampleMaxAbs(s.sample());
        if (levels >= BINS || top == 0) {
            return s.maxAbs();
        }
        int best = bestThreshold(histogram(s.sample(), top), levels);
        return best == BINS ? top : best * (top / BINS);
    }

    /** The number of bins {@code i}, from {@code levels} to all, with the least {@link #divergence}; the smallest on a tie. */
    static int bestThreshold(long[] bins, int levels) {
        int best = bins.length;
        double least = Double.POSITIVE_INFINITY;
        for (int i = levels; i <= bins.length; i++) {
            double d = unbiasedDivergence(bins, i, levels);
            if (d < least) {
                least = d;
                best = i;
            }
        }
        return best;
    }

    /**
     * The exponent {@code e} of the power-of-two range {@code 2^e} with the least divergence for
     * {@code levels} levels, among the ranges from the one covering the sample's largest magnitude
     * ({@code 2^E}, {@code E = ceil(log2 max|sample|)}) down by halves while a range still spans
     * {@code levels} bins. The bins cover {@code [0, 2^E]}, so each candidate ends on a bin edge
     * and its {@code levels} buckets are exactly the format's codes. Null when the sample holds no
     * nonzero value.
     */
    static Integer powerOfTwoExponent(TensorStatistics s, int levels) {
        double max = sampleMaxAbs(s.sample());
        if (max == 0) {
            return null;
        }
        int top = CalibrationResult.ceilLog2(max);
        long[] bins = histogram(s.sample(), Math.scalb(1.0, top));
        int best = top;
        double least = Double.POSITIVE_INFINITY;
        int halvings = 0;
        while ((BINS >> (halvings + 1)) >= levels) {
            halvings++;
        }
        // smallest range first, so that a tie keeps the smaller one as magnitude() does
        for (int k = halvings; k >= 0; k--) {
            double d = unbiasedDivergence(bins, BINS >> k, levels);
            if (d < least) {
                least = d;
                best = top - k;
            }
        }
        return best;
    }

    /** Counts of the nonzero {@code |x|} in {@value #BINS} equal bins over {@code [0, top]}; {@code |x| >= top} in the last. */
    static long[] histogram(float[] values, double top) {
        long[] bins = new long[BINS];
        double perBin = BINS / top;
        for (float v : values) {
            if (v != 0) {
                int b = (int) Math.min(BINS - 1, Math.floor(Math.abs(v) * perBin));
                bins[b]++;
            }
        }
        return bins;
    }

    /**
     * {@code KL(P||Q)} for the threshold of {@code i} bins (see the class comment), 0 when the bins
     * are all empty.
     *
     * @param bins   counts of the fine bins, any length
     * @param i      bins below the threshold, in {@code [levels, bins.length]}
     * @param levels quantization levels of the magnitude
     */
    static double divergence(long[] bins, int i, int levels) {
        return divergence(bins, i, levels, false);
    }

    /**
     * {@link #divergence} less its sampling bias, {@code (nonzero bins of P - nonzero buckets) / 2N}
     * for N values (Miller and Madow's correction of a plug-in entropy): a bucket of m nonzero bins
     * whose true density is flat still shows about {@code (m-1)/2N} of divergence from counting
     * noise alone. Without it a sparse histogram (a sample of a few thousand nonzero values in 2048
     * bins) scores every merge of noisy bins as lost information and drives the choice to the
     * smallest threshold, where each bucket is one bin.
     */
    static double unbiasedDivergence(long[] bins, int i, int levels) {
        return divergence(bins, i, levels, true);
    }

    private static double divergence(long[] bins, int i, int levels, boolean unbiased) {
        if (levels < 1 || i < levels || i > bins.length) {
            throw new IllegalArgumentException("threshold of " + i + " bins for " + levels + " levels and " + bins.length + " bins");
        }
        double[] p = new double[i];
        long total = 0;
        for (int j = 0; j < bins.length; j++) {
            total += bins[j];
            p[Math.min(j, i - 1)] += bins[j];
        }
        if (total == 0) {
            return 0;
        }
        double[] q = new double[i];
        long kept = 0;
        int support = 0;
        int buckets = 0;
        boolean starved = false;
        for (int b = 0; b < levels; b++) {
            int from = (int) ((long) b * i / levels);
            int to = (int) ((long) (b + 1) * i / levels);
            long mass = 0;
            int nonzero = 0;
            for (int j = from; j < to; j++) {
                mass += bins[j];
                if (p[j] > 0) {
                    nonzero++;
                }
            }
            kept += mass;
            support += nonzero;
            buckets += nonzero > 0 ? 1 : 0;
            if (nonzero > 0) {
                if (mass == 0) {
                    starved = true;
                }
                for (int j = from; j < to; j++) {
                    if (p[j] > 0) {
                        q[j] = (double) mass / nonzero;
                    }
                }
            }
        }
        double kl = 0;
        for (int j = 0; j < i; j++) {
            if (p[j] > 0) {
                double pj = p[j] / total;
                double qj = kept == 0 ? 0 : q[j] / kept;
                if (starved) {
                    qj = (1 - SMOOTHING) * qj + SMOOTHING / support;
                }
                kl += pj * Math.log(pj / qj);
            }
        }
        return unbiased ? kl - (support - buckets) / (2.0 * total) : kl;
    }

    private static double sampleMaxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
