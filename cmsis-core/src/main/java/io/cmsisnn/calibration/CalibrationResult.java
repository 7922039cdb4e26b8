package io.cmsisnn.calibration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The statistics of every tensor of a network over a calibration set, and the rules that turn them
 * into power-of-two fixed-point formats (see {@link #choose}).
 */
public final class CalibrationResult {
    /** Fewest fractional bits a choice may have. */
    public static final int MIN_FRAC = -32;
    /** How far above the word's {@code B-1} fractional bits a choice may go: at most {@code B + 32}. */
    public static final int EXTRA_FRAC = 32;
    /** How many finer formats than the min/max one {@link RangeMethod#SEARCH} tries. */
    public static final int SEARCH_STEPS = 4;

    private final Map<String, TensorStatistics> statistics;
    private final int samples;
    private final double samplesPerSecond;

    /**
     * @param statistics       per tensor, in graph order (the input first); copied
     * @param samples          number of calibration samples the statistics cover
     * @param samplesPerSecond measured rate of the calibration run (0 when not measured)
     */
    public CalibrationResult(Map<String, TensorStatistics> statistics, int samples, double samplesPerSecond) {
        Objects.requireNonNull(statistics, "statistics");
        if (samples < 0) {
            throw new IllegalArgumentException("negative sample count " + samples);
        }
        if (!(samplesPerSecond >= 0) || Double.isInfinite(samplesPerSecond)) {
            throw new IllegalArgumentException("samplesPerSecond must be finite and >= 0: " + samplesPerSecond);
        }
        Map<String, TensorStatistics> copy = new LinkedHashMap<>();
        for (Map.Entry<String, TensorStatistics> e : statistics.entrySet()) {
            if (!e.getKey().equals(e.getValue().name())) {
                throw new IllegalArgumentException("statistics of '" + e.getValue().name() + "' filed under '" + e.getKey() + "'");
            }
            copy.put(e.getKey(), e.getValue());
        }
        this.statistics = Collections.unmodifiableMap(copy);
        this.samples = samples;
        this.samplesPerSecond = samplesPerSecond;
    }

    /** Statistics per tensor in graph order: the graph input first, then each node's output. */
    public Map<String, TensorStatistics> statistics() {
        return statistics;
    }

    /** @throws IllegalArgumentException when calibration saw no tensor of that name */
    public TensorStatistics statistics(String tensor) {
        TensorStatistics s = statistics.get(tensor);
        if (s == null) {
            throw new IllegalArgumentException("no calibration statistics for tensor '" + tensor + "'; known: " + statistics.keySet());
        }
        return s;
    }

    /** Number of calibration samples used. */
    public int samples() {
        return samples;
    }

    /** Measured calibration rate over the whole run, samples per second of wall time. */
    public double samplesPerSecond() {
        return samplesPerSecond;
    }

    /**
     * The Q format for one tensor in a word of {@code wordBits} bits (8 for q7, 16 for q15), where
     * a value is {@code int / 2^frac} with {@code int} in {@code [-2^(B-1), 2^(B-1)-1]}.
     *
     * <ul>
     * <li>{@link RangeMethod#MINMAX}: {@code r = max(|min|, |max|)}, {@code intBits = ceil(log2 r)},
     * {@code frac = (B-1) - intBits}. A range below 1 gives more than {@code B-1} fractional bits.
     * When {@code r} is a power of two, its positive extreme saturates by one step (e.g. 1.0 in
     * Q0.7 becomes 127/128), as in Arm's guide.</li>
     * <li>{@link RangeMethod#PERCENTILE}: the smallest {@code e} for which at least
     * {@code percentile}% of the values (zeros included) have {@code |x| < 2^e}, read from the
     * histogram; {@code frac = (B-1) - e}. At 100 this is {@code floor(log2 r) + 1}, which equals
     * the MINMAX {@code intBits} except when {@code r} is an exact power of two: then PERCENTILE
     * takes one integer bit more (one fractional bit fewer) and nothing saturates. When the
     * percentile falls in the highest bin (magnitudes of {@code 2^39} and more), whose upper edge
     * is unknown, {@code e} is taken from {@code r} so that every value is covered. When the zeros
     * alone make up the percentile, the tensor is treated as all zero (below), with a note.</li>
     * <li>{@link RangeMethod#SEARCH}: each {@code frac} from the MINMAX one to
     * {@value #SEARCH_STEPS} above it is tried on the stored sample (round half away from zero,
     * saturate to B bits); the least mean squared error wins, ties going to the smaller
     * {@code frac}.</li>
     * <li>{@link RangeMethod#ENTROPY}: the power-of-two range with the least Kullback-Leibler
     * divergence between the sample's magnitudes and their {@code 2^(B-1)}-level quantization
     * ({@link EntropyThreshold}). The power-of-two candidates are compared
     * directly rather than rounding TensorRT's free threshold up to the next power of two: a q7
     * format can only be one of them, and rounding up can lose up to one bit of resolution that
     * the divergence never weighed. From 13-bit words on (q15) there are at least as many levels
     * as {@value EntropyThreshold#BINS} bins, the divergence cannot tell ranges apart, and the
     * MINMAX format is kept: at 16 bits the rounding error is already about 48 dB below that of
     * q7, so clipping outliers has little to win. So it is when the sample holds no nonzero
     * value.</li>
     * <li>{@link RangeMethod#ACCURACY}: the MINMAX choice, from which the legacy backend's search starts.</li>
     * </ul>
     *
     * <p>A tensor whose values were all 0 gets {@code frac = B-1} (range 1) and a note. The result
     * is clamped to {@code [MIN_FRAC, B + EXTRA_FRAC]}, with a note when that changed it.
     * {@link FormatChoice#saturatedFraction()} is the share of values with {@code |x| >= range},
     * counted exactly from the histogram (only for ranges above {@code 2^39} is it estimated from
     * the sample).
     *
     * @param percentile used by PERCENTILE only: in (0, 100]
     * @throws IllegalArgumentException when the tensor is unknown or {@code wordBits} is not in 2..32
     * @throws CalibrationException     when PERCENTILE is asked with a percentile outside (0, 100]
     */
    public FormatChoice choose(String tensor, int wordBits, RangeMethod method, double percentile) {
        TensorStatistics s = statistics(tensor);
        Objects.requireNonNull(method, "method");
        if (wordBits < 2 || wordBits > 32) {
            throw new IllegalArgumentException("word size must be 2..32 bits, got " + wordBits);
        }
        if (method == RangeMethod.PERCENTILE && !(percentile > 0 && percentile <= 100)) {
            throw new CalibrationException("the calibration percentile must be above 0 and at most 100, got " + percentile);
        }
        if (s.count() == 0 || s.maxAbs() == 0) {
            return allZero(s, wordBits, s.count() == 0
                    ? "calibration saw no values of tensor '" + s.name() + "'"
                    : "all calibration values of tensor '" + s.name() + "' were 0");
        }
        switch (method) {
            case MINMAX:
            case ACCURACY: // the search's starting point; the search itself is the legacy backend's
                return clamped(s, wordBits, wordBits - 1 - ceilLog2(s.maxAbs()), null);
            case PERCENTILE:
                return percentile(s, wordBits, percentile);
            case SEARCH:
                return search(s, wordBits);
            case ENTROPY:
                return entropy(s, wordBits);
            default:
                throw new IllegalStateException("unhandled range method " + method);
        }
    }

    private static FormatChoice allZero(TensorStatistics s, int wordBits, String why) {
        int frac = wordBits - 1;
        return new FormatChoice(frac, 1.0, 0.0, why + "; format " + FormatChoice.qName(wordBits, frac) + " chosen");
    }

    private static FormatChoice percentile(TensorStatistics s, int wordBits, double percentile) {
        double need = percentile * s.count();
        if (s.zeroCount() * 100.0 >= need) {
            return allZero(s, wordBits, "at least " + percent(percentile) + "% of the calibration values of tensor '"
                    + s.name() + "' were 0");
        }
        long covered = s.zeroCount();
        int e = TensorStatistics.MAX_EXPONENT;
        for (int b = TensorStatistics.MIN_EXPONENT; b <= TensorStatistics.MAX_EXPONENT; b++) {
            covered += s.bin(b);
            if (covered * 100.0 >= need) {
                e = b;
                break;
            }
        }
        if (e == TensorStatistics.MAX_EXPONENT) {
            // the top bin also holds everything above 2^40: cover the largest magnitude outright
            e = Math.max(e, Math.getExponent(s.maxAbs()) + 1);
        }
        return clamped(s, wordBits, wordBits - 1 - e, null);
    }

    private static FormatChoice search(TensorStatistics s, int wordBits) {
        FormatChoice base = clamped(s, wordBits, wordBits - 1 - ceilLog2(s.maxAbs()), null);
        float[] sample = s.sample();
        int last = Math.min(base.frac() + SEARCH_STEPS, wordBits + EXTRA_FRAC);
        int best = base.frac();
        double bestError = Double.POSITIVE_INFINITY;
        for (int frac = base.frac(); frac <= last; frac++) {
            double error = meanSquaredError(sample, wordBits, frac);
            if (error < bestError) { // strict: a tie keeps the smaller frac
                bestError = error;
                best = frac;
            }
        }
        return best == base.frac() ? base : clamped(s, wordBits, best, base.note());
    }

    private static FormatChoice entropy(TensorStatistics s, int wordBits) {
        int levels = 1 << (wordBits - 1);
        Integer e = levels >= EntropyThreshold.BINS ? null : EntropyThreshold.powerOfTwoExponent(s, levels);
        int frac = e == null ? wordBits - 1 - ceilLog2(s.maxAbs()) : wordBits - 1 - e;
        return clamped(s, wordBits, frac, null);
    }

    /** Mean of {@code (x - q(x))^2} over the values, q quantizing to {@code frac} bits in a B-bit word. */
    static double meanSquaredError(float[] values, int wordBits, int frac) {
        if (values.length == 0) {
            return 0;
        }
        double sum = 0;
        for (float v : values) {
            double d = v - quantize(v, wordBits, frac);
            sum += d * d;
        }
        return sum / values.length;
    }

    /**
     * {@code x} stored in a B-bit word with {@code frac} fractional bits and read back: rounded
     * half away from zero to a multiple of {@code 2^-frac}, saturated to the word's codes.
     */
    static double quantize(double x, int wordBits, int frac) {
        double scaled = Math.scalb(x, frac);
        double a = Math.abs(scaled);
        double f = Math.floor(a);
        if (a - f >= 0.5) { // a - floor(a) is exact, so halves are seen as halves
            f += 1;
        }
        double q = Math.copySign(f, scaled);
        double hi = Math.scalb(1.0, wordBits - 1) - 1;
        double lo = -Math.scalb(1.0, wordBits - 1);
        q = Math.max(lo, Math.min(hi, q));
        return Math.scalb(q, -frac);
    }

    /** {@code ceil(log2 r)} for a positive finite r, exactly. */
    static int ceilLog2(double r) {
        int k = Math.getExponent(r);
        return r == Math.scalb(1.0, k) ? k : k + 1;
    }

    /** The choice for {@code frac} after the clamp, with its saturated share and any note. */
    private static FormatChoice clamped(TensorStatistics s, int wordBits, int frac, String note) {
        int max = wordBits + EXTRA_FRAC;
        int f = Math.max(MIN_FRAC, Math.min(max, frac));
        if (f != frac) {
            String clampNote = "tensor '" + s.name() + "' (largest magnitude " + String.format(Locale.ROOT, "%.3g", s.maxAbs())
                    + ") would need " + frac + " fractional bits, outside " + MIN_FRAC + ".." + max + "; clamped to "
                    + FormatChoice.qName(wordBits, f);
            note = note == null ? clampNote : note + "; " + clampNote;
        }
        int e = wordBits - 1 - f;
        double range = Math.scalb(1.0, e);
        return new FormatChoice(f, range, saturatedFraction(s, e), note);
    }

    /** Share of the values with {@code |x| >= 2^e}. */
    private static double saturatedFraction(TensorStatistics s, int e) {
        if (s.count() == 0 || s.maxAbs() < Math.scalb(1.0, e)) {
            return 0;
        }
        if (e + 1 > TensorStatistics.MAX_EXPONENT) {
            // only the top bin reaches this far and it has no upper edge: estimate from the sample
            double limit = Math.scalb(1.0, e);
            float[] sample = s.sample();
            long hits = 0;
            for (float v : sample) {
                if (Math.abs(v) >= limit) {
                    hits++;
                }
            }
            double share = sample.length == 0 ? 0 : (double) hits / sample.length;
            return Math.min(1.0, Math.max(share, 1.0 / s.count())); // maxAbs itself saturates
        }
        long over = 0;
        for (int b = Math.max(e + 1, TensorStatistics.MIN_EXPONENT); b <= TensorStatistics.MAX_EXPONENT; b++) {
            over += s.bin(b);
        }
        return (double) over / s.count();
    }

    private static String percent(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }

    @Override
    public String toString() {
        return "CalibrationResult[" + samples + " samples, " + statistics.size() + " tensors]";
    }
}
