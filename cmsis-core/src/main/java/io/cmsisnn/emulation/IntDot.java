package io.cmsisnn.emulation;

import io.cmsisnn.engine.Madd;

/**
 * The integer core of the convolution and fully connected emulations: im2col into an {@code int[]}
 * (one row of taps per output position, values already offset) and dot products of int rows, which
 * C2 vectorizes (an int reduction over two int arrays; JDK 17 does not vectorize byte or short
 * operands mixed with int, nor int stores into one int array while loading another, so both
 * operands are widened first). Sums wrap at 32 bits like Java's and C's int, and int addition is
 * associative modulo 2^32, so the order of the products is free. Scratch arrays are per thread.
 *
 * <p>Byte convolutions (s8 and q7) sum in float where that is exact, which C2 runs about three
 * times as fast as int multiplies: a product of an int8 weight and an offset int8 input is an
 * integer of at most 255 * 128 in magnitude, and float holds every integer up to 2^24 exactly, so
 * as long as a run of taps cannot reach 2^24 in absolute sum, every float multiply and add is exact
 * and the sum is the int sum. Longer kernels are cut into such runs, added up in int.
 */
final class IntDot {
    /** Target size of one im2col block in ints (256 KB, about an L2 share). */
    private static final int COL_BLOCK = 1 << 16;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private IntDot() {
    }

    /** Growable per-thread arrays; contents are garbage between uses. */
    static final class Scratch {
        private int[] col = new int[0];
        private int[] acc = new int[0];
        private int[] vec = new int[0];
        private int[] weights = new int[0];
        private float[][] columns = new float[0][0];
        private float[][] sums = new float[0][0];
        private float[] floatWeights = new float[0];
        private int[] run = new int[0];

        int[] col(int size) {
            return col = atLeast(col, size);
        }

        int[] acc(int size) {
            return acc = atLeast(acc, size);
        }

        int[] vec(int size) {
            return vec = atLeast(vec, size);
        }

        /** At least {@code taps} columns of at least {@code n} floats each. */
        float[][] columns(int taps, int n) {
            return columns = atLeast(columns, taps, n);
        }

        float[][] sums(int rows, int n) {
            return sums = atLeast(sums, rows, n);
        }

        float[] floatWeights(int size) {
            return floatWeights = floatWeights.length < size ? new float[size] : floatWeights;
        }

        int[] run(int size) {
            return run = atLeast(run, size);
        }

        int[] weights(int size) {
            return weights = atLeast(weights, size);
        }

        private static int[] atLeast(int[] a, int size) {
            return a.length < size ? new int[size] : a;
        }

        private static float[][] atLeast(float[][] a, int rows, int n) {
            int width = a.length == 0 ? 0 : a[0].length;
            return a.length < rows || width < n ? new float[Math.max(rows, a.length)][Math.max(n, width)] : a;
        }
    }

    static Scratch scratch() {
        return SCRATCH.get();
    }

    /**
     * Output positions per im2col block for rows of {@code taps} ints and {@code outCh} sums, so that
     * neither the block nor its sums go much beyond {@link #COL_BLOCK} ints.
     */
    static int block(int positions, int taps, int outCh) {
        int limit = Math.min(COL_BLOCK / Math.max(1, taps), COL_BLOCK / Math.max(1, outCh));
        return Math.max(1, Math.min(positions, limit));
    }

