package io.cmsisnn.graph;

/** Multiply-accumulates and parameter counts of one node, for reports. */
public final class LayerCost {
    private LayerCost() {
    }

    /** MACs per inference: one per weight use (convolution, depthwise, dense); 0 for the rest. */
    public static long macs(Node node) {
        Shape out = node.shape();
        long positions = (long) out.h() * out.w();
        Op op = node.op();
        if (op instanceof Op.Conv2D c) {
            return positions * c.outChannels() * c.kh() * c.kw() * (c.inChannels() / c.groups());
        }
        if (op instanceof Op.DepthwiseConv2D d) {
            return positions * d.outChannels() * d.kh() * d.kw();
        }
        if (op instanceof Op.Dense d) {
            return positions * d.inFeatures() * d.outFeatures();
        }
        return 0;
    }

    /** Weights and biases (and scale/shift vectors) held by the node. */
    public static long parameters(Node node) {
        Op op = node.op();
        if (op instanceof Op.Conv2D c) {
            return c.weights().length + c.bias().length;
        }
        if (op instanceof Op.DepthwiseConv2D d) {
            return d.weights().length + d.bias().length;
        }
        if (op instanceof Op.Dense d) {
            return d.weights().length + d.bias().length;
        }
        if (op instanceof Op.ScaleShift s) {
            return 2L * s.scale().length;
        }
        return 0;
    }
}
