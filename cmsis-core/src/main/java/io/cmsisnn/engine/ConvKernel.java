package io.cmsisnn.engine;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.Arrays;

/**
 * Conv2D. Each output value is {@code bias[oc]} plus {@code x*w} over ky (outer), kx, then the
 * input channels of oc's group (inner), skipping taps in the padding, then the activation.
 *
 * <p>The loops keep exactly that sequence of float adds for every output value and vectorize
 * across output values instead (see {@link Madd}); two layouts, picked per layer:
 *
 * <ul>
 *   <li><b>Positions inner</b> (many output positions). The window values are copied out as
 *   columns, one array per tap {@code k = [ky][kx][ci]} holding that tap's input value at every
 *   output position (im2col). Each pass then adds, for two output channels at once, the terms of
 *   two taps to an accumulator array over all positions, taps ascending: per position the order
 *   above. A tap in the padding holds 0 in its column, so it adds {@code 0*w} where the rule skips
 *   it; for a finite weight that is a signed zero, which leaves any non-zero sum unchanged and can
 *   at most flip the sign of a zero sum. So at the positions whose window reaches into the padding,
 *   every output that came out as zero (or every output, if some weight is not finite) is computed
 *   again by the plain scalar loop of the rule: the results are bit for bit those of the rule.
 *   Interior positions have no padded taps at all.</li>
 *   <li><b>Channels inner</b> (few positions, e.g. a 3x3 output). Per position, the taps inside
 *   the input are listed in order and the terms are added to an accumulator array over the
 *   group's output channels, against weights laid out per tap as {@code [k][channel]}: two
 *   neighbouring interior positions share a pass (two accumulators, two taps per pass), any other
 *   position goes alone (four taps per pass). Padded taps are not listed, so they are skipped
 *   exactly.</li>
 * </ul>
 *
 * <p>In a batch ({@link #computeBatch}) the positions inner layout interleaves the samples: entry
 * {@code p * batch + b} of a column or accumulator is sample b at position p, so the loops run
 * over batch * positions and a row of window values is one run of {@code width * batch} floats,
 * copied from the samples' input channels, interleaved the same way, by one arraycopy (stride 1).
 * Each value still sums only its own sample's taps, in the order above. The loops take the
 * positions in tiles, so a pair of accumulators stays in L1 while every channel pair reads the
 * tile's columns from L2.
 *
 * <p>Scratch arrays (columns, accumulators, planes) are per thread and per kernel and reused across runs
 * (the columns grow to the largest batch seen); no scratch is allocated per call.
 */
final class ConvKernel implements Kernel {
    private final int inW;
    private final int inC;
    private final int outW;
    private final int outC;
    private final int kh;
    private final int kw;
    private final int groups;
    private final int groupIn;
    private final int groupOut;
    /** Taps per output value: kh * kw * groupIn. */
    private final int taps;
    private final int positions;
    private final boolean positionsInner;
    /** Positions inner: the positions summed per sweep, so the accumulators stay in L1 and the columns in L2. */
    private static final int TILE = 512;
    private final Window rows;
    private final Window cols;
    /** Per kx, the output columns whose tap kx lies inside the input: [colLo[kx], colHi[kx]). */
    private final int[] colLo;
    private final int[] colHi;
    private final float[] bias;
    /** As given: {@code [oc][ky][kx][ci]}, i.e. {@code [oc][k]}. */
    private final float[] weights;
    /** Channels inner: {@code [g * taps + k][j]}, the weight of tap k for output channel g*groupOut + j. */
    private final float[][] byTap;
    /** 0, 1, ..., taps-1. */
    private final int[] identity;
    /** Channels inner, per group g: g*taps + k for k = 0..taps-1, the rows of byTap of all taps. */
    private final int[][] groupTaps;
    /** Positions inner: the output positions whose window reaches into the padding. */
    private final int[] border;
    private final boolean finiteWeights;
    private final Activation activation;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(this::newScratch);

