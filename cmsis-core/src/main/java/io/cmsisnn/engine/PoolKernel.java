package io.cmsisnn.engine;

import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.Arrays;

/**
 * Pool2D over the taps inside the input (ky outer, kx inner). MAX: the largest of them, so a
 * pad never wins. AVERAGE: their float sum in that order divided by their count, or by kh*kw
 * with {@code countIncludePad}. A window lying wholly in the padding gives 0.
 */
final class PoolKernel implements Kernel {
    private final boolean max;
    private final boolean countIncludePad;
    private final int kernelArea;
    private final int inW;
    private final int channels;
    private final int outH;
    private final int outW;
    private final Window rows;
    private final Window cols;

    PoolKernel(Op.Pool2D p, Shape in, Shape out) {
        max = p.pool() == Op.PoolKind.MAX;
        countIncludePad = p.countIncludePad();
        kernelArea = p.kh() * p.kw();
        inW = in.w();
        channels = in.c();
        outH = out.h();
        outW = out.w();
        rows = new Window(outH, in.h(), p.kh(), p.strideH(), 1, p.padding().top());
        cols = new Window(outW, in.w(), p.kw(), p.strideW(), 1, p.padding().left());
    }

    @Override
    public void compute(float[][] in, float[] y) {
        float[] x = in[0];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int yBase = (oy * outW + ox) * channels;
                int valid = rows.count(oy) * cols.count(ox);
                if (valid == 0) {
                    continue; // output already 0
                }
                if (max) {
                    Arrays.fill(y, yBase, yBase + channels, Float.NEGATIVE_INFINITY);
                }
                for (int ky = rows.lo[oy]; ky < rows.hi[oy]; ky++) {
                    int iy = rows.origin[oy] + ky;
                    for (int kx = cols.lo[ox]; kx < cols.hi[ox]; kx++) {
                        int xBase = ((iy * inW) + cols.origin[ox] + kx) * channels;
                        if (max) {
                            for (int c = 0; c < channels; c++) {
                                y[yBase + c] = Math.max(y[yBase + c], x[xBase + c]);
                            }
                        } else {
                            for (int c = 0; c < channels; c++) {
                                y[yBase + c] += x[xBase + c];
                            }
                        }
                    }
                }
                if (!max) {
                    float count = countIncludePad ? kernelArea : valid;
                    for (int c = 0; c < channels; c++) {
                        y[yBase + c] = y[yBase + c] / count;
                    }
                }
            }
        }
    }
}
