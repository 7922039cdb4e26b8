package io.cmsisnn.calibration;

import java.util.Arrays;
import java.util.Objects;

/**
 * What calibration saw of one tensor, over every value of every calibration sample.
 *
 * <p>The histogram counts nonzero magnitudes by power of two: the bin of exponent {@code e} holds
 * the values with {@code 2^(e-1) <= |x| < 2^e}, for {@code e} from {@link #MIN_EXPONENT} to
 * {@link #MAX_EXPONENT}. Values below {@code 2^(MIN_EXPONENT-1)} are counted in the lowest bin
 * (they too are below {@code 2^MIN_EXPONENT}); values of {@code 2^MAX_EXPONENT} and above are
 * counted in the highest bin, whose upper edge is therefore only known from {@link #max()} and
 * {@link #min()}. Zeros (either sign) are counted in {@link #zeroCount()} and in no bin.
 *
 * <p>The sample holds at most {@link #SAMPLE_LIMIT} of the values: with {@code n} values in all and
 * stride {@code k = ceil(n / SAMPLE_LIMIT)}, it is the values at flat positions 0, k, 2k, ... where
 * the flat position of value {@code i} of sample {@code s} is {@code s * tensorSize + i}. It depends
 * only on the data, never on how the work was split.
 *
 * <p>Arrays are copied in and out; equality compares their contents.
 *
 * @param name      the tensor (layer output, or the graph input)
 * @param count     number of values seen: samples × tensor size
 * @param min       smallest value (0 when {@code count == 0})
 * @param max       largest value (0 when {@code count == 0})
 * @param zeroCount number of values equal to 0
 * @param histogram {@link #BINS} counts, index {@code e - MIN_EXPONENT}
 * @param sample    the values at the sampled positions, in position order
 */
public record TensorStatistics(String name, long count, double min, double max, long zeroCount,
                               long[] histogram, float[] sample) {
    /** Exponent of the lowest histogram bin: {@code |x| < 2^-40}. */
    public static final int MIN_EXPONENT = -40;
    /** Exponent of the highest histogram bin: {@code 2^39 <= |x|}. */
    public static final int MAX_EXPONENT = 40;
    /** Number of histogram bins. */
    public static final int BINS = MAX_EXPONENT - MIN_EXPONENT + 1;
    /** Most values kept in {@link #sample()}. */
    public static final int SAMPLE_LIMIT = 20_000;

    public TensorStatistics {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(histogram, "histogram");
        Objects.requireNonNull(sample, "sample");
        if (count < 0 || zeroCount < 0 || zeroCount > count) {
            throw new IllegalArgumentException("statistics of '" + name + "': count " + count + ", zeros " + zeroCount);
        }
        if (histogram.length != BINS) {
            throw new IllegalArgumentException("statistics of '" + name + "': the histogram needs " + BINS + " bins, got " + histogram.length);
        }
        if (sample.length > SAMPLE_LIMIT || sample.length > count) {
            throw new IllegalArgumentException("statistics of '" + name + "': sample of " + sample.length + " values for " + count);
        }
        if (Double.isNaN(min) || Double.isNaN(max) || (count > 0 && min > max)) {
            throw new IllegalArgumentException("statistics of '" + name + "': min " + min + ", max " + max);
        }
        long binned = 0;
        for (long h : histogram) {
            if (h < 0) {
                throw new IllegalArgumentException("statistics of '" + name + "': negative histogram count");
            }
            binned += h;
        }
        if (binned != count - zeroCount) {
            throw new IllegalArgumentException("statistics of '" + name + "': the histogram holds " + binned
                    + " values but " + (count - zeroCount) + " are nonzero");
        }
        histogram = histogram.clone();
        sample = sample.clone();
    }

    /** Statistics of one flat array of values, as if it were one sample of tensor {@code name}. */
    public static TensorStatistics of(String name, float... values) {
        StatisticsAccumulator acc = new StatisticsAccumulator(name, values.length);
        int bad = acc.add(values, 0);
        if (bad >= 0) {
            throw new IllegalArgumentException("value " + bad + " of '" + name + "' is " + values[bad]);
        }
        return acc.build();
    }

    /** Largest magnitude seen: {@code max(|min|, |max|)}; 0 when every value was 0. */
    public double maxAbs() {
        return Math.max(Math.abs(min), Math.abs(max));
    }

    /** Values that were not 0. */
    public long nonZeroCount() {
        return count - zeroCount;
    }

    /** A copy of the counts, index {@code e - MIN_EXPONENT}. */
    @Override
    public long[] histogram() {
        return histogram.clone();
    }

    /** A copy of the sampled values. */
    @Override
    public float[] sample() {
        return sample.clone();
    }

    /** The count of the bin of exponent {@code e}: values with {@code 2^(e-1) <= |x| < 2^e} (ends clamped). */
    public long bin(int e) {
        if (e < MIN_EXPONENT || e > MAX_EXPONENT) {
            throw new IllegalArgumentException("no histogram bin for exponent " + e + "; bins run "
                    + MIN_EXPONENT + ".." + MAX_EXPONENT);
        }
        return histogram[e - MIN_EXPONENT];
    }

    /** The bin exponent of a nonzero finite value, clamped to the histogram's ends. */
    public static int exponentOf(float x) {
        // getExponent gives floor(log2|x|) for normal floats and MIN_EXPONENT-1 for subnormals, both
        // far below the lowest bin; 2^k <= |x| < 2^(k+1) puts x in the bin of e = k + 1
        int e = Math.getExponent(x) + 1;
        return Math.max(MIN_EXPONENT, Math.min(MAX_EXPONENT, e));
    }

    /** Stride between sampled positions when a tensor has {@code total} values: {@code ceil(total / SAMPLE_LIMIT)}, at least 1. */
    static long sampleStride(long total) {
        return Math.max(1, (total + SAMPLE_LIMIT - 1) / SAMPLE_LIMIT);
    }

    /** Number of sampled positions among {@code total}: {@code ceil(total / stride)}. */
    static int sampleSize(long total) {
        long k = sampleStride(total);
        return (int) ((total + k - 1) / k);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TensorStatistics t)) {
            return false;
        }
        return count == t.count && zeroCount == t.zeroCount
                && Double.compare(min, t.min) == 0 && Double.compare(max, t.max) == 0
                && name.equals(t.name) && Arrays.equals(histogram, t.histogram) && Arrays.equals(sample, t.sample);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(name, count, min, max, zeroCount);
        h = 31 * h + Arrays.hashCode(histogram);
        return 31 * h + Arrays.hashCode(sample);
    }

    @Override
    public String toString() {
        return "TensorStatistics[" + name + ": " + count + " values, min " + min + ", max " + max + ", "
                + zeroCount + " zeros, " + sample.length + " sampled]";
    }
}
