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
        // Counts per exponent field, in four arrays for the four positions mod 4 (so that repeated
        // increments of one slot do not wait on each other), into local arrays that are dropped if
        // field 0xff (NaN, infinity) occurs: nothing of a bad array is counted.
        int n = values.length;
        int[] fields = new int[4 * 256];
        int i = 0;
        for (; i + 3 < n; i += 4) {
            fields[(Float.floatToRawIntBits(values[i]) >>> 23) & 0xff]++;
            fields[256 + ((Float.floatToRawIntBits(values[i + 1]) >>> 23) & 0xff)]++;
            fields[512 + ((Float.floatToRawIntBits(values[i + 2]) >>> 23) & 0xff)]++;
            fields[768 + ((Float.floatToRawIntBits(values[i + 3]) >>> 23) & 0xff)]++;
        }
        for (; i < n; i++) {
            fields[(Float.floatToRawIntBits(values[i]) >>> 23) & 0xff]++;
        }
        if (fields[255] + fields[511] + fields[767] + fields[1023] != 0) {
            for (int k = 0; k < n; k++) {
                if (!Float.isFinite(values[k])) {
                    return k;
                }
            }
        }
        // min and max over an integer key that orders floats as Math.min/max do (-0 below +0), and
        // the zeros (of either sign)
        int loKey = Integer.MAX_VALUE;
        int hiKey = Integer.MIN_VALUE;
        long z = 0;
        for (int k = 0; k < n; k++) {
            int bits = Float.floatToRawIntBits(values[k]);
            int key = bits ^ ((bits >> 31) & 0x7fffffff);
            loKey = Math.min(loKey, key);
            hiKey = Math.max(hiKey, key);
            z += ((bits & 0x7fffffff) - 1) >>> 31;
        }
        float lo = Float.intBitsToFloat(loKey ^ ((loKey >> 31) & 0x7fffffff));
        float hi = Float.intBitsToFloat(hiKey ^ ((hiKey >> 31) & 0x7fffffff));
        // field f of a normal float is TensorStatistics.exponentOf's e + 126; field 0 holds the
        // zeros and the subnormals, which belong to the lowest bin
        for (int f = 0; f < 255; f++) {
            long c = fields[f] + fields[256 + f] + fields[512 + f] + fields[768 + f];
            if (f == 0) {
                c -= z;
            }
            int e = Math.max(TensorStatistics.MIN_EXPONENT, Math.min(TensorStatistics.MAX_EXPONENT, f - 126));
            histogram[e - TensorStatistics.MIN_EXPONENT] += c;
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
