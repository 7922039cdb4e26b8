package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import java.util.Arrays;

/**
 * Nodes that only compute constants: Constant, and the Shape → Gather → Cast arithmetic with which
 * exporters spell out target shapes. The batch size, when symbolic, stays a marker that a
 * Reshape reads as "keep the batch".
 */
final class ConstantOps {
    private ConstantOps() {
    }

    static void constant(ConversionContext c, OnnxNode n) {
        AttributeProto value = n.attribute("value");
        ConstantTensor k;
        if (value != null) {
            k = TensorDecoder.decode(value.getT());
        } else if (n.has("value_float")) {
            k = ConstantTensor.ofFloats(new long[0], new float[] {n.real("value_float", 0f)});
        } else if (n.has("value_floats")) {
            AttributeProto a = n.attribute("value_floats");
            float[] v = new float[a.getFloatsCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.getFloats(i);
            }
            k = ConstantTensor.ofFloats(new long[] {v.length}, v);
        } else if (n.has("value_int")) {
            k = ConstantTensor.ofLongs(new long[0], new long[] {n.integer("value_int", 0)});
        } else if (n.has("value_ints")) {
            long[] v = n.longs("value_ints", new long[0]);
            k = ConstantTensor.ofLongs(new long[] {v.length}, v);
        } else {
            throw new NodeProblem("holds a sparse or string value; only dense numeric constants are supported");
        }
        c.bind(n.output(0), k);
    }

    /** The dims of a tensor; a symbolic batch size becomes {@link ConstantTensor#SYMBOLIC_BATCH}. */
    static void shape(ConversionContext c, OnnxNode n) {
        Value v = c.value(n.input(0));
        long[] dims;
        if (v instanceof ConstantTensor k) {
            dims = k.dims().clone();
        } else {
            DataTensor x = (DataTensor) v;
            dims = new long[x.rank() + 1];
            dims[0] = c.batch() > 0 ? c.batch() : ConstantTensor.SYMBOLIC_BATCH;
            for (int i = 0; i < x.rank(); i++) {
                dims[i + 1] = x.dims()[i];
            }
        }
        // opset 15 added start and end, clamped like Python slices
        int rank = dims.length;
        int start = clampAxis(n.integer("start", 0), rank);
        int end = clampAxis(n.integer("end", rank), rank);
        long[] slice = Arrays.copyOfRange(dims, start, Math.max(start, end));
        c.bind(n.output(0), ConstantTensor.ofLongs(new long[] {slice.length}, slice));
    }

    private static int clampAxis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        return (int) Math.max(0, Math.min(rank, a));
    }

    static void gather(ConversionContext c, OnnxNode n) {
        if (!c.isConstant(n.input(0))) {
            throw new NodeProblem("gathers from computed data (an embedding or indexing); the graph has no gather op");
        }
        ConstantTensor data = c.constant(n, 0, "data");
        ConstantTensor indices = c.constant(n, 1, "indices");
        long axis = n.integer("axis", 0);
        int a = (int) (axis < 0 ? axis + data.rank() : axis);
        if (a < 0 || a >= data.rank()) {
            throw new NodeProblem("has axis " + axis + " for a constant of rank " + data.rank());
        }
        c.bind(n.output(0), ConstantFolding.gather(data, indices, a));
    }

    static void cast(ConversionContext c, OnnxNode n) {
        int to = (int) n.integer("to", 0);
        boolean toFloat = to == DataType.FLOAT_VALUE || to == DataType.DOUBLE_VALUE || to == DataType.FLOAT16_VALUE
                || to == DataType.BFLOAT16_VALUE;
        Value v = c.value(n.input(0));
        if (v instanceof DataTensor x) {
            if (!toFloat) {
                throw new NodeProblem("casts the network's data to " + DataType.forNumber(to) + "; only float data is supported");
            }
            c.bind(n.output(0), x);
            return;
        }
        ConstantTensor k = (ConstantTensor) v;
        if (toFloat) {
            c.bind(n.output(0), ConstantTensor.ofFloats(k.dims(), k.asFloats()));
        } else if (to == DataType.BOOL_VALUE) {
            float[] f = k.asFloats();
            long[] b = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                b[i] = f[i] != 0f ? 1 : 0;
            }
            c.bind(n.output(0), ConstantTensor.ofLongs(k.dims(), b));
        } else if (k.isInteger()) {
            c.bind(n.output(0), k);
        } else {
            float[] f = k.floats();
            long[] l = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                l[i] = (long) f[i];
            }
            c.bind(n.output(0), ConstantTensor.ofLongs(k.dims(), l));
        }
    }
}
