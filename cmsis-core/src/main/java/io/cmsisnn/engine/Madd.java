package io.cmsisnn.engine;

/**
 * The multiply-add loops of {@link ConvKernel} and {@link DenseKernel}. Each adds to every element
 * of one or two accumulator arrays a run of products, in the run's order, one term after the
 * other: {@code a[p] = ((a[p] + r0[p]*s0) + r1[p]*s1) + ...}. The loops run over the elements
 * (output positions or output channels), so C2 vectorizes them across elements while each element
 * keeps exactly its own sequence of float adds: the same bits as a scalar loop over the run.
 *
 * <p>The loop shapes are the ones C2 on JDK 17 turns into AVX-512 code (measured): plain
 * {@code [p]} indexing of distinct arrays (an index offset or two views of one array stop the
 * vectorizer) and small bodies: two accumulators by two terms, or one accumulator by four terms.
 */
public final class Madd {
    private Madd() {
    }

    /**
     * For p in [0, n): a[p] += rows[idx[c]][p] * sa[saOff + c] and b[p] += rows[idx[c]][p] * sb[sbOff + c]
     * for c = 0, 1, ..., count-1 in that order.
     */
    public static void pair(float[] a, float[] b, float[][] rows, int[] idx, int count, float[] sa, int saOff, float[] sb,
                     int sbOff, int n) {
        pair(a, b, rows, idx, count, sa, saOff, sb, sbOff, 0, n);
    }

    /** {@link #pair} for p in [from, to) only. */
    public static void pair(float[] a, float[] b, float[][] rows, int[] idx, int count, float[] sa, int saOff, float[] sb,
                     int sbOff, int from, int to) {
        int c = 0;
        for (; c + 2 <= count; c += 2) {
            m2t2(a, b, rows[idx[c]], rows[idx[c + 1]], sa[saOff + c], sa[saOff + c + 1], sb[sbOff + c],
                    sb[sbOff + c + 1], from, to);
        }
        if (c < count) {
            m2t1(a, b, rows[idx[c]], sa[saOff + c], sb[sbOff + c], from, to);
        }
    }

    /** For p in [0, n): a[p] += rows[idx[c]][p] * s[sOff + c] for c = 0, 1, ..., count-1 in that order. */
    public static void single(float[] a, float[][] rows, int[] idx, int count, float[] s, int sOff, int n) {
        single(a, rows, idx, count, s, sOff, 0, n);
    }

    /** {@link #single} for p in [from, to) only. */
    public static void single(float[] a, float[][] rows, int[] idx, int count, float[] s, int sOff, int from, int to) {
        int c = 0;
        for (; c + 4 <= count; c += 4) {
            m1t4(a, rows[idx[c]], rows[idx[c + 1]], rows[idx[c + 2]], rows[idx[c + 3]], s[sOff + c], s[sOff + c + 1],
                    s[sOff + c + 2], s[sOff + c + 3], from, to);
        }
        for (; c < count; c++) {
            m1t1(a, rows[idx[c]], s[sOff + c], from, to);
        }
    }

    private static void m2t2(float[] a, float[] b, float[] r0, float[] r1, float a0, float a1, float b0, float b1,
                             int from, int to) {
        for (int p = from; p < to; p++) {
            float v0 = r0[p];
            float v1 = r1[p];
            a[p] = (a[p] + v0 * a0) + v1 * a1;
            b[p] = (b[p] + v0 * b0) + v1 * b1;
        }
    }

    private static void m2t1(float[] a, float[] b, float[] r0, float a0, float b0, int from, int to) {
        for (int p = from; p < to; p++) {
            float v0 = r0[p];
            a[p] = a[p] + v0 * a0;
            b[p] = b[p] + v0 * b0;
        }
    }

    private static void m1t4(float[] a, float[] r0, float[] r1, float[] r2, float[] r3, float s0, float s1, float s2,
                             float s3, int from, int to) {
        for (int p = from; p < to; p++) {
            a[p] = (((a[p] + r0[p] * s0) + r1[p] * s1) + r2[p] * s2) + r3[p] * s3;
        }
    }

    private static void m1t1(float[] a, float[] r0, float s0, int from, int to) {
        for (int p = from; p < to; p++) {
            a[p] = a[p] + r0[p] * s0;
        }
    }
}
