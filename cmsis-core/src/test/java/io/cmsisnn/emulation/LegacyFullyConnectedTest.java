package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LegacyFullyConnectedTest {
    @Test
    void guideFormatsByHand() {
        // x = [1.5, -2.25] in Q5.2 = [6, -9]; W = [[0.5, 0.25], [-1.0, 0.75]] in Q1.6;
        // b = [0.625, -1.5] in Q4.3 = [5, -12]; output Q3.4, bias_shift 5, out_shift 4
        byte[] v = {6, -9};
        byte[] w = {32, 16, -64, 48};
        byte[] b = {5, -12};
        byte[] out = new byte[2];
        // row 0: 160 + 8 + (192 - 144) = 216 >> 4 = 13   (0.8125 exactly)
        // row 1: -384 + 8 + (-384 - 432) = -1192 >> 4 = -75 (-4.6875 exactly; floor of -74.5)
        LegacyFullyConnected.fullyConnectedQ7(v, w, 2, 2, 5, 4, b, out, false);
        assertThat(out).containsExactly(13, -75);
    }

    @Test
    void saturatesAtTheWordLimits() {
        byte[] v = {127, 127};
        byte[] w = {127, 127, -128, 127};
        byte[] out = new byte[2];
        // 2 * 127 * 127 = 32258 -> 127; -128*127 + 127*127 = -127 -> -127
        LegacyFullyConnected.fullyConnectedQ7(v, w, 2, 2, 0, 0, new byte[2], out, false);
        assertThat(out).containsExactly(127, -127);
        short[] out15 = new short[1];
        LegacyFullyConnected.fullyConnectedQ15(new short[] {32767, 32767}, new short[] {32767, 32767}, 2, 1, 0, 0,
                new short[1], out15, false);
        assertThat(out15).containsExactly(32767);
        LegacyFullyConnected.fullyConnectedQ15(new short[] {-32768}, new short[] {32767}, 1, 1, 0, 0, new short[1],
                out15, false);
        assertThat(out15).containsExactly(-32768);
    }

    @Test
    void q15SumWrapsLikeTheCAccumulator() {
        // three products of 2^30 make 3 * 2^30, which wraps to -2^30 in 32 bits; >> 16 = -16384
        short[] v = {-32768, -32768, -32768};
        short[] out = new short[1];
        LegacyFullyConnected.fullyConnectedQ15(v, v, 3, 1, 0, 16, new short[1], out, false);
        assertThat(out).containsExactly(-16384); // not the 32767 that exact arithmetic would saturate to
    }

    @Test
    void interleavedOrders() {
        byte[] w = new byte[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                w[r * 4 + c] = (byte) (10 * r + c);
            }
        }
        assertThat(LegacyFullyConnected.interleaveQ7Opt(w, 4, 4))
                .containsExactly(0, 10, 2, 12, 20, 30, 22, 32, 1, 11, 3, 13, 21, 31, 23, 33);
        byte[] w8 = {0, 1, 10, 11, 20, 21, 30, 31}; // 4 rows x 2 cols
        assertThat(LegacyFullyConnected.interleaveMatQ7VecQ15Opt(w8, 4, 2)).containsExactly(0, 10, 1, 11, 20, 30, 21, 31);
        assertThat(LegacyFullyConnected.interleaveQ15Opt(new short[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2))
                .containsExactly(0, 1, 10, 11, 20, 21, 30, 31);
        // 5 x 5: one group, one block of 4 columns, then column 4 as r0..r3, then row 4 as is
        byte[] w25 = new byte[25];
        for (int i = 0; i < 25; i++) {
            w25[i] = (byte) (10 * (i / 5) + i % 5);
        }
        byte[] x = LegacyFullyConnected.interleaveQ7Opt(w25, 5, 5);
        assertThat(java.util.Arrays.copyOfRange(x, 16, 25)).containsExactly(4, 14, 24, 34, 40, 41, 42, 43, 44);
    }

    @Test
    void optFormsOnInterleavedWeightsEqualBasicForms() {
        Random rnd = new Random(5);
        for (int n = 0; n < 50; n++) {
            int cols = 1 + rnd.nextInt(23);
            int rows = 1 + rnd.nextInt(11);
            byte[] w = new byte[rows * cols];
            rnd.nextBytes(w);
            byte[] v = new byte[cols];
            rnd.nextBytes(v);
            byte[] b = new byte[rows];
            rnd.nextBytes(b);
            byte[] basic = new byte[rows];
            byte[] opt = new byte[rows];
            LegacyFullyConnected.fullyConnectedQ7(v, w, cols, rows, 2, 9, b, basic, false);
            LegacyFullyConnected.fullyConnectedQ7Opt(v, LegacyFullyConnected.interleaveQ7Opt(w, rows, cols), cols, rows,
                    2, 9, b, opt, false);
            assertThat(opt).containsExactly(basic);

            short[] v15 = new short[cols];
            short[] w15 = new short[rows * cols];
            short[] b15 = new short[rows];
            for (int i = 0; i < w15.length; i++) {
                w15[i] = (short) rnd.nextInt();
            }
            for (int i = 0; i < cols; i++) {
                v15[i] = (short) rnd.nextInt();
            }
            short[] basic15 = new short[rows];
            short[] opt15 = new short[rows];
            LegacyFullyConnected.fullyConnectedQ15(v15, w15, cols, rows, 3, 17, b15, basic15, false);
            LegacyFullyConnected.fullyConnectedQ15Opt(v15, LegacyFullyConnected.interleaveQ15Opt(w15, rows, cols), cols,
                    rows, 3, 17, b15, opt15, false);
            assertThat(opt15).containsExactly(basic15);
            LegacyFullyConnected.fullyConnectedMatQ7VecQ15(v15, w, cols, rows, 3, 12, b, basic15, false);
            LegacyFullyConnected.fullyConnectedMatQ7VecQ15Opt(v15,
                    LegacyFullyConnected.interleaveMatQ7VecQ15Opt(w, rows, cols), cols, rows, 3, 12, b, opt15, false);
            assertThat(opt15).containsExactly(basic15);
        }
    }
}
