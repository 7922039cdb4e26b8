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
        Op op = node.op();
        Shape in = inputs.get(0);
        Shape out = node.shape();
        if (op instanceof Op.Conv2D c) {
            return new ConvKernel(c, in, out);
        }
        if (op instanceof Op.DepthwiseConv2D d) {
            return new DepthwiseKernel(d, in, out);
        }
        if (op instanceof Op.Dense d) {
            return new DenseKernel(d, in);
        }
        if (op instanceof Op.Pool2D p) {
            return new PoolKernel(p, in, out);
        }
        if (op instanceof Op.GlobalPool g) {
            return PointwiseKernels.globalPool(g, in);
        }
        if (op instanceof Op.ActivationOp a) {
            return PointwiseKernels.activation(a.activation());
        }
        if (op instanceof Op.Softmax) {
            return PointwiseKernels.softmax(in);
        }
        if (op instanceof Op.LogSoftmax) {
            return PointwiseKernels.logSoftmax(in);
        }
        if (op instanceof Op.ScaleShift s) {
            return PointwiseKernels.scaleShift(s, in);
        }
        if (op instanceof Op.Add) {
            return PointwiseKernels.add();
        }
        if (op instanceof Op.Concat c) {
            return LayoutKernels.concat(c.axis(), inputs, out);
        }
        if (op instanceof Op.Pad p) {
            return LayoutKernels.pad(p.padding(), p.value(), in, out);
        }
        if (op instanceof Op.Upsample u) {
            return LayoutKernels.upsample(u, in, out);
        }
        if (op instanceof Op.Reshape || op instanceof Op.Identity) {
            return LayoutKernels.copy();
        }
        throw new IllegalStateException("no float kernel for " + op.kind());
    }
}