    private static final class Scratch {
        float[][] columns;
        float[][] accs;
        int[] tapIdx;
        float[] tapVal;
        int[] tapIdx2;
        float[] tapVal2;
        float[] acc;
        float[] acc2;
        /** The batch's input channels of one group, interleaved: [ci][(iy * inW + ix) * batch + b]. */
        float[][] planes;
    }

    ConvKernel(Op.Conv2D c, Shape in, Shape out) {
        inW = in.w();
        inC = in.c();
        int outH = out.h();
        outW = out.w();
        outC = c.outChannels();
        kh = c.kh();
        kw = c.kw();
        groups = c.groups();
        groupIn = c.inChannels() / groups;
        groupOut = outC / groups;
        taps = kh * kw * groupIn;
        positions = outH * outW;
        int padded = (positions + 15) / 16 * 16;
        positionsInner = padded >= 64 || padded >= groupOut;
        rows = new Window(outH, in.h(), kh, c.strideH(), c.dilationH(), c.padding().top());
        cols = new Window(outW, in.w(), kw, c.strideW(), c.dilationW(), c.padding().left());
        colLo = new int[kw];
        colHi = new int[kw];
        for (int kx = 0; kx < kw; kx++) {
            int lo = 0;
            while (lo < outW && !(cols.lo[lo] <= kx && kx < cols.hi[lo])) {
                lo++;
            }
            int hi = lo;
            while (hi < outW && cols.lo[hi] <= kx && kx < cols.hi[hi]) {
                hi++;
            }
            colLo[kx] = lo;
            colHi[kx] = hi;
        }
        activation = c.activation();
        bias = c.bias();
        weights = c.weights();
        boolean finite = true;
        for (float w : weights) {
            finite &= Float.isFinite(w);
        }
        finiteWeights = finite;
        identity = new int[taps];
        for (int k = 0; k < taps; k++) {
            identity[k] = k;
        }
        groupTaps = new int[groups][taps];
        for (int g = 0; g < groups; g++) {
            for (int k = 0; k < taps; k++) {
                groupTaps[g][k] = g * taps + k;
            }
        }
        int[] b = new int[positions];
        int n = 0;
        for (int p = 0; p < positions; p++) {
            if (rows.count(p / outW) != kh || cols.count(p % outW) != kw) {
                b[n++] = p;
            }
        }
        border = Arrays.copyOf(b, n);
        if (positionsInner) {
            byTap = null;
        } else {
            byTap = new float[groups * taps][groupOut];
            for (int g = 0; g < groups; g++) {
                for (int j = 0; j < groupOut; j++) {
                    for (int k = 0; k < taps; k++) {
                        byTap[g * taps + k][j] = weights[(g * groupOut + j) * taps + k];
                    }
                }
            }
        }
    }

    private Scratch newScratch() {
        Scratch s = new Scratch();
        if (!positionsInner) {
            s.tapIdx = new int[taps];
            s.tapVal = new float[taps];
            s.tapIdx2 = new int[taps];
            s.tapVal2 = new float[taps];
            s.acc = new float[groupOut];
            s.acc2 = new float[groupOut];
        }
        return s;
    }

    @Override
    public void compute(float[][] in, float[] y) {
        computeBatch(new float[][][] {in}, new float[][] {y});
    }

