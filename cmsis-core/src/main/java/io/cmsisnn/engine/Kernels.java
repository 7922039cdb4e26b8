package io.cmsisnn.engine;

import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.List;

/** Picks and builds the kernel for one node. */
final class Kernels {
    private Kernels() {
    }

    static Kernel of(Node node, List<Shape> inputs) {
        return node.op().accept(new Builder(inputs, node.shape()));
    }

    /** The kernel of each op for one node's input and output shapes. */
    private static final class Builder implements Op.Visitor<Kernel> {
        private final List<Shape> inputs;
        private final Shape in;
        private final Shape out;

        Builder(List<Shape> inputs, Shape out) {
            this.inputs = inputs;
            this.in = inputs.get(0);
            this.out = out;
        }

        @Override
        public Kernel conv2D(Op.Conv2D op) {
            return new ConvKernel(op, in, out);
        }

        @Override
        public Kernel depthwiseConv2D(Op.DepthwiseConv2D op) {
            return new DepthwiseKernel(op, in, out);
        }

        @Override
        public Kernel dense(Op.Dense op) {
            return new DenseKernel(op, in);
        }

        @Override
        public Kernel pool2D(Op.Pool2D op) {
            return new PoolKernel(op, in, out);
        }

        @Override
        public Kernel globalPool(Op.GlobalPool op) {
            return PointwiseKernels.globalPool(op, in);
        }

        @Override
        public Kernel activationOp(Op.ActivationOp op) {
            return PointwiseKernels.activation(op.activation());
        }

        @Override
        public Kernel softmax(Op.Softmax op) {
            return PointwiseKernels.softmax(in);
        }

        @Override
        public Kernel logSoftmax(Op.LogSoftmax op) {
            return PointwiseKernels.logSoftmax(in);
        }

        @Override
        public Kernel scaleShift(Op.ScaleShift op) {
            return PointwiseKernels.scaleShift(op, in);
        }

        @Override
        public Kernel add(Op.Add op) {
            return PointwiseKernels.add();
        }

        @Override
        public Kernel concat(Op.Concat op) {
            return LayoutKernels.concat(op.axis(), inputs, out);
        }

        @Override
        public Kernel pad(Op.Pad op) {
            return LayoutKernels.pad(op.padding(), op.value(), in, out);
        }

        @Override
        public Kernel upsample(Op.Upsample op) {
            return LayoutKernels.upsample(op, in, out);
        }

        @Override
        public Kernel reshape(Op.Reshape op) {
            return LayoutKernels.copy();
        }

        @Override
        public Kernel identity(Op.Identity op) {
            return LayoutKernels.copy();
        }
    }
}
