package io.cmsisnn.passes;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;

/**
 * Moves a standalone clamp (ReLU, ReLU6, bounded ReLU) into the output clamp of the Conv2D,
 * DepthwiseConv2D or Dense before it, as CMSIS-NN kernels clamp their outputs anyway. A producer
 * that already clamps gets the intersection of the two ranges.
 */
final class FuseActivations extends ProducerRewrite {

    @Override
    Node merge(Node producer, Node consumer) {
        if (!(consumer.op() instanceof Op.ActivationOp a) || a.activation().kind() != Activation.Kind.CLAMP) {
            return null;
        }
        Activation clamp = a.activation();
        Op op = producer.op();
        Op fused = null;
        if (op instanceof Op.Conv2D c) {
            Activation both = combine(c.activation(), clamp);
            fused = both == null ? null : c.withActivation(both);
        } else if (op instanceof Op.DepthwiseConv2D d) {
            Activation both = combine(d.activation(), clamp);
            fused = both == null ? null : d.withActivation(both);
        } else if (op instanceof Op.Dense d) {
            Activation both = combine(d.activation(), clamp);
            fused = both == null ? null : d.withActivation(both);
        }
        if (fused == null) {
            return null;
        }
        return new Node(consumer.name(), mergedSource(producer, consumer), fused, producer.inputs(), consumer.shape());
    }

    /**
     * The one activation equal to {@code first} then {@code clamp}, or null when there is none:
     * {@code first} is not linear or a clamp, or the ranges are disjoint (then the result is a
     * constant, which one clamp of the intersection would not give).
     */
    private static Activation combine(Activation first, Activation clamp) {
        if (first.kind() == Activation.Kind.LINEAR) {
            return clamp;
        }
        if (first.kind() != Activation.Kind.CLAMP) {
            return null;
        }
        float low = Math.max(first.low(), clamp.low());
        float high = Math.min(first.high(), clamp.high());
        return low <= high ? Activation.clamp(low, high) : null;
    }
}
