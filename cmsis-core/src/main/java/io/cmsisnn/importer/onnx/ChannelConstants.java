package io.cmsisnn.importer.onnx;

import java.util.Arrays;

/**
 * Turns a constant that broadcasts against a data tensor into one value per graph channel, which
 * is what {@link io.cmsisnn.graph.Op.ScaleShift} and biases hold. Works for constants that are
 * uniform or vary along ONNX axis 1 only (the channels, or the features of a vector).
 */
final class ChannelConstants {
    private ChannelConstants() {
    }

    /**
     * @param alignAt full-rank axis where the constant's first axis lines up, or -1 for numpy's
     *                right alignment (opset 7 and later)
     */
    static float[] perChannel(ConstantTensor k, DataTensor x, int alignAt, String role) {
        int fullRank = x.rank() + 1;
        int offset = alignAt < 0 ? fullRank - k.rank() : alignAt;
        if (offset < 0 || offset + k.rank() > fullRank) {
            throw new NodeProblem("has a " + role + " of dims " + Arrays.toString(k.dims()) + " that does not broadcast to "
                    + x.describe());
        }
        int varying = -1;
        for (int i = 0; i < k.rank(); i++) {
            int axis = offset + i;
            long d = k.dims()[i];
            if (d == 1) {
                continue;
            }
            if (axis == 0 || d != x.dims()[axis - 1]) {
                throw new NodeProblem("has a " + role + " of dims " + Arrays.toString(k.dims()) + " that does not broadcast to "
                        + x.describe() + (axis == 0 ? " (it varies along the batch axis)" : ""));
            }
            if (axis != 1) {
                throw new NodeProblem("has a " + role + " of dims " + Arrays.toString(k.dims()) + " that varies along axis "
                        + axis + " of " + x.describe() + "; only constants that are uniform or vary along the channels "
                        + "(axis 1) are supported");
            }
            varying = i;
        }
        float[] v = k.asFloats();
        int channels = x.shape().c();
        float[] out = new float[channels];
        if (varying < 0) {
            Arrays.fill(out, v[0]);
            return out;
        }
        // a constant varying along axis 1 is laid out contiguously: every other axis has size 1
        if (x.isNatural()) {
            return v.clone();
        }
        if (x.rank() == 1 && x.shape().isVector()) {
            int[] order = x.orderArray();
            for (int i = 0; i < v.length; i++) {
                out[order[i]] = v[i];
            }
            return out;
        }
        if (Layouts.axisIsChannel(x, 0)) {
            return v.clone();
        }
        throw new NodeProblem("applies a per-channel " + role + " to a tensor of shape " + x.describe()
                + " whose channels are not the graph's channels after earlier Transpose/Reshape nodes");
    }
}
