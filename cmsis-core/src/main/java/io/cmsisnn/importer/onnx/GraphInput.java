package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.importer.ModelImportException;

import java.util.Arrays;
import java.util.List;

/**
 * The network's data input: float, batch axis first (fixed or symbolic), other sizes fixed. It is
 * stored naturally (channels first become channels last), except when the model itself transposes
 * it first (keras2onnx's NHWC input): then it is stored so that the transposed tensor is natural,
 * which is the input's own order.
 */
final class GraphInput {
    private GraphInput() {
    }

    /** The input as a data tensor and the file's batch size (0 when symbolic). */
    record Placed(DataTensor tensor, int batch) {
    }

    static Placed place(String file, ValueInfoProto input, List<NodeProto> readers) {
        String where = file + ": input '" + input.getName() + "'";
        if (!input.getType().hasTensorType()) {
            throw new ModelImportException(where + " is not a tensor; the network input must be a float tensor.");
        }
        int type = input.getType().getTensorType().getElemType();
        if (type != DataType.FLOAT_VALUE) {
            DataType t = DataType.forNumber(type);
            throw new ModelImportException(where + " has element type " + (t == null ? type : t) + "; only float32 inputs are "
                    + "supported. Export the model with a float input (quantize afterwards with this plugin's <scheme>).");
        }
        TensorShapeProto shape = input.getType().getTensorType().getShape();
        if (shape.getDimCount() < 1) {
            throw new ModelImportException(where + " has no batch axis (rank 0); export the model with an input of shape "
                    + "[N, C, ...].");
        }
        int batch = 0;
        TensorShapeProto.Dimension first = shape.getDim(0);
        if (first.hasDimValue() && first.getDimValue() > 0) {
            batch = Math.toIntExact(first.getDimValue());
        }
        int[] dims = new int[shape.getDimCount() - 1];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i + 1);
            if (!d.hasDimValue() || d.getDimValue() <= 0) {
                throw new ModelImportException(where + " has a symbolic or unknown size"
                        + (d.hasDimParam() ? " '" + d.getDimParam() + "'" : "") + " at axis " + (i + 1)
                        + "; only the batch axis may be symbolic. Export the model with a fixed input size "
                        + "(no dynamic_axes other than the batch).");
            }
            dims[i] = Math.toIntExact(d.getDimValue());
        }
        int[] perm = commonTranspose(readers, dims.length);
        if (perm != null) {
            return new Placed(transposedByModel(input.getName(), dims, perm), batch);
        }
        Shape natural = Layouts.naturalShape(dims);
        if (natural == null) {
            throw new ModelImportException(where + " has shape " + describe(dims) + ", which is " + (dims.length - 1)
                    + "-D data; supported inputs are [N, C] vectors, [N, C, L] sequences and [N, C, H, W] images.");
        }
        return new Placed(DataTensor.natural(input.getName(), dims), batch);
    }

    /** The per-sample permutation when every reader of the input is the same batch-keeping Transpose, else null. */
    private static int[] commonTranspose(List<NodeProto> readers, int rank) {
        int[] common = null;
        for (NodeProto n : readers) {
            if (!n.getOpType().equals("Transpose") || !(n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"))) {
                return null;
            }
            int[] perm = null;
            for (var a : n.getAttributeList()) {
                if (a.getName().equals("perm")) {
                    perm = a.getIntsList().stream().mapToInt(Long::intValue).toArray();
                }
            }
            if (perm == null || perm.length != rank + 1 || perm[0] != 0 || (common != null && !Arrays.equals(perm, common))) {
                return null;
            }
            common = perm;
        }
        if (common == null) {
            return null;
        }
        int[] perSample = new int[rank];
        for (int i = 0; i < rank; i++) {
            perSample[i] = common[i + 1] - 1;
        }
        return rank <= 3 ? perSample : null;
    }

    /** Stores the input so that its transposed form is natural. */
    private static DataTensor transposedByModel(String name, int[] dims, int[] perm) {
        int[] transposed = Layouts.permute(dims, perm);
        int[] natural = Layouts.naturalOrder(transposed);
        int[] sources = Layouts.transposeSources(dims, perm);
        int[] order = new int[natural.length];
        for (int j = 0; j < natural.length; j++) {
            order[sources[j]] = natural[j];
        }
        return new DataTensor(name, dims, Layouts.naturalShape(transposed), order);
    }

    private static String describe(int[] dims) {
        StringBuilder sb = new StringBuilder("[N");
        for (int d : dims) {
            sb.append(", ").append(d);
        }
        return sb.append(']').toString();
    }
}
