package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;

import java.util.Arrays;
import java.util.List;

/**
 * Conv, 1-D and 2-D, grouped and depthwise. ONNX weights are [out][in/group][kh][kw] (NCHW
 * habit); the graph wants [out][kh][kw][in/group], and depthwise [kh][kw][in*multiplier].
 */
final class ConvolutionOps {
    private ConvolutionOps() {
    }

    static void conv(ConversionContext c, OnnxNode n) {
        DataTensor x = SlidingWindow.requireImage(c.data(n, 0), "Conv");
        ConstantTensor w = c.constant(n, 1, "weight");
        ConstantTensor b = c.optionalConstant(n, 2, "bias");
        int spatial = x.rank() - 1;
        if (w.rank() != spatial + 2) {
            throw new NodeProblem("has weights of dims " + Arrays.toString(w.dims()) + " for a " + spatial + "-D input " + x.describe());
        }
        int in = x.dims()[0];
        int out = (int) w.dims()[0];
        int perGroup = (int) w.dims()[1];
        int groups = (int) n.integer("group", 1);
        if (groups < 1 || perGroup * groups != in || out % groups != 0) {
            throw new NodeProblem("has group=" + groups + " and weights " + Arrays.toString(w.dims()) + ", which do not fit "
                    + in + " input channels");
        }
        int[] kernel = new int[spatial];
        for (int i = 0; i < spatial; i++) {
            kernel[i] = (int) w.dims()[2 + i];
        }
        int[] declared = n.ints("kernel_shape", kernel);
        if (!Arrays.equals(declared, kernel)) {
            throw new NodeProblem("declares kernel_shape " + Arrays.toString(declared) + " but its weights are "
                    + Arrays.toString(w.dims()));
        }
        SlidingWindow win = SlidingWindow.of(n, x, kernel);
        float[] weights = w.asFloats();
        float[] bias = b == null ? new float[out] : b.asFloats();
        if (bias.length != out) {
            throw new NodeProblem("has " + bias.length + " bias values for " + out + " output channels");
        }
        Op op;
        if (groups == in && perGroup == 1 && in > 1) {
            op = new Op.DepthwiseConv2D(win.kh(), win.kw(), win.strideH(), win.strideW(), win.dilationH(), win.dilationW(),
                    win.padding(), in, out / in, depthwiseWeights(weights, out, win.kh(), win.kw()), bias, Activation.LINEAR);
        } else {
            op = new Op.Conv2D(win.kh(), win.kw(), win.strideH(), win.strideW(), win.dilationH(), win.dilationW(),
                    win.padding(), in, out, groups, convWeights(weights, out, perGroup, win.kh(), win.kw()), bias, Activation.LINEAR);
        }
        c.emitNatural(n, op, List.of(x.node()), x.rank());
    }

    /** [out][in][kh][kw] → [out][kh][kw][in]. */
    static float[] convWeights(float[] onnx, int out, int in, int kh, int kw) {
        float[] w = new float[onnx.length];
        for (int o = 0; o < out; o++) {
            for (int ci = 0; ci < in; ci++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        w[((o * kh + y) * kw + x) * in + ci] = onnx[((o * in + ci) * kh + y) * kw + x];
                    }
                }
            }
        }
        return w;
    }

    /**
     * [C*mult][1][kh][kw] → [kh][kw][C*mult]; ONNX groups give output channel c*mult+m to input
     * channel c, which is the graph's depthwise channel order too.
     */
    static float[] depthwiseWeights(float[] onnx, int out, int kh, int kw) {
        float[] w = new float[onnx.length];
        for (int o = 0; o < out; o++) {
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    w[(y * kw + x) * out + o] = onnx[(o * kh + y) * kw + x];
                }
            }
        }
        return w;
    }
}
