package io.cmsisnn.graph;

/** The activation a weighted op (convolution, depthwise convolution, dense) applies to its own output. */
public record FusedActivation() implements Op.Visitor<Activation> {

    /** {@code op}'s fused activation; null for the ops that fuse none. */
    public static Activation of(Op op) {
        return op.accept(new FusedActivation());
    }

    @Override
    public Activation conv2D(Op.Conv2D c) {
        return c.activation();
    }

    @Override
    public Activation depthwiseConv2D(Op.DepthwiseConv2D d) {
        return d.activation();
    }

    @Override
    public Activation dense(Op.Dense d) {
        return d.activation();
    }

    @Override
    public Activation pool2D(Op.Pool2D p) {
        return null;
    }

    @Override
    public Activation globalPool(Op.GlobalPool g) {
        return null;
    }

    /** A standalone activation is the layer itself, named by its kind already. */
    @Override
    public Activation activationOp(Op.ActivationOp a) {
        return null;
    }

    @Override
    public Activation softmax(Op.Softmax s) {
        return null;
    }

    @Override
    public Activation logSoftmax(Op.LogSoftmax s) {
        return null;
    }

    @Override
    public Activation scaleShift(Op.ScaleShift s) {
        return null;
    }

    @Override
    public Activation add(Op.Add a) {
        return null;
    }

    @Override
    public Activation concat(Op.Concat c) {
        return null;
    }

    @Override
    public Activation pad(Op.Pad p) {
        return null;
    }

    @Override
    public Activation upsample(Op.Upsample u) {
        return null;
    }

    @Override
    public Activation reshape(Op.Reshape r) {
        return null;
    }

    @Override
    public Activation identity(Op.Identity i) {
        return null;
    }
}
