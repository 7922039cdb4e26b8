package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LegacySoftmaxTest {
    @Test
    void q7ByHand() {
        // [3, 1, 0]: base = 3 - 8 = -5; weights 2^usat(x+5, 3) = 2^7 (8 clips to 7), 2^6, 2^5: sum 224
        // out_base = 2^20 / 224 = 4681; shifts 13 - 5 - x = 5, 7, 8 -> 146 (saturates to 127), 36, 18
        byte[] out = new byte[3];
        LegacySoftmax.softmaxQ7(new byte[] {3, 1, 0}, 3, out);
        assertThat(out).containsExactly(127, 36, 18);
    }

    @Test
    void q7CountsTheMaximumAtHalfItsWeight() {
        // [0, 0]: both weigh 2^7 in the sum (2^8 clipped) but the output shift treats them as 2^8:
        // 2^20 / 256 >> 5 = 128 -> 127 each, where a base-2 softmax would give 64 (0.5)
        byte[] out = new byte[2];
        LegacySoftmax.softmaxQ7(new byte[] {0, 0}, 2, out);
        assertThat(out).containsExactly(127, 127);
        // [0, -1, -2]: 2^7 + 2^7 + 2^6 = 320; 2^20 / 320 = 3276; >> 5, 6, 7 = 102, 51, 25
        out = new byte[3];
        LegacySoftmax.softmaxQ7(new byte[] {0, -1, -2}, 3, out);
        assertThat(out).containsExactly(102, 51, 25);
    }

    @Test
    void q7ValuesFarBelowTheMaximumWeighOne() {
        // 100 and 0: 0 <= base (92) weighs 1: sum 129; 2^20 / 129 = 8128; >> 5 = 254 -> 127; >> 31 = 0
        byte[] out = new byte[2];
        LegacySoftmax.softmaxQ7(new byte[] {100, 0}, 2, out);
        assertThat(out).containsExactly(127, 0);
    }

    @Test
    void batches() {
        byte[] out = new byte[6];
        LegacySoftmax.softmaxWithBatchQ7(new byte[] {3, 1, 0, 0, -1, -2}, 2, 3, out);
        assertThat(out).containsExactly(127, 36, 18, 102, 51, 25);
    }

    @Test
    void q15ByHand() {
        // [2, 0]: base = -14; weights 2^16 + 2^14 = 81920; 2^32 / 81920 = 52428;
        // shifts 17 - 14 - x = 1, 3 -> 26214 (0.8), 6553 (0.2)
        short[] out = new short[2];
        LegacySoftmax.softmaxQ15(new short[] {2, 0}, 2, out);
        assertThat(out).containsExactly(26214, 6553);
        // [0, -20]: -20 is not above base (-16): output 0, sum 2^16, 2^32 / 2^16 >> 1 = 32768 -> 32767
        LegacySoftmax.softmaxQ15(new short[] {0, -20}, 2, out);
        assertThat(out).containsExactly(32767, 0);
        // [0, 0]: 0.5 each, exactly
        LegacySoftmax.softmaxQ15(new short[] {0, 0}, 2, out);
        assertThat(out).containsExactly(16384, 16384);
    }
}
