package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LegacyArithTest {
    @Test
    void guideExampleShifts() {
        // input Q5.2, weight Q1.6 -> products Q6.8 (8 fractional bits)
        // bias Q4.3: shift left 8 - 3 = 5; output Q3.4: shift right 8 - 4 = 4
        assertThat(LegacyArith.biasShift(2, 6, 3)).isEqualTo(5);
        assertThat(LegacyArith.outShift(2, 6, 4)).isEqualTo(4);
    }

    @Test
    void roundingConstantIsHalfAnOutputLsb() {
        assertThat(LegacyArith.nnRound(0, false)).isZero(); // (1 << 0) >> 1
        assertThat(LegacyArith.nnRound(1, false)).isEqualTo(1);
        assertThat(LegacyArith.nnRound(4, false)).isEqualTo(8);
        // (1 << 31) is INT_MIN in C's int, and >> 1 keeps the sign
        assertThat(LegacyArith.nnRound(31, false)).isEqualTo(-(1 << 30));
        assertThat(LegacyArith.nnRound(4, true)).isZero();
    }

    @Test
    void roundsHalfUpAndFloorsWhenTruncating() {
        // 24 / 16 = 1.5 and -24 / 16 = -1.5: +8 then >> 4 rounds both up
        assertThat(LegacyArith.outQ7(24 + LegacyArith.nnRound(4, false), 4)).isEqualTo((byte) 2);
        assertThat(LegacyArith.outQ7(-24 + LegacyArith.nnRound(4, false), 4)).isEqualTo((byte) -1);
        assertThat(LegacyArith.outQ7(24, 4)).isEqualTo((byte) 1);
        assertThat(LegacyArith.outQ7(-24, 4)).isEqualTo((byte) -2);
    }

    @Test
    void negativeBiasShiftsLeftLikeTwosComplement() {
        assertThat(LegacyArith.accInit(-3, 4, 0, false)).isEqualTo(-48);
        assertThat(LegacyArith.accInit(-128, 5, 4, false)).isEqualTo(-4096 + 8);
    }

    @Test
    void saturates() {
        assertThat(LegacyArith.outQ7(1 << 20, 0)).isEqualTo((byte) 127);
        assertThat(LegacyArith.outQ7(-(1 << 20), 0)).isEqualTo((byte) -128);
        assertThat(LegacyArith.outQ15(1 << 20, 0)).isEqualTo((short) 32767);
        assertThat(LegacyArith.outQ15(-(1 << 20), 0)).isEqualTo((short) -32768);
        assertThat(LegacyArith.usat(8, 3)).isEqualTo(7);
        assertThat(LegacyArith.usat(-1, 3)).isZero();
    }
}
