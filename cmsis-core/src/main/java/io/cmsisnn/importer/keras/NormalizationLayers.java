package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Op;

import java.util.List;

/** BatchNormalization at inference: a per-channel scale and shift. */
final class NormalizationLayers {
    private NormalizationLayers() {
    }

    /**
     * y = gamma * (x - mean) / sqrt(var + eps) + beta, i.e. scale = gamma / sqrt(var + eps) and
     * shift = beta - mean * scale, computed in double. Without {@code scale} gamma is 1, without
     * {@code center} beta is 0. Only the last (channel) axis is supported.
     */
    static void batchNormalization(GraphBuilder graph, KerasLayer layer, LayerWeights w) {
        String input = LayerInputs.single(layer);
        TensorInfo x = graph.tensor(input);
        int axis = axis(layer);
        if (axis != -1 && axis != x.kerasRank()) {
            throw new LayerProblem("normalises axis " + axis + " of an input of shape " + x.kerasShape()
                    + "; only the last (channel) axis is supported. Use the default axis=-1 and save the model again");
        }
        int c = x.shape().c();
        double eps = layer.number("epsilon", 1e-3);
        float[] gamma = layer.bool("scale", true) ? w.require("gamma").expect(c).values() : null;
        float[] beta = layer.bool("center", true) ? w.require("beta").expect(c).values() : null;
        float[] mean = w.require("moving_mean").expect(c).values();
        float[] var = w.require("moving_variance").expect(c).values();
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            double sc = (gamma == null ? 1.0 : gamma[i]) / Math.sqrt(var[i] + eps);
            scale[i] = (float) sc;
            shift[i] = (float) ((beta == null ? 0.0 : beta[i]) - mean[i] * sc);
        }
        graph.add(layer.name(), layer.className(), new Op.ScaleShift(scale, shift), List.of(input), x.kerasRank());
    }

    /** Keras 2 writes the axis as a number or a one-element list (e.g. [3]); Keras 3 as a number. */
    private static int axis(KerasLayer layer) {
        Object v = layer.raw("axis");
        if (v == null) {
            return -1;
        }
        if (v instanceof List<?> l) {
            if (l.size() != 1) {
                throw new LayerProblem("normalises over several axes " + l + "; only the last (channel) axis is supported");
            }
            v = l.get(0);
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        throw new LayerProblem("has a malformed axis (" + v + ")");
    }
}
