package io.cmsisnn.quant;

/**
 * The weight orders of the legacy fully-connected functions. Row-major [rows][cols] for the plain
 * forms; the {@code _opt} forms read rows in groups of four, interleaved so that one 32-bit load
 * feeds two multiply-accumulates.
 */
public final class FcWeightOrder {
    /** Which {@code _opt} weight order: arm_fully_connected_q7_opt, _q15_opt, _mat_q7_vec_q15_opt. */
    public enum Layout {
        ROW_MAJOR, Q7_OPT, Q15_OPT, MAT_Q7_VEC_Q15_OPT
    }

    private FcWeightOrder() {
    }

    /** Row-major [rows][cols] values to the given order. */
    public static int[] interleave(int[] weights, int rows, int cols, Layout layout) {
        int[] out = new int[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[index(layout, rows, cols, r, c)] = weights[r * cols + c];
            }
        }
        return out;
    }

    /**
     * Where weight (r, c) sits in the given order. Rows go in groups of four; inside a group, columns
     * go in blocks of 4 (q7_opt) or 2 (the others) stored as a fixed pattern of (row, column) pairs;
     * columns after the last whole block follow as r0, r1, r2, r3 per column; rows after the last whole
     * group follow in plain row-major order.
     */
    public static int index(Layout layout, int rows, int cols, int r, int c) {
        int grouped = rows / 4 * 4;
        if (layout == Layout.ROW_MAJOR || r >= grouped) {
            return r * cols + c;
        }
        int blockCols = layout == Layout.Q7_OPT ? 4 : 2;
        int blocks = cols / blockCols;
        int rr = r % 4;
        int base = r / 4 * 4 * cols;
        if (c >= blocks * blockCols) {
            return base + blocks * 4 * blockCols + (c - blocks * blockCols) * 4 + rr;
        }
        int cc = c % blockCols;
        int pos;
        switch (layout) {
            case Q7_OPT:
                // [r0c0 r1c0 r0c2 r1c2 r2c0 r3c0 r2c2 r3c2 | the same for columns 1 and 3]
                pos = (cc & 1) * 8 + (rr >> 1) * 4 + (cc >> 1) * 2 + (rr & 1);
                break;
            case Q15_OPT:
                // [r0c0 r0c1 r1c0 r1c1 r2c0 r2c1 r3c0 r3c1]
                pos = rr * 2 + cc;
                break;
            default:
                // [r0c0 r1c0 r0c1 r1c1 r2c0 r3c0 r2c1 r3c1]
                pos = (rr >> 1) * 4 + cc * 2 + (rr & 1);
                break;
        }
        return base + c / blockCols * 4 * blockCols + pos;
    }
}
