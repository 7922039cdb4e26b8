package io.cmsisnn.engine;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;

/**
 * Dense, at every position of its input: {@code bias[o]} plus {@code x[i]*w[o][i]} for i in
 * order, then the activation. The weights are laid out per input as {@code [i][o]} and the terms
 * are added to an accumulator array over all outputs, four inputs per pass, i ascending (see
 * {@link Madd}): every output gets exactly that sequence of float adds, the outputs side by side.
 * For a batch, two samples share each pass (two accumulators, see {@link Madd#pair}). The
 * accumulators are per thread and reused across runs.
 */
final class DenseKernel implements Kernel {
    private final int positions;
    private final int inFeatures;
    private final int outFeatures;
    private final float[] bias;
    /** {@code byInput[i][o] = w[o][i]}. */
    private final float[][] byInput;
    private final int[] identity;
    private final Activation activation;
    private final ThreadLocal<float[][]> accumulator;

    DenseKernel(Op.Dense d, Shape in) {
        positions = in.h() * in.w();
        inFeatures = d.inFeatures();
        outFeatures = d.outFeatures();
        bias = d.bias();
        activation = d.activation();
        float[] w = d.weights();
        byInput = new float[inFeatures][outFeatures];
        for (int o = 0; o < outFeatures; o++) {
            for (int i = 0; i < inFeatures; i++) {
                byInput[i][o] = w[o * inFeatures + i];
            }
        }
        identity = new int[inFeatures];
        for (int i = 0; i < inFeatures; i++) {
            identity[i] = i;
        }
        int n = outFeatures;
        accumulator = ThreadLocal.withInitial(() -> new float[2][n]);
    }

    @Override
    public void compute(float[][] in, float[] y) {
        float[] x = in[0];
        float[] acc = accumulator.get()[0];
        for (int pos = 0; pos < positions; pos++) {
            System.arraycopy(bias, 0, acc, 0, outFeatures);
            Madd.single(acc, byInput, identity, inFeatures, x, pos * inFeatures, outFeatures);
            System.arraycopy(acc, 0, y, pos * outFeatures, outFeatures);
        }
        Activations.apply(activation, y, 0, y.length);
    }

    @Override
    public void computeBatch(float[][][] ins, float[][] ys) {
        if (positions != 1) {
            Kernel.super.computeBatch(ins, ys);
            return;
        }
        float[][] acc = accumulator.get();
        int b = 0;
        for (; b + 2 <= ins.length; b += 2) {
            System.arraycopy(bias, 0, acc[0], 0, outFeatures);
            System.arraycopy(bias, 0, acc[1], 0, outFeatures);
            Madd.pair(acc[0], acc[1], byInput, identity, inFeatures, ins[b][0], 0, ins[b + 1][0], 0, outFeatures);
            System.arraycopy(acc[0], 0, ys[b], 0, outFeatures);
            System.arraycopy(acc[1], 0, ys[b + 1], 0, outFeatures);
            Activations.apply(activation, ys[b], 0, outFeatures);
            Activations.apply(activation, ys[b + 1], 0, outFeatures);
        }
        if (b < ins.length) {
            compute(ins[b], ys[b]);
        }
    }
}
