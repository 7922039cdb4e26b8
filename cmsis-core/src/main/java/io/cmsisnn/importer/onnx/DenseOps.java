package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;

import java.util.Arrays;
import java.util.List;

/**
 * Gemm and MatMul with a constant weight matrix become Dense. When the features come from a
 * flattened C×H×W tensor, the graph holds them in HWC order, so the weight columns move with
 * them: column k of the ONNX matrix goes to the graph index of feature k (the Arm guide's
 * reshape(out, C, H, W) → transpose(out, H, W, C) → reshape).
 */
final class DenseOps {
    private DenseOps() {
    }

    static void gemm(ConversionContext c, OnnxNode n) {
        if (n.integer("transA", 0) != 0) {
            throw new NodeProblem("has transA=1; the first operand must be the [batch, features] data. "
                    + "Export the layer as x @ W.T (torch.nn.Linear) instead");
        }
        DataTensor a = features(c, n);
        ConstantTensor b = c.constant(n, 1, "weight");
        boolean transB = n.integer("transB", 0) != 0;
        float alpha = n.real("alpha", 1f);
        float beta = n.real("beta", 1f);
        int k = a.dims()[0];
        int m = outFeatures(b, k, transB);
        float[] weights = rowsByOutput(b.asFloats(), k, m, transB, alpha);
        float[] bias = new float[m];
        ConstantTensor cc = c.optionalConstant(n, 2, "bias");
        if (cc != null) {
            float[] v = broadcastBias(cc, m);
            for (int o = 0; o < m; o++) {
                bias[o] = beta * v[o];
            }
        }
        emitDense(c, n, a, weights, m, bias);
    }

    static void matMul(ConversionContext c, OnnxNode n) {
        if (c.value(n.input(0)) instanceof ConstantTensor) {
            throw new NodeProblem("multiplies a constant by the data (W @ x); only x @ W with a constant W is supported");
        }
        DataTensor a = features(c, n);
        ConstantTensor b = c.constant(n, 1, "weight");
        int k = a.dims()[0];
        int m = outFeatures(b, k, false);
        emitDense(c, n, a, rowsByOutput(b.asFloats(), k, m, false, 1f), m, new float[m]);
    }

    /** The data operand: one feature vector per sample, [N, K]. */
    private static DataTensor features(ConversionContext c, OnnxNode n) {
        DataTensor a = c.data(n, 0);
        if (a.rank() != 1 || !a.shape().isVector()) {
            throw new NodeProblem("multiplies a tensor of shape " + a.describe() + "; only [N, features] inputs are supported "
                    + "(add a Flatten before it, as torch.flatten(x, 1) does)");
        }
        return a;
    }

    private static int outFeatures(ConstantTensor b, int k, boolean transB) {
        if (b.rank() != 2 || b.dims()[transB ? 1 : 0] != k) {
            throw new NodeProblem("has a weight matrix of dims " + Arrays.toString(b.dims()) + " that does not fit " + k
                    + " input features" + (transB ? " (transB=1)" : ""));
        }
        return (int) b.dims()[transB ? 0 : 1];
    }

    /** ONNX B ([K][M], or [M][K] when transposed) scaled by alpha, as [M][K] rows. */
    private static float[] rowsByOutput(float[] b, int k, int m, boolean transposed, float alpha) {
        float[] w = new float[m * k];
        for (int o = 0; o < m; o++) {
            for (int i = 0; i < k; i++) {
                w[o * k + i] = alpha * (transposed ? b[o * k + i] : b[i * m + o]);
            }
        }
        return w;
    }

    /** Gemm's C: a scalar, [M] or [1, M]. */
    private static float[] broadcastBias(ConstantTensor cc, int m) {
        float[] v = cc.asFloats();
        long[] d = cc.dims();
        boolean rowVector = d.length == 1 ? d[0] == m : d.length == 2 && d[0] == 1 && d[1] == m;
        if (v.length == 1) {
            float[] filled = new float[m];
            Arrays.fill(filled, v[0]);
            return filled;
        }
        if (!rowVector) {
            throw new NodeProblem("has a bias C of dims " + Arrays.toString(d) + "; only a scalar, [" + m + "] or [1, " + m
                    + "] is supported (one bias per output)");
        }
        return v;
    }

    /** The Dense node, with weight columns moved to where the graph keeps each feature. */
    private static void emitDense(ConversionContext c, OnnxNode n, DataTensor a, float[] rows, int m, float[] bias) {
        int k = a.dims()[0];
        float[] weights = rows;
        if (!a.isNatural()) {
            int[] order = a.orderArray();
            weights = new float[rows.length];
            for (int o = 0; o < m; o++) {
                for (int i = 0; i < k; i++) {
                    weights[o * k + order[i]] = rows[o * k + i];
                }
            }
        }
        c.emitNatural(n, new Op.Dense(k, m, weights, bias, Activation.LINEAR), List.of(a.node()), 1);
    }
}
