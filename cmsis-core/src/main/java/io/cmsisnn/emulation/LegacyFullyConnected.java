package io.cmsisnn.emulation;

import static io.cmsisnn.emulation.LegacyArith.ARM_MATH_SUCCESS;
import static io.cmsisnn.quant.FcWeightOrder.index;

import io.cmsisnn.quant.FcWeightOrder.Layout;

/**
 * The legacy fully-connected layers, weights [numOfRows][dimVec]. The {@code _opt} forms read the
 * weights in a 4-row interleaved order made by {@link #interleaveQ7Opt}, {@link #interleaveQ15Opt} or
 * {@link #interleaveMatQ7VecQ15Opt} (the reference and DSP paths read the same order). Sums wrap at
 * 32 bits, as upstream's do (q15 inputs overflow them easily).
 */
public final class LegacyFullyConnected {
    private LegacyFullyConnected() {
    }

    public static int fullyConnectedQ7(byte[] pV, byte[] pM, int dimVec, int numOfRows, int biasShift,
            int outShift, byte[] bias, byte[] pOut, boolean truncate) {
        return q7(pV, pM, dimVec, numOfRows, biasShift, outShift, bias, pOut, truncate, Layout.ROW_MAJOR);
    }

    public static int fullyConnectedQ7Opt(byte[] pV, byte[] pM, int dimVec, int numOfRows, int biasShift,
            int outShift, byte[] bias, byte[] pOut, boolean truncate) {
        return q7(pV, pM, dimVec, numOfRows, biasShift, outShift, bias, pOut, truncate, Layout.Q7_OPT);
    }

    public static int fullyConnectedQ15(short[] pV, short[] pM, int dimVec, int numOfRows, int biasShift,
            int outShift, short[] bias, short[] pOut, boolean truncate) {
        return q15(pV, pM, dimVec, numOfRows, biasShift, outShift, bias, pOut, truncate, Layout.ROW_MAJOR);
    }

    public static int fullyConnectedQ15Opt(short[] pV, short[] pM, int dimVec, int numOfRows, int biasShift,
            int outShift, short[] bias, short[] pOut, boolean truncate) {
        return q15(pV, pM, dimVec, numOfRows, biasShift, outShift, bias, pOut, truncate, Layout.Q15_OPT);
    }

    /** q15 vector, q7 weights and bias, q15 output. */
    public static int fullyConnectedMatQ7VecQ15(short[] pV, byte[] pM, int dimVec, int numOfRows, int biasShift,
            int outShift, byte[] bias, short[] pOut, boolean truncate) {
        return matQ7VecQ15(pV, pM, dimVec, numOfRows, biasShift, outShift, bias, pOut, truncate,
                Layout.ROW_MAJOR);
    }

    public static int fullyConnectedMatQ7VecQ15Opt(short[] pV, byte[] pM, int dimVec, int numOfRows,
            int biasShift, int outShift, byte[] bias, short[] pOut, boolean truncate) {
        return matQ7VecQ15(pV, pM, dimVec, numOfRows, biasShift, outShift, bias, pOut, truncate,
                Layout.MAT_Q7_VEC_Q15_OPT);
    }

