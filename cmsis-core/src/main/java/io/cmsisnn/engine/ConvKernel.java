package io.cmsisnn.engine;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;

/**
 * Conv2D. Each output value is {@code bias[oc]} plus {@code x*w} over ky (outer), kx, then the
 * input channels of oc's group (inner), skipping taps in the padding, then the activation.
 *
 * <p>Eight output channels are computed side by side, each in its own accumulator and in exactly
 * that order: the sums are the ones a one-channel-at-a-time loop gives, bit for bit, but the CPU
 * overlaps eight independent chains of adds instead of waiting on one (about 4x faster). Where a
 * window lies wholly inside the input, it is first copied out as {@code [ky][kx][ci]} so the
 * eight sums run as one flat loop (this matters when there are few input channels). A group whose
 * channel count is not a multiple of eight ends in a block padded with zero weights; the padded
 * lanes are independent accumulators whose results are never stored.
 */
final class ConvKernel implements Kernel {
    static final int LANES = 8;

    private final int inW;
    private final int inC;
    private final int outH;
    private final int outW;
    private final int outC;
    private final int kh;
    private final int kw;
    private final int groups;
    private final int groupIn;
    private final int groupOut;
    /** Blocks of {@link #LANES} output channels per group, the last one possibly padded. */
    private final int blocks;
    private final Window rows;
    private final Window cols;
    /** Bias as {@code [group][block][lane]}, zero in padded lanes. */
    private final float[] bias;
    /** Weights as {@code [group][block][ky][kx][ci][lane]}: one load run per input value. */
    private final float[] packed;
    private final Activation activation;

