package io.cmsisnn.passes;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;

/**
 * Folds a per-channel scale-and-shift (batch normalization) into the convolution or dense layer
 * before it: w' = w·scale[o], b' = b·scale[o] + shift[o]. Only where that layer has no
 * activation of its own, since the scale must apply before the activation.
 */
final class FoldScaleShift extends ProducerRewrite {

    @Override
    Node merge(Node producer, Node consumer) {
        if (!(consumer.op() instanceof Op.ScaleShift s)) {
            return null;
        }
        Op op = producer.op();
        Op folded = null;
        if (op instanceof Op.Conv2D c && c.activation().kind() == Activation.Kind.LINEAR) {
            int perOut = c.weights().length / c.outChannels();
            folded = c.withParameters(scaleRows(c.weights(), perOut, s), fold(c.bias(), s));
        } else if (op instanceof Op.Dense d && d.activation().kind() == Activation.Kind.LINEAR) {
            folded = d.withParameters(scaleRows(d.weights(), d.inFeatures(), s), fold(d.bias(), s));
        } else if (op instanceof Op.DepthwiseConv2D d && d.activation().kind() == Activation.Kind.LINEAR) {
            int outC = d.outChannels();
            float[] w = new float[d.weights().length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((double) d.weights()[i] * s.scale()[i % outC]);
            }
            folded = d.withParameters(w, fold(d.bias(), s));
        }
        if (folded == null) {
            return null;
        }
        return new Node(consumer.name(), producer.source() + "+" + consumer.source(), folded, producer.inputs(), consumer.shape());
    }

    /** Weights stored row per output channel, {@code perOut} values each. */
    private static float[] scaleRows(float[] weights, int perOut, Op.ScaleShift s) {
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((double) weights[i] * s.scale()[i / perOut]);
        }
        return w;
    }

    private static float[] fold(float[] bias, Op.ScaleShift s) {
        float[] b = new float[bias.length];
        for (int o = 0; o < b.length; o++) {
            b[o] = (float) ((double) bias[o] * s.scale()[o] + s.shift()[o]);
        }
        return b;
    }
}
