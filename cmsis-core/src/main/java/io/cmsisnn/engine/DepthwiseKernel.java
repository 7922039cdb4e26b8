package io.cmsisnn.engine;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;

/**
 * DepthwiseConv2D. Output channel {@code o = ci*multiplier + m} is {@code bias[o]} plus
 * {@code x[ci]*w[ky][kx][o]} over ky (outer) and kx, padding skipped, then the activation.
 * All channels of a position advance together, each in that order.
 */
final class DepthwiseKernel implements Kernel {
    private final int inW;
    private final int inC;
    private final int outH;
    private final int outW;
    private final int outC;
    private final int kw;
    private final int multiplier;
    private final Window rows;
    private final Window cols;
    private final float[] bias;
    private final float[] weights;
    private final Activation activation;

    DepthwiseKernel(Op.DepthwiseConv2D d, Shape in, Shape out) {
        inW = in.w();
        inC = in.c();
        outH = out.h();
        outW = out.w();
        outC = d.outChannels();
        kw = d.kw();
        multiplier = d.multiplier();
        rows = new Window(outH, in.h(), d.kh(), d.strideH(), d.dilationH(), d.padding().top());
        cols = new Window(outW, in.w(), kw, d.strideW(), d.dilationW(), d.padding().left());
        bias = d.bias();
        weights = d.weights();
        activation = d.activation();
    }

    @Override
    public void compute(float[][] in, float[] y) {
        float[] x = in[0];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int yBase = (oy * outW + ox) * outC;
                System.arraycopy(bias, 0, y, yBase, outC);
                for (int ky = rows.lo[oy]; ky < rows.hi[oy]; ky++) {
                    int iy = rows.origin[oy] + ky * rows.dilation;
                    for (int kx = cols.lo[ox]; kx < cols.hi[ox]; kx++) {
                        int ix = cols.origin[ox] + kx * cols.dilation;
                        int xBase = (iy * inW + ix) * inC;
                        int wBase = (ky * kw + kx) * outC;
                        if (multiplier == 1) {
                            for (int o = 0; o < outC; o++) {
                                y[yBase + o] += x[xBase + o] * weights[wBase + o];
                            }
                        } else {
                            for (int ci = 0; ci < inC; ci++) {
                                float xv = x[xBase + ci];
                                int o0 = ci * multiplier;
                                for (int m = 0; m < multiplier; m++) {
                                    y[yBase + o0 + m] += xv * weights[wBase + o0 + m];
                                }
                            }
                        }
                    }
                }
                Activations.apply(activation, y, yBase, yBase + outC);
            }
        }
    }
}
