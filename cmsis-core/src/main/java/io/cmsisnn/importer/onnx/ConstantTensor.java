package io.cmsisnn.importer.onnx;

import java.util.Arrays;

/**
 * A tensor whose value the file fixes: an initializer, a Constant node, or something folded from
 * them. Floating types are held as floats, integer and boolean types as longs.
 *
 * @param dims   ONNX dimensions (row-major)
 * @param floats the values of a floating tensor, or null
 * @param longs  the values of an integer tensor, or null
 */
record ConstantTensor(long[] dims, float[] floats, long[] longs) implements Value {

    /**
     * Stands for the batch size in shape arithmetic (the Shape of a tensor whose batch axis is
     * symbolic), so that {@code x.view(x.size(0), -1)} exports still resolve.
     */
    static final long SYMBOLIC_BATCH = Long.MIN_VALUE;

    ConstantTensor {
        if ((floats == null) == (longs == null)) {
            throw new IllegalArgumentException("a constant holds either floats or longs");
        }
        long n = count(dims);
        int size = floats != null ? floats.length : longs.length;
        if (n != size) {
            throw new IllegalArgumentException("constant of dims " + Arrays.toString(dims) + " holds " + size + " values");
        }
    }

    static ConstantTensor ofFloats(long[] dims, float[] values) {
        return new ConstantTensor(dims, values, null);
    }

    static ConstantTensor ofLongs(long[] dims, long[] values) {
        return new ConstantTensor(dims, null, values);
    }

    static long count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
            n *= d;
        }
        return n;
    }

    boolean isInteger() {
        return longs != null;
    }

    int size() {
        return floats != null ? floats.length : longs.length;
    }

    int rank() {
        return dims.length;
    }

    /** The values as floats; integer values are converted. */
    float[] asFloats() {
        if (floats != null) {
            return floats;
        }
        float[] f = new float[longs.length];
        for (int i = 0; i < f.length; i++) {
            if (longs[i] == SYMBOLIC_BATCH) {
                throw new NodeProblem("uses the batch size as a number; export the model with a fixed batch size of 1");
            }
            f[i] = longs[i];
        }
        return f;
    }

    /** The values as integers; floating values must be whole numbers. */
    long[] asLongs() {
        if (longs != null) {
            return longs;
        }
        long[] l = new long[floats.length];
        for (int i = 0; i < l.length; i++) {
            if (floats[i] != Math.rint(floats[i])) {
                throw new NodeProblem("expects integers but the constant holds " + floats[i]);
            }
            l[i] = (long) floats[i];
        }
        return l;
    }

    /** The single value of a scalar or one-element tensor. */
    float scalar(String what) {
        if (size() != 1) {
            throw new NodeProblem("expects a single value for " + what + " but the constant has dims " + Arrays.toString(dims));
        }
        return asFloats()[0];
    }

    ConstantTensor withDims(long[] newDims) {
        return new ConstantTensor(newDims, floats, longs);
    }

    String describe() {
        return (isInteger() ? "integer" : "float") + " constant " + Arrays.toString(dims);
    }
}
