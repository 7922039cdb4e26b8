package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Op;

import java.util.Arrays;

/** BatchNormalization in inference form, as a per-channel scale and shift (later folded into the layer before it). */
final class NormalizationOps {
    private NormalizationOps() {
    }

    static void batchNormalization(ConversionContext c, OnnxNode n) {
        if (n.integer("training_mode", 0) != 0 || (n.opset() < 7 && n.has("is_test") && n.integer("is_test", 1) == 0)) {
            throw new NodeProblem("is in training mode; export the model in eval mode (model.eval())");
        }
        if (n.opset() < 9 && n.integer("spatial", 1) == 0) {
            throw new NodeProblem("has spatial=0 (statistics per position); only per-channel statistics are supported");
        }
        for (int i = 1; i < n.outputs().size(); i++) {
            c.requireUnused(n, i, "running statistics");
        }
        DataTensor x = c.data(n, 0);
        if (x.rank() < 1) {
            throw new NodeProblem("reads a tensor of shape " + x.describe() + " that has no channel axis");
        }
        float[] gamma = vector(c, n, 1, "scale", x);
        float[] beta = vector(c, n, 2, "bias", x);
        float[] mean = vector(c, n, 3, "mean", x);
        float[] var = vector(c, n, 4, "variance", x);
        double epsilon = n.real("epsilon", 1e-5f);
        float[] scale = new float[gamma.length];
        float[] shift = new float[gamma.length];
        for (int i = 0; i < scale.length; i++) {
            double s = gamma[i] / Math.sqrt(var[i] + epsilon);
            scale[i] = (float) s;
            shift[i] = (float) (beta[i] - mean[i] * s);
        }
        c.emitElementwise(n, new Op.ScaleShift(scale, shift), x);
    }

    /** One of the [C] parameter vectors, placed in the graph's channel order. */
    private static float[] vector(ConversionContext c, OnnxNode n, int i, String role, DataTensor x) {
        ConstantTensor k = c.constant(n, i, role);
        if (k.rank() != 1 || k.dims()[0] != x.dims()[0]) {
            throw new NodeProblem("has a " + role + " of " + k.size() + " values for " + x.dims()[0] + " channels");
        }
        // seen as [C, 1, ...], the vector varies along axis 1 only
        long[] column = new long[x.rank()];
        Arrays.fill(column, 1);
        column[0] = x.dims()[0];
        return ChannelConstants.perChannel(k.withDims(column), x, 1, role);
    }
}
