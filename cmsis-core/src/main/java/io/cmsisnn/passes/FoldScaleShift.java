package io.cmsisnn.passes;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;

/**
 * Folds a per-channel {@code x*scale + shift} (batch normalization) into the Conv2D,
 * DepthwiseConv2D or Dense that produces its input: {@code w' = w*scale[o]},
 * {@code b' = b*scale[o] + shift[o]} for output channel o, computed in double and stored as
 * float. Only when that layer is linear, since the scale must apply before any activation.
 */
final class FoldScaleShift extends ProducerRewrite {

    @Override
    Node merge(Node producer, Node consumer) {
        if (!(consumer.op() instanceof Op.ScaleShift s) || s.scale().length != producer.shape().c()) {
            return null; // not a ScaleShift, or one that does not match the channels (left for the engine to reject)
        }
        Op op = producer.op();
        Op folded = null;
        if (op instanceof Op.Conv2D c && isLinear(c.activation())) {
            // [out][ky][kx][in/groups]: each output channel is one contiguous row
            folded = c.withParameters(scaleRows(c.weights(), c.weights().length / c.outChannels(), s.scale()),
                    foldBias(c.bias(), s));
        } else if (op instanceof Op.DepthwiseConv2D d && isLinear(d.activation())) {
            folded = d.withParameters(scaleInterleaved(d.weights(), d.outChannels(), s.scale()), foldBias(d.bias(), s));
        } else if (op instanceof Op.Dense d && isLinear(d.activation())) {
            folded = d.withParameters(scaleRows(d.weights(), d.inFeatures(), s.scale()), foldBias(d.bias(), s));
        }
        if (folded == null) {
            return null;
        }
        return new Node(consumer.name(), mergedSource(producer, consumer), folded, producer.inputs(), consumer.shape());
    }

    private static boolean isLinear(Activation a) {
        return a.kind() == Activation.Kind.LINEAR;
    }

    /** Weights stored as one row of {@code rowLength} values per output channel. */
    private static float[] scaleRows(float[] weights, int rowLength, float[] scale) {
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((double) weights[i] * scale[i / rowLength]);
        }
        return w;
    }

    /** Depthwise {@code [ky][kx][out]}: the output channel is the fastest index. */
    private static float[] scaleInterleaved(float[] weights, int outChannels, float[] scale) {
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((double) weights[i] * scale[i % outChannels]);
        }
        return w;
    }

    private static float[] foldBias(float[] bias, Op.ScaleShift s) {
        float[] scale = s.scale();
        float[] shift = s.shift();
        float[] b = new float[bias.length];
        for (int o = 0; o < b.length; o++) {
            b[o] = (float) ((double) bias[o] * scale[o] + shift[o]);
        }
        return b;
    }
}
