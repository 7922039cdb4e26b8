package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Shape;

import java.util.Arrays;

/**
 * How ONNX per-sample tensors (no batch axis) sit in the graph's HWC storage. The "natural"
 * placement reads the first axis as channels: {@code [C] → 1×1×C}, {@code [C, L] → 1×L×C},
 * {@code [C, H, W] → H×W×C}. An order array maps each ONNX row-major index to its HWC index.
 */
final class Layouts {
    private Layouts() {
    }

    /** The natural HWC shape of per-sample ONNX dims, or null for rank 4 and above. */
    static Shape naturalShape(int[] dims) {
        switch (dims.length) {
            case 0:
                return Shape.vector(1);
            case 1:
                return Shape.vector(dims[0]);
            case 2:
                return new Shape(1, dims[1], dims[0]);
            case 3:
                return new Shape(dims[1], dims[2], dims[0]);
            default:
                return null;
        }
    }

    /** Per-sample ONNX dims of a natural tensor of the given rank and HWC shape. */
    static int[] naturalDims(int rank, Shape s) {
        switch (rank) {
            case 0:
                return new int[0];
            case 1:
                return new int[] {s.c()};
            case 2:
                return new int[] {s.c(), s.w()};
            case 3:
                return new int[] {s.c(), s.h(), s.w()};
            default:
                throw new IllegalArgumentException("rank " + rank);
        }
    }

    /** The order of the natural placement: ONNX (c, h, w) goes to HWC (h, w, c). */
    static int[] naturalOrder(int[] dims) {
        int n = size(dims);
        if (dims.length <= 1) {
            return identity(n);
        }
        int c = dims[0];
        int spatial = n / c;
        int[] order = new int[n];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < spatial; p++) {
                order[ch * spatial + p] = p * c + ch;
            }
        }
        return order;
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** True when the order and storage shape are exactly the natural ones for these dims. */
    static boolean isNatural(int[] dims, Shape shape, int[] order) {
        Shape natural = naturalShape(dims);
        return natural != null && natural.equals(shape) && Arrays.equals(order, naturalOrder(dims));
    }

    static int size(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new NodeProblem("has a tensor of " + n + " values, too large for a microcontroller network");
        }
        return (int) n;
    }

    static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= dims[i];
        }
        return s;
    }

    static int[] permute(int[] dims, int[] perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = dims[perm[i]];
        }
        return out;
    }

    /**
     * For each row-major index of the transposed tensor, the row-major index of the same element
     * in the source: output axis i is source axis perm[i].
     */
    static int[] transposeSources(int[] dims, int[] perm) {
        int[] outDims = permute(dims, perm);
        int[] inStrides = strides(dims);
        int[] step = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            step[i] = inStrides[perm[i]];
        }
        int n = size(dims);
        int[] source = new int[n];
        int[] coord = new int[perm.length];
        int at = 0;
        for (int j = 0; j < n; j++) {
            source[j] = at;
            // odometer over the output coordinates, keeping the source index in step
            for (int k = perm.length - 1; k >= 0; k--) {
                coord[k]++;
                at += step[k];
                if (coord[k] < outDims[k]) {
                    break;
                }
                at -= step[k] * coord[k];
                coord[k] = 0;
            }
        }
        return source;
    }

    /**
     * True when ONNX axis {@code axis} of a tensor is the storage's channel axis: every run along
     * that axis is one HWC position's channels, in order.
     */
    static boolean axisIsChannel(DataTensor t, int axis) {
        int c = t.shape().c();
        if (t.dims()[axis] != c) {
            return false;
        }
        int[] order = t.orderArray();
        int stride = strides(t.dims())[axis];
        for (int i = 0; i < order.length; i++) {
            int k = (i / stride) % c;
            if (order[i] != order[i - k * stride] + k || order[i] % c != k) {
                return false;
            }
        }
        return true;
    }
}