    /**
     * Positions inner, the samples' positions side by side in one run of columns (sample b's
     * position p at b*positions + p), so the loops are long; each output value is still the sum
     * of its own sample's taps in the documented order.
     */
    @Override
    public void computeBatch(float[][][] ins, float[][] ys) {
        Scratch s = scratch.get();
        if (positionsInner) {
            int batch = ins.length;
            int n = (batch * positions + 15) / 16 * 16;
            if (s.columns == null || s.columns[0].length < n) {
                // the tail past batch * positions may hold columns of an earlier, larger batch: unused outputs
                s.columns = new float[taps][n];
                s.accs = new float[groupOut][n];
            }
            float[][] acc = s.accs;
            for (int g = 0; g < groups; g++) {
                gatherColumns(ins, g, batch, s);
                for (int from = 0; from < n; from += TILE) {
                    int to = Math.min(n, from + TILE);
                    for (int j = 0; j < groupOut; j += 2) {
                        int oc = g * groupOut + j;
                        float[] a = acc[j];
                        Arrays.fill(a, from, to, bias[oc]);
                        if (j + 1 < groupOut) {
                            float[] c = acc[j + 1];
                            Arrays.fill(c, from, to, bias[oc + 1]);
                            Madd.pair(a, c, s.columns, identity, taps, weights, oc * taps, weights, (oc + 1) * taps,
                                    from, to);
                        } else {
                            Madd.single(a, s.columns, identity, taps, weights, oc * taps, from, to);
                        }
                    }
                }
                toHwc(acc, ys, batch, g * groupOut);
                for (int b = 0; b < batch; b++) {
                    float[] x = ins[b][0];
                    float[] y = ys[b];
                    for (int p : border) {
                        int at = p * outC + g * groupOut;
                        for (int j = 0; j < groupOut; j++) {
                            if (!finiteWeights || y[at + j] == 0f) {
                                y[at + j] = exact(x, p / outW, p % outW, g, g * groupOut + j);
                            }
                        }
                    }
                }
            }
        } else {
            for (int b = 0; b < ins.length; b++) {
                channelsInner(ins[b][0], ys[b], s);
            }
        }
        for (float[] y : ys) {
            Activations.apply(activation, y, 0, y.length);
        }
    }

    /**
     * Channel j of this group at position p of sample b is acc[j][p * batch + b]; it goes to
     * ys[b][p*outC + at + j]. Blocks of positions keep the lines read and written in L1 across
     * samples and channels.
     */
    private void toHwc(float[][] acc, float[][] ys, int batch, int at) {
        for (int p0 = 0; p0 < positions; p0 += 16) {
            int p1 = Math.min(positions, p0 + 16);
            for (int b = 0; b < batch; b++) {
                float[] y = ys[b];
                int j = 0;
                for (; j + 4 <= groupOut; j += 4) { // four channels per sweep: fewer passes over y
                    float[] a0 = acc[j];
                    float[] a1 = acc[j + 1];
                    float[] a2 = acc[j + 2];
                    float[] a3 = acc[j + 3];
                    for (int p = p0, q = p0 * batch + b, o = p0 * outC + at + j; p < p1; p++, q += batch, o += outC) {
                        y[o] = a0[q];
                        y[o + 1] = a1[q];
                        y[o + 2] = a2[q];
                        y[o + 3] = a3[q];
                    }
                }
                for (; j < groupOut; j++) {
                    float[] a0 = acc[j];
                    for (int p = p0, q = p0 * batch + b, o = p0 * outC + at + j; p < p1; p++, q += batch, o += outC) {
                        y[o] = a0[q];
                    }
                }
            }
        }
    }

    private void channelsInner(float[] x, float[] y, Scratch s) {
        for (int g = 0; g < groups; g++) {
            int[] byTapIdx = groupTaps[g];
            for (int p = 0; p < positions; p++) {
                int oy = p / outW;
                int ox = p % outW;
                int count = listTaps(x, oy, ox, g, s.tapIdx, s.tapVal);
                float[] a = s.acc;
                System.arraycopy(bias, g * groupOut, a, 0, groupOut);
                int at = p * outC + g * groupOut;
                int q = p + 1;
                if (count == taps && q < positions
                        && listTaps(x, q / outW, q % outW, g, s.tapIdx2, s.tapVal2) == taps) {
                    // two interior positions: every tap inside at both, same tap list
                    float[] b = s.acc2;
                    System.arraycopy(bias, g * groupOut, b, 0, groupOut);
                    Madd.pair(a, b, byTap, byTapIdx, taps, s.tapVal, 0, s.tapVal2, 0, groupOut);
                    System.arraycopy(b, 0, y, q * outC + g * groupOut, groupOut);
                    p = q;
                } else {
                    Madd.single(a, byTap, s.tapIdx, count, s.tapVal, 0, groupOut);
                }
                System.arraycopy(a, 0, y, at, groupOut);
            }
        }
    }

