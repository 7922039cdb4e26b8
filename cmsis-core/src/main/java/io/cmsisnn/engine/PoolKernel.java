package io.cmsisnn.engine;

import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.Arrays;

/**
 * Pool2D over the taps inside the input (ky outer, kx inner). MAX: the largest of them, so a
 * pad never wins. AVERAGE: their float sum in that order divided by their count, or by kh*kw
 * with {@code countIncludePad}. A window lying wholly in the padding gives 0.
 *
 * <p>Math.max is commutative and associative on floats (any NaN gives NaN, +0 beats -0) and
 * max(-inf, v) is v, so MAX starts from the first valid tap and may take the taps in any order;
 * a window of two by two valid taps is taken as max(max(a, b), max(c, d)) in one pass.
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
                if (max && valid == 4 && rows.count(oy) == 2) {
                    int a = ((rows.origin[oy] + rows.lo[oy]) * inW + cols.origin[ox] + cols.lo[ox]) * channels;
                    int b = a + channels;
                    int c2 = a + inW * channels;
                    int d = c2 + channels;
                    for (int c = 0; c < channels; c++) {
                        y[yBase + c] = Math.max(Math.max(x[a + c], x[b + c]), Math.max(x[c2 + c], x[d + c]));
                    }
                    continue;
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
