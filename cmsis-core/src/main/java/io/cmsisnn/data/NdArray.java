package io.cmsisnn.data;

import java.util.Arrays;

/**
 * An n-dimensional numeric array as read from a data file, stored row-major (C order).
 * Values are kept as {@code double}, which holds every float32/float64 value and every integer
 * up to 2^53 exactly. {@code dtype} records the element type of the source in NumPy notation
 * ({@code "f4"}, {@code "u1"}, {@code "i8"}, ...), for messages only.
 *
 * <p>{@link #data()} returns the backing array itself (no copy, the arrays can be large);
 * {@link #shape()} returns a copy.
 */
public record NdArray(int[] shape, double[] data, String dtype) {

    public NdArray {
        if (shape == null || data == null) {
            throw new IllegalArgumentException("shape and data must not be null");
        }
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + shapeString(shape) + " needs " + n
                    + " values but " + data.length + " were given");
        }
        dtype = dtype == null ? "f8" : dtype;
    }

    /** An array of doubles of the given shape. */
    public NdArray(int[] shape, double[] data) {
        this(shape, data, "f8");
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** Length of axis {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Total number of values. */
    public int size() {
        return data.length;
    }

    /** Value at flat (row-major) index {@code i}. */
    public double get(int i) {
        return data[i];
    }

    /** A float copy of all values, row-major. */
    public float[] toFloatArray() {
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) data[i];
        }
        return out;
    }

    /** The shape as NumPy prints it, e.g. {@code [6900, 26, 3]}. */
    public String shapeString() {
        return shapeString(shape);
    }

    static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NdArray)) {
            return false;
        }
        NdArray other = (NdArray) o;
        return Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data) && dtype.equals(other.dtype);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(data)) + dtype.hashCode();
    }

    @Override
    public String toString() {
        return "NdArray[shape=" + shapeString() + ", dtype=" + dtype + "]";
    }
}
