package io.cmsisnn.passes;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;

/**
 * Moves a ReLU, ReLU6 or other clamp into the output clamp of the convolution or dense layer
 * before it (CMSIS-NN kernels clamp their outputs anyway). Two clamps in a row intersect.
 */
final class FuseActivations extends ProducerRewrite {

    @Override
    Node merge(Node producer, Node consumer) {
        if (!(consumer.op() instanceof Op.ActivationOp a) || a.activation().kind() != Activation.Kind.CLAMP) {
            return null;
        }
        Activation clamp = a.activation();
        Op op = producer.op();
        if (producer.op() instanceof Op.Conv2D c && !overlaps(c.activation(), clamp)
                || producer.op() instanceof Op.DepthwiseConv2D d && !overlaps(d.activation(), clamp)
                || producer.op() instanceof Op.Dense e && !overlaps(e.activation(), clamp)) {
            return null; // disjoint ranges: the result is a constant, which one clamp cannot express
        }
        Op fused = null;
        if (op instanceof Op.Conv2D c && c.activation().isFusable()) {
            fused = c.withActivation(combine(c.activation(), clamp));
        } else if (op instanceof Op.DepthwiseConv2D d && d.activation().isFusable()) {
            fused = d.withActivation(combine(d.activation(), clamp));
        } else if (op instanceof Op.Dense d && d.activation().isFusable()) {
            fused = d.withActivation(combine(d.activation(), clamp));
        }
        if (fused == null) {
            return null;
        }
        return new Node(consumer.name(), producer.source() + "+" + consumer.source(), fused, producer.inputs(), consumer.shape());
    }

    private static boolean overlaps(Activation first, Activation clamp) {
        return first.kind() != Activation.Kind.CLAMP || Math.max(first.low(), clamp.low()) <= Math.min(first.high(), clamp.high());
    }

    private static Activation combine(Activation first, Activation clamp) {
        if (first.kind() == Activation.Kind.LINEAR) {
            return clamp;
        }
        return Activation.clamp(Math.max(first.low(), clamp.low()), Math.min(first.high(), clamp.high()));
    }
}