    /** a[ao..ao+n) . b[bo..bo+n), wrapping. */
    static int dot(int[] a, int ao, int[] b, int bo, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /**
     * acc[j * rows + r] += col[j * n .. +n) . w[r * n .. +n) for j in [0, positions), r in [0, rows):
     * four weight rows per pass over a column row.
     */
    static void gemm(int[] col, int positions, int n, int[] w, int rows, int[] acc) {
        int rows4 = rows & ~3;
        for (int j = 0; j < positions; j++) {
            int c = j * n;
            int a = j * rows;
            for (int r = 0; r < rows4; r += 4) {
                int w0 = r * n;
                int w1 = w0 + n;
                int w2 = w1 + n;
                int w3 = w2 + n;
                int s0 = 0;
                int s1 = 0;
                int s2 = 0;
                int s3 = 0;
                for (int i = 0; i < n; i++) {
                    int v = col[c + i];
                    s0 += v * w[w0 + i];
                    s1 += v * w[w1 + i];
                    s2 += v * w[w2 + i];
                    s3 += v * w[w3 + i];
                }
                acc[a + r] += s0;
                acc[a + r + 1] += s1;
                acc[a + r + 2] += s2;
                acc[a + r + 3] += s3;
            }
            for (int r = rows4; r < rows; r++) {
                acc[a + r] += dot(col, c, w, r * n, n);
            }
        }
    }

    /** acc[r] = init (or 0) + v . w[r * n .. +n) for one input row. */
    static void matVec(int[] v, int n, int[] w, int rows, int[] init, int[] acc) {
        for (int r = 0; r < rows; r++) {
            acc[r] = init != null ? init[r] : 0;
        }
        gemm(v, 1, n, w, rows, acc);
    }

    /** A fresh int copy of bytes plus {@code offset}. */
    static int[] widened(byte[] src, int from, int length, int offset) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = src[from + i] + offset;
        }
        return out;
    }

    /** {@code wide} if given, else the first {@code length} bytes widened into this thread's weight scratch. */
    static int[] wideOrScratch(int[] wide, byte[] src, int length) {
        if (wide != null) {
            return wide;
        }
        int[] out = scratch().weights(length);
        for (int i = 0; i < length; i++) {
            out[i] = src[i];
        }
        return out;
    }

    /** {@link #wideOrScratch(int[], byte[], int)} for shorts. */
    static int[] wideOrScratch(int[] wide, short[] src, int length) {
        if (wide != null) {
            return wide;
        }
        int[] out = scratch().weights(length);
        for (int i = 0; i < length; i++) {
            out[i] = src[i];
        }
        return out;
    }

    /** A fresh int copy of shorts. */
    static int[] widened(short[] src, int from, int length) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = src[from + i];
        }
        return out;
    }

    /**
     * The geometry of one convolution: input [batches][inY][inX][inCh] read from channel chBase,
     * kernel kY x kX x kCh, output positions outY x outX per batch.
     */
    record Geometry(int inY, int inX, int inCh, int chBase, int kY, int kX, int kCh, int strideY, int strideX,
            int padY, int padX, int dilY, int dilX, int outY, int outX) {
        int taps() {
            return kY * kX * kCh;
        }

        int positions() {
            return outY * outX;
        }
    }

    /**
     * Rows of taps for output positions [p0, p0 + count) of the image at {@code inB}: (x + offset)
     * inside the image, 0 outside (a padded tap adds nothing).
     */
    static void im2col(byte[] in, int inB, int offset, Geometry g, int p0, int count, int[] col) {
        int taps = g.taps();
        int kCh = g.kCh();
        for (int j = 0; j < count; j++) {
            int p = p0 + j;
            int oy = p / g.outX();
            int ox = p - oy * g.outX();
            int baseY = oy * g.strideY() - g.padY();
            int baseX = ox * g.strideX() - g.padX();
            int dst = j * taps;
            for (int ky = 0; ky < g.kY(); ky++) {
                int y = baseY + g.dilY() * ky;
                for (int kx = 0; kx < g.kX(); kx++) {
                    int x = baseX + g.dilX() * kx;
                    if (y < 0 || y >= g.inY() || x < 0 || x >= g.inX()) {
                        java.util.Arrays.fill(col, dst, dst + kCh, 0);
                    } else {
                        int src = inB + (y * g.inX() + x) * g.inCh() + g.chBase();
                        for (int ci = 0; ci < kCh; ci++) {
                            col[dst + ci] = in[src + ci] + offset;
                        }
                    }
                    dst += kCh;
                }
            }
        }
    }

    /** {@link #im2col(byte[], int, int, Geometry, int, int, int[])} for int16 input, no offset. */
    static void im2col(short[] in, int inB, Geometry g, int p0, int count, int[] col) {
        int taps = g.taps();
        int kCh = g.kCh();
        for (int j = 0; j < count; j++) {
            int p = p0 + j;
            int oy = p / g.outX();
            int ox = p - oy * g.outX();
            int baseY = oy * g.strideY() - g.padY();
            int baseX = ox * g.strideX() - g.padX();
            int dst = j * taps;
            for (int ky = 0; ky < g.kY(); ky++) {
                int y = baseY + g.dilY() * ky;
                for (int kx = 0; kx < g.kX(); kx++) {
                    int x = baseX + g.dilX() * kx;
                    if (y < 0 || y >= g.inY() || x < 0 || x >= g.inX()) {
                        java.util.Arrays.fill(col, dst, dst + kCh, 0);
                    } else {
                        int src = inB + (y * g.inX() + x) * g.inCh() + g.chBase();
                        for (int ci = 0; ci < kCh; ci++) {
                            col[dst + ci] = in[src + ci];
                        }
                    }
                    dst += kCh;
                }
            }
        }
    }

    /** Receives the sums of positions [p0, p0 + count) of batch b: acc[j * outCh + oc], bias not added. */
    interface BlockSink {
        void store(int b, int p0, int count, int[] acc);
    }

    /** Every integer of at most this magnitude is a float. */
    private static final long FLOAT_EXACT = 1L << 24;

    /** Below this many taps per exact float run the int loops are used. */
    private static final int MIN_FLOAT_RUN = 8;

    /** A convolution of byte input (plus offset) with widened weights [outCh][taps], block by block. */
    static void conv(byte[] in, int offset, int batches, Geometry g, int[] w, int outCh, BlockSink sink) {
        int taps = g.taps();
        long maxIn = Math.max(Math.abs(Byte.MIN_VALUE + offset), Math.abs(Byte.MAX_VALUE + offset));
        Scratch s = scratch();
        // one pass converts the weights for the float path and finds their largest magnitude
        float[] wf = s.floatWeights(outCh * taps);
        long maxW = 0;
        for (int i = 0; i < outCh * taps; i++) {
            wf[i] = w[i];
            maxW = Math.max(maxW, Math.abs((long) w[i]));
        }
        long perTap = Math.max(1, maxIn * maxW);
        int run = (int) Math.min(taps, FLOAT_EXACT / perTap);
        if (run >= Math.min(taps, MIN_FLOAT_RUN)) {
            floatConv(in, offset, batches, g, wf, outCh, run, sink);
            return;
        }
        int positions = g.positions();
        int bs = block(positions, taps, outCh);
        int[] col = s.col(bs * taps);
        int[] acc = s.acc(bs * outCh);
        for (int b = 0; b < batches; b++) {
            int inB = b * g.inY() * g.inX() * g.inCh();
            for (int p0 = 0; p0 < positions; p0 += bs) {
                int count = Math.min(bs, positions - p0);
                im2col(in, inB, offset, g, p0, count, col);
                java.util.Arrays.fill(acc, 0, count * outCh, 0);
                gemm(col, count, taps, w, outCh, acc);
                sink.store(b, p0, count, acc);
            }
        }
    }

    /** {@link #conv(byte[], int, int, Geometry, int[], int, BlockSink)} for int16 input. */
    static void conv(short[] in, int batches, Geometry g, int[] w, int outCh, BlockSink sink) {
        Scratch s = scratch();
        int taps = g.taps();
        int positions = g.positions();
        int bs = block(positions, taps, outCh);
        int[] col = s.col(bs * taps);
        int[] acc = s.acc(bs * outCh);
        for (int b = 0; b < batches; b++) {
            int inB = b * g.inY() * g.inX() * g.inCh();
            for (int p0 = 0; p0 < positions; p0 += bs) {
                int count = Math.min(bs, positions - p0);
                im2col(in, inB, g, p0, count, col);
                java.util.Arrays.fill(acc, 0, count * outCh, 0);
                gemm(col, count, taps, w, outCh, acc);
                sink.store(b, p0, count, acc);
            }
        }
    }

    /**
     * {@link #conv(byte[], int, int, Geometry, int[], int, BlockSink)} in float, runs of at most
     * {@code run} taps at a time (each run's sums are exact, see the class comment), weights
     * {@code wf} as floats {@code [outCh][taps]}: columns
     * {@code [tap][position]}, sums {@code [channel][position]}, two channels per pass.
     */
    private static void floatConv(byte[] in, int offset, int batches, Geometry g, float[] wf, int outCh, int run,
            BlockSink sink) {
        Scratch s = scratch();
        int taps = g.taps();
        int positions = g.positions();
        int bs = block(positions, taps, outCh);
        float[][] cols = s.columns(taps, bs);
        float[][] sums = s.sums(outCh, bs);
        int[] acc = s.acc(bs * outCh);
        int[] idx = s.run(run);
        for (int b = 0; b < batches; b++) {
            int inB = b * g.inY() * g.inX() * g.inCh();
            for (int p0 = 0; p0 < positions; p0 += bs) {
                int count = Math.min(bs, positions - p0);
                columns(in, inB, offset, g, p0, count, cols);
                for (int c0 = 0; c0 < taps; c0 += run) {
                    int n = Math.min(run, taps - c0);
                    for (int c = 0; c < n; c++) {
                        idx[c] = c0 + c;
                    }
                    for (int oc = 0; oc < outCh; oc += 2) {
                        float[] a = sums[oc];
                        java.util.Arrays.fill(a, 0, count, 0f);
                        if (oc + 1 < outCh) {
                            float[] d = sums[oc + 1];
                            java.util.Arrays.fill(d, 0, count, 0f);
                            Madd.pair(a, d, cols, idx, n, wf, oc * taps + c0, wf, (oc + 1) * taps + c0, count);
                        } else {
                            Madd.single(a, cols, idx, n, wf, oc * taps + c0, count);
                        }
                    }
                    for (int oc = 0; oc < outCh; oc++) {
                        float[] a = sums[oc];
                        if (c0 == 0) {
                            for (int j = 0, at = oc; j < count; j++, at += outCh) {
                                acc[at] = (int) a[j];
                            }
                        } else {
                            for (int j = 0, at = oc; j < count; j++, at += outCh) {
                                acc[at] += (int) a[j];
                            }
                        }
                    }
                }
                sink.store(b, p0, count, acc);
            }
        }
    }

    /** im2col transposed: cols[tap][j] for positions p0 + j, (x + offset) inside the image, 0 outside. */
    private static void columns(byte[] in, int inB, int offset, Geometry g, int p0, int count, float[][] cols) {
        int kCh = g.kCh();
        for (int j = 0; j < count; j++) {
            int p = p0 + j;
            int oy = p / g.outX();
            int ox = p - oy * g.outX();
            int baseY = oy * g.strideY() - g.padY();
            int baseX = ox * g.strideX() - g.padX();
            int k = 0;
            for (int ky = 0; ky < g.kY(); ky++) {
                int y = baseY + g.dilY() * ky;
                for (int kx = 0; kx < g.kX(); kx++) {
                    int x = baseX + g.dilX() * kx;
                    if (y < 0 || y >= g.inY() || x < 0 || x >= g.inX()) {
                        for (int ci = 0; ci < kCh; ci++) {
                            cols[k + ci][j] = 0f;
                        }
                    } else {
                        int src = inB + (y * g.inX() + x) * g.inCh() + g.chBase();
                        for (int ci = 0; ci < kCh; ci++) {
                            cols[k + ci][j] = in[src + ci] + offset;
                        }
                    }
                    k += kCh;
                }
            }
        }
    }
}
