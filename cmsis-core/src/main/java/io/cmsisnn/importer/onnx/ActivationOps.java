package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;

/** Relu, Clip, LeakyRelu, Sigmoid, Tanh, Softmax, LogSoftmax; element-wise ones work on any placement. */
final class ActivationOps {
    private ActivationOps() {
    }

    static void relu(ConversionContext c, OnnxNode n) {
        activation(c, n, Activation.RELU);
    }

    static void sigmoid(ConversionContext c, OnnxNode n) {
        activation(c, n, Activation.SIGMOID);
    }

    static void tanh(ConversionContext c, OnnxNode n) {
        activation(c, n, Activation.TANH);
    }

    static void leakyRelu(ConversionContext c, OnnxNode n) {
        activation(c, n, Activation.leakyRelu(n.real("alpha", 0.01f)));
    }

    /** Bounds are attributes before opset 11 and optional constant inputs from then on. */
    static void clip(ConversionContext c, OnnxNode n) {
        float low;
        float high;
        if (n.opset() < 11) {
            low = n.real("min", Float.NEGATIVE_INFINITY);
            high = n.real("max", Float.POSITIVE_INFINITY);
        } else {
            ConstantTensor min = c.optionalConstant(n, 1, "min");
            ConstantTensor max = c.optionalConstant(n, 2, "max");
            low = min == null ? Float.NEGATIVE_INFINITY : min.scalar("min");
            high = max == null ? Float.POSITIVE_INFINITY : max.scalar("max");
        }
        // exporters write "no bound" as the largest float
        if (low <= -Float.MAX_VALUE) {
            low = Float.NEGATIVE_INFINITY;
        }
        if (high >= Float.MAX_VALUE) {
            high = Float.POSITIVE_INFINITY;
        }
        if (low > high) {
            throw new NodeProblem("has min " + low + " above max " + high);
        }
        activation(c, n, Activation.clamp(low, high));
    }

    private static void activation(ConversionContext c, OnnxNode n, Activation a) {
        c.emitElementwise(n, new Op.ActivationOp(a), c.data(n, 0));
    }

    /**
     * Softmax must run over the channels at each position, the graph's only softmax. Before
     * opset 13 it runs over all axes from {@code axis} on (default 1), from 13 over {@code axis}
     * alone (default -1).
     */
    static void softmax(ConversionContext c, OnnxNode n) {
        DataTensor x = c.data(n, 0);
        requireChannelAxis(n, x);
        c.emitElementwise(n, new Op.Softmax(), x);
    }

    /** The same axis rules as Softmax (PyTorch's log_softmax(dim=1) after a Linear is the usual case). */
    static void logSoftmax(ConversionContext c, OnnxNode n) {
        DataTensor x = c.data(n, 0);
        requireChannelAxis(n, x);
        c.emitElementwise(n, new Op.LogSoftmax(), x);
    }

    /** Checks that the softmax runs over the storage's channel axis (or over a whole vector, in any order). */
    private static void requireChannelAxis(OnnxNode n, DataTensor x) {
        boolean coerced = n.opset() < 13;
        int rank = x.rank() + 1;
        long axis = n.integer("axis", coerced ? 1 : -1);
        if (axis < 0) {
            axis += rank;
        }
        if (axis < 1 || axis >= rank) {
            throw new NodeProblem("has axis " + n.integer("axis", 0) + ", which is the batch axis or out of range for "
                    + x.describe() + "; the softmax must run over the features");
        }
        int a = (int) axis - 1;
        int trailing = 1;
        for (int i = a + 1; i < x.rank(); i++) {
            trailing *= x.dims()[i];
        }
        // the coerced (opset < 13) softmax over axes a.. equals one over axis a alone when the later axes are all 1
        boolean wholeSample = a == 0 && x.shape().isVector() && (coerced || trailing == 1);
        if (coerced && trailing != 1 && !wholeSample) {
            throw new NodeProblem("runs over all axes from " + axis + " of " + x.describe() + " together (opset < 13 semantics); "
                    + "only a softmax over the channels is supported. Flatten the tensor first or export with opset 13+ and dim=1");
        }
        if (!wholeSample && !Layouts.axisIsChannel(x, a)) {
            throw new NodeProblem("runs over axis " + axis + " of " + x.describe() + ", which is not the channel axis; "
                    + "only a softmax over the channels (dim=1 in PyTorch) is supported");
        }
    }
}