    /** Row-major [rows][cols] q7 weights to the order arm_fully_connected_q7_opt reads. */
    public static byte[] interleaveQ7Opt(byte[] weights, int rows, int cols) {
        byte[] out = new byte[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[index(Layout.Q7_OPT, rows, cols, r, c)] = weights[r * cols + c];
            }
        }
        return out;
    }

    /** Row-major [rows][cols] q15 weights to the order arm_fully_connected_q15_opt reads. */
    public static short[] interleaveQ15Opt(short[] weights, int rows, int cols) {
        short[] out = new short[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[index(Layout.Q15_OPT, rows, cols, r, c)] = weights[r * cols + c];
            }
        }
        return out;
    }

    /** Row-major [rows][cols] q7 weights to the order arm_fully_connected_mat_q7_vec_q15_opt reads. */
    public static byte[] interleaveMatQ7VecQ15Opt(byte[] weights, int rows, int cols) {
        byte[] out = new byte[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[index(Layout.MAT_Q7_VEC_Q15_OPT, rows, cols, r, c)] = weights[r * cols + c];
            }
        }
        return out;
    }

    /** Weights in {@code layout} as row-major [rows][cols] ints, for the {@code *RowMajor} paths. */
    static int[] rowMajorInts(int[] weights, int rows, int cols, Layout layout) {
        int[] out = new int[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = weights[index(layout, rows, cols, r, c)];
            }
        }
        return out;
    }

    private static int q7(byte[] v, byte[] w, int dimVec, int rows, int biasShift, int outShift, byte[] bias,
            byte[] out, boolean truncate, Layout layout) {
        int[] wide = IntDot.scratch().weights(rows * dimVec);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < dimVec; c++) {
                wide[r * dimVec + c] = w[index(layout, rows, dimVec, r, c)];
            }
        }
        return q7RowMajor(v, wide, dimVec, rows, biasShift, outShift, bias, out, truncate);
    }

    /** The q7 layer with the weights as row-major ints ({@link #rowMajorInts}). */
    static int q7RowMajor(byte[] v, int[] w, int dimVec, int rows, int biasShift, int outShift, byte[] bias,
            byte[] out, boolean truncate) {
        IntDot.Scratch s = IntDot.scratch();
        int[] x = s.vec(dimVec);
        for (int c = 0; c < dimVec; c++) {
            x[c] = v[c];
        }
        int[] acc = s.acc(rows);
        IntDot.matVec(x, dimVec, w, rows, null, acc);
        for (int r = 0; r < rows; r++) {
            out[r] = LegacyArith.outQ7(acc[r] + LegacyArith.accInit(bias[r], biasShift, outShift, truncate), outShift);
        }
        return ARM_MATH_SUCCESS;
    }

    private static int q15(short[] v, short[] w, int dimVec, int rows, int biasShift, int outShift, short[] bias,
            short[] out, boolean truncate, Layout layout) {
        int[] wide = IntDot.scratch().weights(rows * dimVec);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < dimVec; c++) {
                wide[r * dimVec + c] = w[index(layout, rows, dimVec, r, c)];
            }
        }
        return q15RowMajor(v, wide, dimVec, rows, biasShift, outShift, bias, out, truncate);
    }

    /** The q15 layer with the weights as row-major ints ({@link #rowMajorInts}). */
    static int q15RowMajor(short[] v, int[] w, int dimVec, int rows, int biasShift, int outShift, short[] bias,
            short[] out, boolean truncate) {
        IntDot.Scratch s = IntDot.scratch();
        int[] x = s.vec(dimVec);
        for (int c = 0; c < dimVec; c++) {
            x[c] = v[c];
        }
        int[] acc = s.acc(rows);
        IntDot.matVec(x, dimVec, w, rows, null, acc);
        for (int r = 0; r < rows; r++) {
            out[r] = LegacyArith.outQ15(acc[r] + LegacyArith.accInit(bias[r], biasShift, outShift, truncate), outShift);
        }
        return ARM_MATH_SUCCESS;
    }

    private static int matQ7VecQ15(short[] v, byte[] w, int dimVec, int rows, int biasShift, int outShift,
            byte[] bias, short[] out, boolean truncate, Layout layout) {
        int[] wide = IntDot.scratch().weights(rows * dimVec);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < dimVec; c++) {
                wide[r * dimVec + c] = w[index(layout, rows, dimVec, r, c)];
            }
        }
        IntDot.Scratch s = IntDot.scratch();
        int[] x = s.vec(dimVec);
        for (int c = 0; c < dimVec; c++) {
            x[c] = v[c];
        }
        int[] acc = s.acc(rows);
        IntDot.matVec(x, dimVec, wide, rows, null, acc);
        for (int r = 0; r < rows; r++) {
            out[r] = LegacyArith.outQ15(acc[r] + LegacyArith.accInit(bias[r], biasShift, outShift, truncate), outShift);
        }
        return ARM_MATH_SUCCESS;
    }
}