    /**
     * Column k = [ky][kx][ci] of group g: the tap's input value for sample b at output position p
     * in entry {@code p * batch + b}, 0 where the tap lies in the padding. The samples' input
     * channels are first interleaved the same way ({@code plane[ci][pixel * batch + b]}), so the
     * run of a row of output positions is one arraycopy (stride 1) or one per position.
     */
    private void gatherColumns(float[][][] ins, int g, int batch, Scratch s) {
        int sw = cols.origin.length > 1 ? cols.origin[1] - cols.origin[0] : 1;
        int pixels = ins[0][0].length / inC;
        float[][] planes;
        if (batch == 1 && inC == 1) {
            planes = ins[0];
        } else {
            if (s.planes == null || s.planes[0].length < pixels * batch) {
                s.planes = new float[groupIn][pixels * batch];
            }
            planes = s.planes;
            for (int b = 0; b < batch; b++) {
                float[] x = ins[b][0];
                for (int ci = 0; ci < groupIn; ci++) {
                    float[] plane = planes[ci];
                    for (int px = 0, si = g * groupIn + ci, di = b; px < pixels; px++, si += inC, di += batch) {
                        plane[di] = x[si];
                    }
                }
            }
        }
        int rowLength = outW * batch;
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                int lo = colLo[kx];
                int hi = Math.max(lo, colHi[kx]);
                int dx = lo < outW ? cols.origin[lo] + kx * cols.dilation : 0; // input column at output column lo
                for (int ci = 0; ci < groupIn; ci++) {
                    float[] col = s.columns[(ky * kw + kx) * groupIn + ci];
                    float[] plane = planes[ci];
                    for (int oy = 0, dst = 0; oy < rows.origin.length; oy++, dst += rowLength) {
                        if (ky < rows.lo[oy] || ky >= rows.hi[oy]) {
                            Arrays.fill(col, dst, dst + rowLength, 0f);
                            continue;
                        }
                        // the columns are reused across batch sizes, so padded entries are cleared every time
                        Arrays.fill(col, dst, dst + lo * batch, 0f);
                        Arrays.fill(col, dst + hi * batch, dst + rowLength, 0f);
                        int src = ((rows.origin[oy] + ky * rows.dilation) * inW + dx) * batch;
                        if (sw == 1) {
                            System.arraycopy(plane, src, col, dst + lo * batch, (hi - lo) * batch);
                        } else {
                            for (int ox = lo, d = dst + lo * batch; ox < hi; ox++, src += sw * batch, d += batch) {
                                System.arraycopy(plane, src, col, d, batch);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The taps of group g inside the input at (oy, ox), in order: index into byTap and input value. */
    private int listTaps(float[] x, int oy, int ox, int g, int[] idx, float[] val) {
        int n = 0;
        for (int ky = rows.lo[oy]; ky < rows.hi[oy]; ky++) {
            int iy = rows.origin[oy] + ky * rows.dilation;
            for (int kx = cols.lo[ox]; kx < cols.hi[ox]; kx++) {
                int ix = cols.origin[ox] + kx * cols.dilation;
                int xi = (iy * inW + ix) * inC + g * groupIn;
                int k = g * taps + (ky * kw + kx) * groupIn;
                for (int ci = 0; ci < groupIn; ci++) {
                    idx[n] = k + ci;
                    val[n++] = x[xi + ci];
                }
            }
        }
        return n;
    }

    /** One output value by the rule itself: bias, then ky, kx, ci ascending over the taps inside. */
    private float exact(float[] x, int oy, int ox, int g, int oc) {
        float acc = bias[oc];
        for (int ky = rows.lo[oy]; ky < rows.hi[oy]; ky++) {
            int iy = rows.origin[oy] + ky * rows.dilation;
            for (int kx = cols.lo[ox]; kx < cols.hi[ox]; kx++) {
                int ix = cols.origin[ox] + kx * cols.dilation;
                int xi = (iy * inW + ix) * inC + g * groupIn;
                int wi = oc * taps + (ky * kw + kx) * groupIn;
                for (int ci = 0; ci < groupIn; ci++) {
                    acc += x[xi + ci] * weights[wi + ci];
                }
            }
        }
        return acc;
    }
}