    ConvKernel(Op.Conv2D c, Shape in, Shape out) {
        inW = in.w();
        inC = in.c();
        outH = out.h();
        outW = out.w();
        outC = c.outChannels();
        kh = c.kh();
        kw = c.kw();
        groups = c.groups();
        groupIn = c.inChannels() / groups;
        groupOut = outC / groups;
        blocks = (groupOut + LANES - 1) / LANES;
        rows = new Window(outH, in.h(), kh, c.strideH(), c.dilationH(), c.padding().top());
        cols = new Window(outW, in.w(), kw, c.strideW(), c.dilationW(), c.padding().left());
        activation = c.activation();
        float[] w = c.weights();
        int tap = kh * kw * groupIn;
        bias = new float[groups * blocks * LANES];
        packed = new float[groups * blocks * tap * LANES];
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < groupOut; j++) {
                int oc = g * groupOut + j;
                int block = g * blocks + j / LANES;
                int lane = j % LANES;
                bias[block * LANES + lane] = c.bias()[oc];
                for (int k = 0; k < tap; k++) { // k runs over [ky][kx][ci]
                    packed[(block * tap + k) * LANES + lane] = w[oc * tap + k];
                }
            }
        }
    }

    @Override
    public void compute(float[][] in, float[] y) {
        float[] x = in[0];
        float[] patch = new float[kh * kw * groupIn]; // per call: concurrent runs share this kernel
        for (int oy = 0; oy < outH; oy++) {
            boolean rowInside = rows.count(oy) == kh;
            for (int ox = 0; ox < outW; ox++) {
                boolean inside = rowInside && cols.count(ox) == kw;
                int yBase = (oy * outW + ox) * outC;
                for (int g = 0; g < groups; g++) {
                    if (inside) {
                        gather(x, oy, ox, g, patch);
                    }
                    for (int b = 0; b < blocks; b++) {
                        int first = g * groupOut + b * LANES;
                        int lanes = Math.min(LANES, groupOut - b * LANES);
                        if (inside) {
                            flatBlock(patch, y, g * blocks + b, yBase + first, lanes);
                        } else {
                            block(x, y, oy, ox, g, g * blocks + b, yBase + first, lanes);
                        }
                    }
                }
                Activations.apply(activation, y, yBase, yBase + outC);
            }
        }
    }

    /** Copies the window of a position that lies wholly inside the input, as {@code [ky][kx][ci]}. */
    private void gather(float[] x, int oy, int ox, int g, float[] patch) {
        int k = 0;
        for (int ky = 0; ky < kh; ky++) {
            int iy = rows.origin[oy] + ky * rows.dilation;
            for (int kx = 0; kx < kw; kx++) {
                int xi = (iy * inW + cols.origin[ox] + kx * cols.dilation) * inC + g * groupIn;
                for (int ci = 0; ci < groupIn; ci++) {
                    patch[k++] = x[xi + ci];
                }
            }
        }
    }

    /** {@link #block} for a position whose window is wholly inside: one loop over the patch. */
    private void flatBlock(float[] patch, float[] y, int block, int at, int lanes) {
        int bi = block * LANES;
        float a0 = bias[bi];
        float a1 = bias[bi + 1];
        float a2 = bias[bi + 2];
        float a3 = bias[bi + 3];
        float a4 = bias[bi + 4];
        float a5 = bias[bi + 5];
        float a6 = bias[bi + 6];
        float a7 = bias[bi + 7];
        float[] p = packed;
        int wi = block * patch.length * LANES;
        for (int k = 0; k < patch.length; k++, wi += LANES) {
            float v = patch[k];
            a0 += v * p[wi];
            a1 += v * p[wi + 1];
            a2 += v * p[wi + 2];
            a3 += v * p[wi + 3];
            a4 += v * p[wi + 4];
            a5 += v * p[wi + 5];
            a6 += v * p[wi + 6];
            a7 += v * p[wi + 7];
        }
        store(y, at, lanes, a0, a1, a2, a3, a4, a5, a6, a7);
    }

    /**
     * One block of group g at one position, taps in the padding skipped; its first
     * {@code lanes} sums go to {@code y[at..]}.
     */
    private void block(float[] x, float[] y, int oy, int ox, int g, int block, int at, int lanes) {
        int bi = block * LANES;
        float a0 = bias[bi];
        float a1 = bias[bi + 1];
        float a2 = bias[bi + 2];
        float a3 = bias[bi + 3];
        float a4 = bias[bi + 4];
        float a5 = bias[bi + 5];
        float a6 = bias[bi + 6];
        float a7 = bias[bi + 7];
        float[] p = packed;
        int blockBase = block * kh;
        for (int ky = rows.lo[oy]; ky < rows.hi[oy]; ky++) {
            int iy = rows.origin[oy] + ky * rows.dilation;
            for (int kx = cols.lo[ox]; kx < cols.hi[ox]; kx++) {
                int ix = cols.origin[ox] + kx * cols.dilation;
                int xi = (iy * inW + ix) * inC + g * groupIn;
                int wi = ((blockBase + ky) * kw + kx) * groupIn * LANES;
                for (int ci = 0; ci < groupIn; ci++, wi += LANES) {
                    float v = x[xi + ci];
                    a0 += v * p[wi];
                    a1 += v * p[wi + 1];
                    a2 += v * p[wi + 2];
                    a3 += v * p[wi + 3];
                    a4 += v * p[wi + 4];
                    a5 += v * p[wi + 5];
                    a6 += v * p[wi + 6];
                    a7 += v * p[wi + 7];
                }
            }
        }
        store(y, at, lanes, a0, a1, a2, a3, a4, a5, a6, a7);
    }

    /** Writes the first {@code lanes} sums of a block; the rest belong to padded lanes. */
    private static void store(float[] y, int at, int lanes, float a0, float a1, float a2, float a3, float a4, float a5,
                              float a6, float a7) {
        y[at] = a0; // every block has at least one real channel
        if (lanes > 1) {
            y[at + 1] = a1;
        }
        if (lanes > 2) {
            y[at + 2] = a2;
        }
        if (lanes > 3) {
            y[at + 3] = a3;
        }
        if (lanes > 4) {
            y[at + 4] = a4;
        }
        if (lanes > 5) {
            y[at + 5] = a5;
        }
        if (lanes > 6) {
            y[at + 6] = a6;
        }
        if (lanes > 7) {
            y[at + 7] = a7;
        }
    }
}
