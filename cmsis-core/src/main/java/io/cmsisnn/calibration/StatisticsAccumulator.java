package io.cmsisnn.calibration;

/**
 * Gathers {@link TensorStatistics} for one tensor whose total number of values is known ahead.
 * Every statistic is an exact count, a min or max, or a value stored at a slot fixed by its flat
 * position, so accumulators that saw disjoint parts of the data merge to the same result in any
 * order and however the parts were cut. Several accumulators may share one sample array (each
 * writes only the slots of the positions it is given); they must not share anything else.
 */
final class StatisticsAccumulator {
    private final String name;
    private final long total;
    private final long stride;
    private final float[] sample;
    private final long[] histogram = new long[TensorStatistics.BINS];
    private long count;
    private long zeros;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** An accumulator with a sample array of its own. */
    StatisticsAccumulator(String name, long total) {
        this(name, total, new float[TensorStatistics.sampleSize(total)]);
    }

    /** An accumulator writing its sampled values into {@code sample}, which others may share. */
    StatisticsAccumulator(String name, long total, float[] sample) {
        if (total < 0) {
            throw new IllegalArgumentException("negative value count for '" + name + "'");
        }
        if (sample.length != TensorStatistics.sampleSize(total)) {
            throw new IllegalArgumentException("sample array of " + sample.length + " for " + total + " values");
        }
        this.name = name;
        this.total = total;
        this.stride = TensorStatistics.sampleStride(total);
        this.sample = sample;
    }

    /**
     * Counts {@code values}, whose first value sits at flat position {@code offset}.
     *
     * @return -1, or the index of the first value that is NaN or infinite; then nothing of the
     *         array was counted and the accumulator is as it was
     */
    int add(float[] values, long offset) {
        if (offset < 0 || offset + values.length > total) {
            throw new IllegalArgumentException("values " + offset + ".." + (offset + values.length)
                    + " of '" + name + "' lie outside its " + total + " values");
        }
        if (values.length == 0) {
            return -1;
        }
        // min and max first: a NaN or an infinity shows in one of them, so the common case needs no
        // separate finiteness pass, and nothing is counted before the array is known to be clean
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            // Math.min/max order -0 below +0 whatever comes first, so merging stays order-free
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!Float.isFinite(lo) || !Float.isFinite(hi)) {
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    return i;
                }
            }
        }
        // one slot per bin plus one for zeros, chosen without a branch (ReLU outputs are half zeros)
        int[] slots = new int[TensorStatistics.BINS + 1];
        for (float v : values) {
            int bits = Float.floatToRawIntBits(v) & 0x7fffffff;
            // exponent field - 126 is TensorStatistics.exponentOf's e for normal floats; subnormals
            // (field 0) land in the lowest bin as there
            int e = Math.max(TensorStatistics.MIN_EXPONENT, Math.min(TensorStatistics.MAX_EXPONENT, (bits >>> 23) - 126));
            slots[bits == 0 ? TensorStatistics.BINS : e - TensorStatistics.MIN_EXPONENT]++;
        }
        long z = slots[TensorStatistics.BINS];
        for (int b = 0; b < TensorStatistics.BINS; b++) {
            histogram[b] += slots[b];
        }
        if (values.length > 0) {
            min = Math.min(min, lo);
            max = Math.max(max, hi);
        }
        zeros += z;
        count += values.length;
        // first sampled position at or after offset: the next multiple of the stride
        long first = (offset + stride - 1) / stride * stride;
        for (long p = first; p < offset + values.length; p += stride) {
            sample[(int) (p / stride)] = values[(int) (p - offset)];
        }
        return -1;
    }

    /** Adds what {@code other} counted (its sample slots must already be in the shared array). */
    void merge(StatisticsAccumulator other) {
        if (other.total != total || !other.name.equals(name)) {
            throw new IllegalArgumentException("cannot merge statistics of '" + other.name + "' into '" + name + "'");
        }
        for (int b = 0; b < histogram.length; b++) {
            histogram[b] += other.histogram[b];
        }
        count += other.count;
        zeros += other.zeros;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /** The statistics; every one of the {@code total} values must have been added by now. */
    TensorStatistics build() {
        if (count != total) {
            throw new IllegalStateException("'" + name + "' has " + count + " of its " + total + " values");
        }
        double lo = count == 0 ? 0 : min;
        double hi = count == 0 ? 0 : max;
        return new TensorStatistics(name, count, lo, hi, zeros, histogram, sample);
    }
}
