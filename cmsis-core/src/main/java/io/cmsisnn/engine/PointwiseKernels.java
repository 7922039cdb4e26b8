package io.cmsisnn.engine;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;

/** Kernels that reduce or map values without a sliding window. */
final class PointwiseKernels {
    private PointwiseKernels() {
    }

    /**
     * Per channel over all positions in row-major order: MAX the largest value, AVERAGE the float
     * sum in that order divided by H*W.
     */
    static Kernel globalPool(Op.GlobalPool g, Shape in) {
        boolean max = g.pool() == Op.PoolKind.MAX;
        int positions = in.h() * in.w();
        int channels = in.c();
        float count = positions;
        return (xs, y) -> {
            float[] x = xs[0];
            if (max) {
                System.arraycopy(x, 0, y, 0, channels);
                for (int p = 1; p < positions; p++) {
                    for (int c = 0; c < channels; c++) {
                        y[c] = Math.max(y[c], x[p * channels + c]);
                    }
                }
            } else {
                for (int p = 0; p < positions; p++) {
                    for (int c = 0; c < channels; c++) {
                        y[c] += x[p * channels + c];
                    }
                }
                for (int c = 0; c < channels; c++) {
                    y[c] = y[c] / count;
                }
            }
        };
    }

    /**
     * Softmax over the channels of each position: m = max, e_i = (float) exp((double) (x_i - m))
     * with the subtraction in float, s = float sum of e_i in order, y_i = e_i / s.
     */
    static Kernel softmax(Shape in) {
        int channels = in.c();
        return (xs, y) -> {
            float[] x = xs[0];
            for (int base = 0; base < x.length; base += channels) {
                float m = x[base];
                for (int i = 1; i < channels; i++) {
                    m = Math.max(m, x[base + i]);
                }
                float sum = 0f;
                for (int i = 0; i < channels; i++) {
                    float e = (float) Math.exp(x[base + i] - m);
                    y[base + i] = e;
                    sum += e;
                }
                for (int i = 0; i < channels; i++) {
                    y[base + i] = y[base + i] / sum;
                }
            }
        };
    }

    /**
     * Log-softmax over the channels of each position, in the order the generated C follows:
     * m = max, s = float sum of (float) exp((double) (x_i - m)), y_i = (x_i - m) - (float) log((double) s).
     * Unlike log(softmax), this stays finite for logits far below the maximum, whose softmax underflows to 0.
     */
    static Kernel logSoftmax(Shape in) {
        int channels = in.c();
        return (xs, y) -> {
            float[] x = xs[0];
            for (int base = 0; base < x.length; base += channels) {
                float m = x[base];
                for (int i = 1; i < channels; i++) {
                    m = Math.max(m, x[base + i]);
                }
                float sum = 0f;
                for (int i = 0; i < channels; i++) {
                    sum += (float) Math.exp(x[base + i] - m);
                }
                float log = (float) Math.log(sum);
                for (int i = 0; i < channels; i++) {
                    y[base + i] = (x[base + i] - m) - log;
                }
            }
        };
    }

    /** {@link Activation#apply} on every value. */
    static Kernel activation(Activation a) {
        return (xs, y) -> {
            System.arraycopy(xs[0], 0, y, 0, y.length);
            Activations.apply(a, y, 0, y.length);
        };
    }

    /** {@code x*scale[c] + shift[c]}: a float product, then a float sum. */
    static Kernel scaleShift(Op.ScaleShift s, Shape in) {
        float[] scale = s.scale();
        float[] shift = s.shift();
        int channels = in.c();
        return (xs, y) -> {
            float[] x = xs[0];
            for (int base = 0; base < x.length; base += channels) {
                for (int c = 0; c < channels; c++) {
                    y[base + c] = x[base + c] * scale[c] + shift[c];
                }
            }
        };
    }

    /** Element-wise sum, inputs added one after another in input order. */
    static Kernel add() {
        return (xs, y) -> {
            System.arraycopy(xs[0], 0, y, 0, y.length);
            for (int k = 1; k < xs.length; k++) {
                float[] x = xs[k];
                for (int i = 0; i < y.length; i++) {
                    y[i] = y[i] + x[i];
                }
            }
        };
    }
}
