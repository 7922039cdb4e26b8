package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hand-worked pooling, including the cases where upstream's DSP path gives other results. */
class LegacyPoolTest {
    @Test
    void averageTruncatesTowardZero() {
        byte[] out = new byte[1];
        LegacyPool.avepoolQ7Hwc(new byte[] {1, 2, 3, 5}, 2, 1, 2, 0, 2, 1, out, false);
        assertThat(out).containsExactly(2); // 11 / 4
        LegacyPool.avepoolQ7Hwc(new byte[] {-1, -2, -3, -5}, 2, 1, 2, 0, 2, 1, out, false);
        assertThat(out).containsExactly(-2); // -11 / 4 truncates to -2, not floor -3
    }

    @Test
    void dspAverageTruncatesTwice() {
        // 2x2 window over 1 2 / 2 3: plain C 8 / 4 = 2;
        // DSP: rows first, 3 / 2 = 1 and 5 / 2 = 2, then (1 + 2) / 2 = 1
        byte[] out = new byte[1];
        LegacyPool.avepoolQ7Hwc(new byte[] {1, 2, 2, 3}, 2, 1, 2, 0, 2, 1, out, false);
        assertThat(out).containsExactly(2);
        byte[] in = {1, 2, 2, 3};
        LegacyPool.avepoolQ7Hwc(in, 2, 1, 2, 0, 2, 1, out, true);
        assertThat(out).containsExactly(1);
    }

    @Test
    void dspMaxWithPaddingAboveStrideStartsAtTheOutputColumn() {
        // k 4, pad 3, stride 2 on a 4x4 image whose rows are all 9 1 2 3.
        // Plain C, column windows: [-3,1) [-1,3) [1,5) [3,7) -> 9 9 3 3.
        // DSP x pass: output 1's window start -1 becomes column 1 (not 0), so it reads 1 2 -> 2.
        byte[] plain = maxpool(new byte[] {9, 1, 2, 3}, 4, 3, 2, 4, false);
        byte[] dsp = maxpool(new byte[] {9, 1, 2, 3}, 4, 3, 2, 4, true);
        assertThat(row(plain, 0)).containsExactly(9, 9, 3, 3);
        assertThat(row(dsp, 0)).containsExactly(9, 2, 3, 3);
    }

    @Test
    void dspMaxStrideOnePaddingOneReadsOverwrittenColumns() {
        // 3x3 'same' max pooling, stride 1, pad 1, rows 9 1 2 3.
        // Plain C: windows [0,2) [0,3) [1,4) [2,4) -> 9 9 3 3.
        // DSP x pass in place: output 1 lands on column 1 (9); output 2's window starts at column 1,
        // which now holds 9 -> 9; likewise output 3 -> 9. The maximum smears to the right.
        byte[] plain = maxpool(new byte[] {9, 1, 2, 3}, 3, 1, 1, 4, false);
        byte[] dsp = maxpool(new byte[] {9, 1, 2, 3}, 3, 1, 1, 4, true);
        assertThat(row(plain, 0)).containsExactly(9, 9, 3, 3);
        assertThat(row(dsp, 0)).containsExactly(9, 9, 9, 9);
        byte[] in = {9, 1, 2, 3, 9, 1, 2, 3, 9, 1, 2, 3, 9, 1, 2, 3};
        LegacyPool.maxpoolQ7Hwc(in, 4, 1, 3, 1, 1, 4, new byte[16], true);
        assertThat(in).as("the DSP form leaves the x-pooled rows in the input").containsOnly(9);
    }

    @Test
    void commonShapesAgreeOnBothPaths() {
        // 2x2 stride 2 and 3x3 stride 2 pad 1 read no overwritten column
        byte[] in = new byte[36];
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (i * 37 % 251 - 120);
        }
        for (int[] s : new int[][] {{2, 0, 2, 3}, {3, 1, 2, 3}}) {
            byte[] a = new byte[9];
            byte[] b = new byte[9];
            LegacyPool.maxpoolQ7Hwc(in.clone(), 6, 1, s[0], s[1], s[2], s[3], a, false);
            LegacyPool.maxpoolQ7Hwc(in.clone(), 6, 1, s[0], s[1], s[2], s[3], b, true);
            assertThat(b).containsExactly(a);
        }
    }

    @Test
    void emptyWindows() {
        // pad >= kernel: output 0 sees only padding. Plain C gives (q7_t)-129 = 127 for max and 0 for
        // average (upstream would divide by zero)
        byte[] max = new byte[9];
        LegacyPool.maxpoolQ7Hwc(new byte[] {5}, 1, 1, 1, 1, 1, 3, max, false);
        assertThat(max[0]).isEqualTo((byte) 127);
        assertThat(max[4]).isEqualTo((byte) 5);
        byte[] avg = new byte[9];
        LegacyPool.avepoolQ7Hwc(new byte[] {5}, 1, 1, 1, 1, 1, 3, avg, false);
        assertThat(avg[0]).isZero();
    }

    private static byte[] maxpool(byte[] rowValues, int k, int pad, int stride, int dimOut, boolean dsp) {
        int dim = rowValues.length;
        byte[] in = new byte[dim * dim];
        for (int y = 0; y < dim; y++) {
            System.arraycopy(rowValues, 0, in, y * dim, dim);
        }
        byte[] out = new byte[dimOut * dimOut];
        LegacyPool.maxpoolQ7Hwc(in, dim, 1, k, pad, stride, dimOut, out, dsp);
        return out;
    }

    private static byte[] row(byte[] image, int y) {
        int dim = (int) Math.sqrt(image.length);
        return java.util.Arrays.copyOfRange(image, y * dim, y * dim + dim);
    }
}
