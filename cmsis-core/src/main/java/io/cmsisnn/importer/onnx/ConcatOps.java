package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Op;

import java.util.ArrayList;
import java.util.List;

/** Concat of computed tensors along channels, height or width; of constants, folded. */
final class ConcatOps {
    private ConcatOps() {
    }

    static void concat(ConversionContext c, OnnxNode n) {
        List<Value> parts = new ArrayList<>();
        for (int i = 0; i < n.inputCount(); i++) {
            parts.add(c.value(n.input(i)));
        }
        if (parts.isEmpty()) {
            throw new NodeProblem("has no inputs");
        }
        if (!n.has("axis")) {
            throw new NodeProblem("has no axis; the model is not valid ONNX");
        }
        long axis = n.integer("axis", 1);
        if (parts.stream().allMatch(p -> p instanceof ConstantTensor)) {
            ConstantTensor[] k = parts.toArray(new ConstantTensor[0]);
            int a = (int) (axis < 0 ? axis + k[0].rank() : axis);
            c.bind(n.output(0), ConstantFolding.concat(k, a));
            return;
        }
        List<String> inputs = new ArrayList<>();
        DataTensor first = null;
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof DataTensor x)) {
                throw new NodeProblem("concatenates a constant (input #" + i + ") with computed data; only computed tensors "
                        + "can be concatenated");
            }
            if (!x.isNatural()) {
                throw new NodeProblem("concatenates a tensor of shape " + x.describe() + " whose elements are not in "
                        + "[N, C, ...] order after earlier Transpose/Reshape nodes");
            }
            if (first != null && x.rank() != first.rank()) {
                throw new NodeProblem("concatenates tensors of different ranks");
            }
            first = first == null ? x : first;
            inputs.add(x.node());
        }
        int a = (int) (axis < 0 ? axis + first.rank() + 1 : axis) - 1;
        c.emitNatural(n, new Op.Concat(graphAxis(a, first)), inputs, first.rank());
    }

    /** Per-sample ONNX axis a as a graph axis: [C] → C; [C, L] → C, W; [C, H, W] → C, H, W. */
    private static Op.Axis graphAxis(int a, DataTensor x) {
        if (a == 0) {
            return Op.Axis.C;
        }
        if (x.rank() == 2 && a == 1) {
            return Op.Axis.W;
        }
        if (x.rank() == 3 && a == 1) {
            return Op.Axis.H;
        }
        if (x.rank() == 3 && a == 2) {
            return Op.Axis.W;
        }
        throw new NodeProblem("concatenates along axis " + (a + 1) + " of " + x.describe()
                + (a < 0 ? ", the batch axis" : ", which the graph cannot express"));
    }
}
