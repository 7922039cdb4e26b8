package io.cmsisnn.importer.onnx;

import java.util.Arrays;

/** Index arithmetic on constants: transpose, concatenation and gathering of whole slices. */
final class ConstantFolding {
    private ConstantFolding() {
    }

    static ConstantTensor transpose(ConstantTensor k, int[] perm) {
        int[] dims = intDims(k);
        int[] sources = Layouts.transposeSources(dims, perm);
        long[] outDims = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            outDims[i] = k.dims()[perm[i]];
        }
        if (k.isInteger()) {
            long[] v = new long[sources.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = k.longs()[sources[j]];
            }
            return ConstantTensor.ofLongs(outDims, v);
        }
        float[] v = new float[sources.length];
        for (int j = 0; j < v.length; j++) {
            v[j] = k.floats()[sources[j]];
        }
        return ConstantTensor.ofFloats(outDims, v);
    }

    /** Concatenation along an axis; the result is integer only when every part is. */
    static ConstantTensor concat(ConstantTensor[] parts, int axis) {
        ConstantTensor first = parts[0];
        long[] dims = first.dims().clone();
        boolean integer = true;
        long total = 0;
        for (ConstantTensor p : parts) {
            if (p.rank() != first.rank()) {
                throw new NodeProblem("concatenates constants of different ranks");
            }
            for (int i = 0; i < dims.length; i++) {
                if (i != axis && p.dims()[i] != dims[i]) {
                    throw new NodeProblem("concatenates constants " + Arrays.toString(first.dims()) + " and "
                            + Arrays.toString(p.dims()) + " along axis " + axis);
                }
            }
            total += p.dims()[axis];
            integer &= p.isInteger();
        }
        dims[axis] = total;
        long outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= dims[i];
        }
        int n = (int) ConstantTensor.count(dims);
        long[] longs = integer ? new long[n] : null;
        float[] floats = integer ? null : new float[n];
        int at = 0;
        for (long o = 0; o < outer; o++) {
            for (ConstantTensor p : parts) {
                int block = (int) (p.size() / outer);
                int from = (int) (o * block);
                if (integer) {
                    System.arraycopy(p.longs(), from, longs, at, block);
                } else {
                    System.arraycopy(p.asFloats(), from, floats, at, block);
                }
                at += block;
            }
        }
        return integer ? ConstantTensor.ofLongs(dims, longs) : ConstantTensor.ofFloats(dims, floats);
    }

    /** ONNX Gather: slices of {@code data} along {@code axis} picked by {@code indices}. */
    static ConstantTensor gather(ConstantTensor data, ConstantTensor indices, int axis) {
        long[] idx = indices.asLongs();
        long size = data.dims()[axis];
        long outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= data.dims()[i];
        }
        long inner = 1;
        for (int i = axis + 1; i < data.rank(); i++) {
            inner *= data.dims()[i];
        }
        long[] dims = new long[data.rank() - 1 + indices.rank()];
        System.arraycopy(data.dims(), 0, dims, 0, axis);
        System.arraycopy(indices.dims(), 0, dims, axis, indices.rank());
        System.arraycopy(data.dims(), axis + 1, dims, axis + indices.rank(), data.rank() - axis - 1);
        int n = (int) ConstantTensor.count(dims);
        long[] longs = data.isInteger() ? new long[n] : null;
        float[] floats = data.isInteger() ? null : new float[n];
        int at = 0;
        for (long o = 0; o < outer; o++) {
            for (long i : idx) {
                long j = i < 0 ? i + size : i;
                if (j < 0 || j >= size) {
                    throw new NodeProblem("gathers index " + i + " from an axis of size " + size);
                }
                int from = (int) ((o * size + j) * inner);
                if (longs != null) {
                    System.arraycopy(data.longs(), from, longs, at, (int) inner);
                } else {
                    System.arraycopy(data.floats(), from, floats, at, (int) inner);
                }
                at += (int) inner;
            }
        }
        return longs != null ? ConstantTensor.ofLongs(dims, longs) : ConstantTensor.ofFloats(dims, floats);
    }

    private static int[] intDims(ConstantTensor k) {
        int[] d = new int[k.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.toIntExact(k.dims()[i]);
        }
        return d;
    }
}
