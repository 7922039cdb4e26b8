package io.cmsisnn.engine;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;

/**
 * Dense, at every position of its input: {@code bias[o]} plus {@code x[i]*w[o][i]} for i in
 * order, then the activation. Like {@link ConvKernel}, eight outputs run side by side in their
 * own accumulators (same sums, bit for bit); outputs past the last full block run one at a time.
 */
final class DenseKernel implements Kernel {
    private static final int LANES = ConvKernel.LANES;

    private final int positions;
    private final int inFeatures;
    private final int outFeatures;
    private final int blocks;
    private final float[] bias;
    private final float[] weights;
    /** Full blocks as {@code [block][i][lane]}. */
    private final float[] packed;
    private final Activation activation;

    DenseKernel(Op.Dense d, Shape in) {
        positions = in.h() * in.w();
        inFeatures = d.inFeatures();
        outFeatures = d.outFeatures();
        blocks = outFeatures / LANES;
        bias = d.bias().clone();
        weights = d.weights().clone();
        activation = d.activation();
        packed = new float[blocks * inFeatures * LANES];
        for (int b = 0; b < blocks; b++) {
            for (int lane = 0; lane < LANES; lane++) {
                int o = b * LANES + lane;
                for (int i = 0; i < inFeatures; i++) {
                    packed[(b * inFeatures + i) * LANES + lane] = weights[o * inFeatures + i];
                }
            }
        }
    }

    @Override
    public void compute(float[][] in, float[] y) {
        float[] x = in[0];
        for (int pos = 0; pos < positions; pos++) {
            int xBase = pos * inFeatures;
            int yBase = pos * outFeatures;
            for (int b = 0; b < blocks; b++) {
                block(x, xBase, y, yBase + b * LANES, b);
            }
            for (int o = blocks * LANES; o < outFeatures; o++) {
                float acc = bias[o];
                int wi = o * inFeatures;
                for (int i = 0; i < inFeatures; i++) {
                    acc += x[xBase + i] * weights[wi + i];
                }
                y[yBase + o] = acc;
            }
            Activations.apply(activation, y, yBase, yBase + outFeatures);
        }
    }

    private void block(float[] x, int xBase, float[] y, int at, int b) {
        int o = b * LANES;
        float a0 = bias[o];
        float a1 = bias[o + 1];
        float a2 = bias[o + 2];
        float a3 = bias[o + 3];
        float a4 = bias[o + 4];
        float a5 = bias[o + 5];
        float a6 = bias[o + 6];
        float a7 = bias[o + 7];
        float[] p = packed;
        int wi = b * inFeatures * LANES;
        for (int i = 0; i < inFeatures; i++, wi += LANES) {
            float v = x[xBase + i];
            a0 += v * p[wi];
            a1 += v * p[wi + 1];
            a2 += v * p[wi + 2];
            a3 += v * p[wi + 3];
            a4 += v * p[wi + 4];
            a5 += v * p[wi + 5];
            a6 += v * p[wi + 6];
            a7 += v * p[wi + 7];
        }
        y[at] = a0;
        y[at + 1] = a1;
        y[at + 2] = a2;
        y[at + 3] = a3;
        y[at + 4] = a4;
        y[at + 5] = a5;
        y[at + 6] = a6;
        y[at + 7] = a7;
    }
}
