package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Op;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Flatten, Reshape, Squeeze, Unsqueeze, Transpose, Identity and Dropout: on computed data they
 * change how elements are indexed, not where they are (see {@link Placement}); on constants they
 * are folded.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static void flatten(ConversionContext c, OnnxNode n) {
        Value v = c.value(n.input(0));
        long axis = n.integer("axis", 1);
        if (v instanceof ConstantTensor k) {
            int a = (int) (axis < 0 ? axis + k.rank() : axis);
            long lead = 1;
            for (int i = 0; i < a; i++) {
                lead *= k.dims()[i];
            }
            c.bind(n.output(0), k.withDims(new long[] {lead, k.size() / Math.max(lead, 1)}));
            return;
        }
        DataTensor x = (DataTensor) v;
        int a = (int) (axis < 0 ? axis + x.rank() + 1 : axis);
        if (a < 0 || a > x.rank() + 1) {
            throw new NodeProblem("has axis " + axis + ", out of range for " + x.describe());
        }
        if (a == 0 && c.batch() > 1) {
            throw new NodeProblem("has axis 0, which mixes the " + c.batch() + " samples of the batch; use axis 1");
        }
        int lead = 1;
        for (int i = 0; i < a - 1; i++) {
            lead *= x.dims()[i];
        }
        if (lead != 1) {
            throw new NodeProblem("has axis " + axis + ", which folds axes of " + x.describe()
                    + " into the batch axis; use axis 1 (torch.flatten(x, 1))");
        }
        Placement.reshape(c, n, x, new int[] {x.size()});
    }

    static void reshape(ConversionContext c, OnnxNode n) {
        Value v = c.value(n.input(0));
        long[] target = c.constant(n, 1, "shape").asLongs();
        boolean allowZero = n.opset() >= 14 && n.integer("allowzero", 0) != 0;
        if (v instanceof ConstantTensor k) {
            c.bind(n.output(0), k.withDims(resolveConstantTarget(k, target, allowZero)));
            return;
        }
        DataTensor x = (DataTensor) v;
        Placement.reshape(c, n, x, perSampleTarget(c, x, target, allowZero));
    }

    /** The per-sample dims of a Reshape of data; its first target entry must keep the batch as it is. */
    private static int[] perSampleTarget(ConversionContext c, DataTensor x, long[] target, boolean allowZero) {
        String shown = Arrays.toString(target).replace(String.valueOf(ConstantTensor.SYMBOLIC_BATCH), "N");
        if (target.length == 0) {
            throw new NodeProblem("reshapes " + x.describe() + " to a scalar, which removes the batch axis");
        }
        long[] rest = Arrays.copyOfRange(target, 1, target.length);
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < rest.length; i++) {
            if (rest[i] == 0 && !allowZero) {
                if (i >= x.rank()) {
                    throw new NodeProblem("has a 0 (copy) in shape " + shown + " beyond the input's rank");
                }
                rest[i] = x.dims()[i];
            }
            if (rest[i] == -1) {
                if (unknown >= 0) {
                    throw new NodeProblem("has more than one -1 in shape " + shown);
                }
                unknown = i;
            } else if (rest[i] <= 0) {
                throw new NodeProblem("has shape " + shown + "; only the first entry may refer to the batch size");
            } else {
                known *= rest[i];
            }
        }
        long first = target[0];
        int samples = x.size();
        if (first == -1) {
            if (unknown >= 0 || known != samples) {
                throw new NodeProblem("reshapes " + x.describe() + " to " + shown + ", which moves values between the "
                        + "samples of a batch; keep the batch axis first (x.view(x.size(0), -1))");
            }
        } else {
            boolean keepsBatch = first == ConstantTensor.SYMBOLIC_BATCH || (first == 0 && !allowZero)
                    || (c.batch() > 0 && first == c.batch()) || (first == 1 && c.batch() <= 1);
            if (!keepsBatch) {
                throw new NodeProblem("reshapes " + x.describe() + " to " + shown + ", which changes the batch size "
                        + (c.batch() > 0 ? "from " + c.batch() : "") + "; keep the batch axis first (x.view(x.size(0), -1))");
            }
        }
        if (unknown >= 0) {
            if (known == 0 || samples % known != 0) {
                throw new NodeProblem("cannot reshape " + x.describe() + " to " + shown);
            }
            rest[unknown] = samples / known;
        }
        int[] dims = new int[rest.length];
        for (int i = 0; i < rest.length; i++) {
            dims[i] = Math.toIntExact(rest[i]);
        }
        return dims;
    }

    private static long[] resolveConstantTarget(ConstantTensor k, long[] target, boolean allowZero) {
        long[] dims = target.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == 0 && !allowZero) {
                dims[i] = k.dims()[i];
            }
            if (dims[i] == -1) {
                unknown = i;
            } else if (dims[i] < 0) {
                throw new NodeProblem("reshapes a constant to " + Arrays.toString(target) + ", which depends on the batch size");
            } else {
                known *= dims[i];
            }
        }
        if (unknown >= 0) {
            dims[unknown] = known == 0 ? 0 : k.size() / known;
        }
        if (ConstantTensor.count(dims) != k.size()) {
            throw new NodeProblem("cannot reshape " + k.describe() + " to " + Arrays.toString(target));
        }
        return dims;
    }

    static void squeeze(ConversionContext c, OnnxNode n) {
        long[] axes = axes(c, n);
        Value v = c.value(n.input(0));
        if (v instanceof ConstantTensor k) {
            List<Long> dims = new ArrayList<>();
            boolean[] drop = marked(axes, k.rank());
            for (int i = 0; i < k.rank(); i++) {
                if (!(axes == null ? k.dims()[i] == 1 : drop[i])) {
                    dims.add(k.dims()[i]);
                }
            }
            c.bind(n.output(0), k.withDims(dims.stream().mapToLong(Long::longValue).toArray()));
            return;
        }
        DataTensor x = (DataTensor) v;
        if (axes == null && c.batch() == 1) {
            throw new NodeProblem("has no axes, so it would also remove the batch axis of size 1; "
                    + "export with explicit axes (torch.squeeze(x, dim))");
        }
        boolean[] drop = marked(axes, x.rank() + 1);
        if (drop[0]) {
            throw new NodeProblem("removes the batch axis; only axes after it can be squeezed");
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            boolean remove = axes == null ? x.dims()[i] == 1 : drop[i + 1];
            if (remove && x.dims()[i] != 1) {
                throw new NodeProblem("squeezes axis " + (i + 1) + " of " + x.describe() + ", which is not of size 1");
            }
            if (!remove) {
                dims.add(x.dims()[i]);
            }
        }
        Placement.reshape(c, n, x, dims.stream().mapToInt(Integer::intValue).toArray());
    }

    static void unsqueeze(ConversionContext c, OnnxNode n) {
        long[] axes = axes(c, n);
        if (axes == null) {
            throw new NodeProblem("has no axes; the model is not valid ONNX");
        }
        Value v = c.value(n.input(0));
        if (v instanceof ConstantTensor k) {
            boolean[] added = marked(axes, k.rank() + axes.length);
            long[] dims = new long[added.length];
            for (int i = 0, from = 0; i < dims.length; i++) {
                dims[i] = added[i] ? 1 : k.dims()[from++];
            }
            c.bind(n.output(0), k.withDims(dims));
            return;
        }
        DataTensor x = (DataTensor) v;
        boolean[] added = marked(axes, x.rank() + 1 + axes.length);
        if (added[0]) {
            throw new NodeProblem("inserts an axis before the batch axis; only axes after it are supported");
        }
        int[] dims = new int[added.length - 1];
        for (int i = 1, from = 0; i < added.length; i++) {
            dims[i - 1] = added[i] ? 1 : x.dims()[from++];
        }
        Placement.reshape(c, n, x, dims);
    }

    /** Axes from the attribute (before opset 13) or the optional second input (from 13); null when absent. */
    private static long[] axes(ConversionContext c, OnnxNode n) {
        if (n.opset() < 13) {
            return n.longs("axes", null);
        }
        return n.hasInput(1) ? c.constant(n, 1, "axes").asLongs() : null;
    }

    /** Flags for the listed axes of a rank, negative ones counting from the end. */
    private static boolean[] marked(long[] axes, int rank) {
        boolean[] m = new boolean[rank];
        if (axes == null) {
            return m;
        }
        for (long a : axes) {
            long i = a < 0 ? a + rank : a;
            if (i < 0 || i >= rank || m[(int) i]) {
                throw new NodeProblem("has axes " + Arrays.toString(axes) + ", out of range or repeated for rank " + rank);
            }
            m[(int) i] = true;
        }
        return m;
    }

    static void transpose(ConversionContext c, OnnxNode n) {
        Value v = c.value(n.input(0));
        int rank = v instanceof ConstantTensor k ? k.rank() : ((DataTensor) v).rank() + 1;
        int[] reversed = new int[rank];
        for (int i = 0; i < rank; i++) {
            reversed[i] = rank - 1 - i;
        }
        int[] perm = n.ints("perm", reversed);
        boolean[] seen = new boolean[rank];
        if (perm.length != rank) {
            throw new NodeProblem("has perm " + Arrays.toString(perm) + " for a tensor of rank " + rank);
        }
        for (int p : perm) {
            if (p < 0 || p >= rank || seen[p]) {
                throw new NodeProblem("has perm " + Arrays.toString(perm) + ", which is not a permutation of " + rank + " axes");
            }
            seen[p] = true;
        }
        if (v instanceof ConstantTensor k) {
            c.bind(n.output(0), ConstantFolding.transpose(k, perm));
            return;
        }
        if (perm[0] != 0) {
            throw new NodeProblem("has perm " + Arrays.toString(perm) + ", which moves the batch axis; only transposes "
                    + "that keep the batch axis first are supported");
        }
        int[] perSample = new int[rank - 1];
        for (int i = 1; i < rank; i++) {
            perSample[i - 1] = perm[i] - 1;
        }
        Placement.transpose(c, n, (DataTensor) c.value(n.input(0)), perSample);
    }

    static void identity(ConversionContext c, OnnxNode n) {
        Value v = c.value(n.input(0));
        if (v instanceof DataTensor x) {
            c.emitElementwise(n, new Op.Identity(), x);
        } else {
            c.bind(n.output(0), v);
        }
    }

    /** Dropout does nothing at inference; its mask output must not be used. */
    static void dropout(ConversionContext c, OnnxNode n) {
        c.requireUnused(n, 1, "mask");
        ConstantTensor training = n.opset() >= 12 ? c.optionalConstant(n, 2, "training_mode") : null;
        if (training != null && training.scalar("training_mode") != 0f) {
            throw new NodeProblem("runs in training mode; export the model in eval mode (model.eval())");
        }
        identity(c, n);
    }
}
