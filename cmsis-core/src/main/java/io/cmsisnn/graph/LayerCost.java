package io.cmsisnn.graph;

/** Multiply-accumulates and parameter counts of one node, for reports. */
public final class LayerCost {
    private LayerCost() {
    }

    /** MACs per inference: one per weight use (convolution, depthwise, dense); 0 for the rest. */
    public static long macs(Node node) {
        Shape out = node.shape();
        return node.op().accept(new Macs((long) out.h() * out.w()));
    }

    /** Weights and biases (and scale/shift vectors) held by the node. */
    public static long parameters(Node node) {
        return node.op().accept(new Parameters());
    }

    /** MACs of each op at {@code positions} output positions. */
    private record Macs(long positions) implements Op.Visitor<Long> {
        @Override
        public Long conv2D(Op.Conv2D c) {
            return positions * c.outChannels() * c.kh() * c.kw() * (c.inChannels() / c.groups());
        }

        @Override
        public Long depthwiseConv2D(Op.DepthwiseConv2D d) {
            return positions * d.outChannels() * d.kh() * d.kw();
        }

        @Override
        public Long dense(Op.Dense d) {
            return positions * d.inFeatures() * d.outFeatures();
        }

        @Override
        public Long pool2D(Op.Pool2D p) {
            return 0L;
        }

        @Override
        public Long globalPool(Op.GlobalPool g) {
            return 0L;
        }

        @Override
        public Long activationOp(Op.ActivationOp a) {
            return 0L;
        }

        @Override
        public Long softmax(Op.Softmax s) {
            return 0L;
        }

        @Override
        public Long logSoftmax(Op.LogSoftmax s) {
            return 0L;
        }

        @Override
        public Long scaleShift(Op.ScaleShift s) {
            return 0L;
        }

        @Override
        public Long add(Op.Add a) {
            return 0L;
        }

        @Override
        public Long concat(Op.Concat c) {
            return 0L;
        }

        @Override
        public Long pad(Op.Pad p) {
            return 0L;
        }

        @Override
        public Long upsample(Op.Upsample u) {
            return 0L;
        }

        @Override
        public Long reshape(Op.Reshape r) {
            return 0L;
        }

        @Override
        public Long identity(Op.Identity i) {
            return 0L;
        }
    }

    /** Parameter count of each op. */
    private record Parameters() implements Op.Visitor<Long> {
        @Override
        public Long conv2D(Op.Conv2D c) {
            return (long) (c.weights().length + c.bias().length);
        }

        @Override
        public Long depthwiseConv2D(Op.DepthwiseConv2D d) {
            return (long) (d.weights().length + d.bias().length);
        }

        @Override
        public Long dense(Op.Dense d) {
            return (long) (d.weights().length + d.bias().length);
        }

        @Override
        public Long pool2D(Op.Pool2D p) {
            return 0L;
        }

        @Override
        public Long globalPool(Op.GlobalPool g) {
            return 0L;
        }

        @Override
        public Long activationOp(Op.ActivationOp a) {
            return 0L;
        }

        @Override
        public Long softmax(Op.Softmax s) {
            return 0L;
        }

        @Override
        public Long logSoftmax(Op.LogSoftmax s) {
            return 0L;
        }

        @Override
        public Long scaleShift(Op.ScaleShift s) {
            return 2L * s.scale().length;
        }

        @Override
        public Long add(Op.Add a) {
            return 0L;
        }

        @Override
        public Long concat(Op.Concat c) {
            return 0L;
        }

        @Override
        public Long pad(Op.Pad p) {
            return 0L;
        }

        @Override
        public Long upsample(Op.Upsample u) {
            return 0L;
        }

        @Override
        public Long reshape(Op.Reshape r) {
            return 0L;
        }

        @Override
        public Long identity(Op.Identity i) {
            return 0L;
        }
    }
}
