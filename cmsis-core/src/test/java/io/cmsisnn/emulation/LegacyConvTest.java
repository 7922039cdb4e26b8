package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hand-worked convolutions in the guide's formats: input Q5.2, weight Q1.6, bias Q4.3, output Q3.4. */
class LegacyConvTest {
    // 3x3x1 input (Q5.2 raw):  4  8 -4 / 2 0 6 / -2 10 1   (1.0 2.0 -1.0 / 0.5 0 1.5 / -0.5 2.5 0.25)
    private static final byte[] IN = {4, 8, -4, 2, 0, 6, -2, 10, 1};
    // 2x2 kernel (Q1.6 raw): 32 16 / -16 64  (0.5 0.25 / -0.25 1.0)
    private static final byte[] WT = {32, 16, -16, 64};
    // bias 0.5 in Q4.3 = 4; << 5 = 128 (0.5 with 8 fractional bits)
    private static final byte[] BIAS = {4};

    @Test
    void basicConvolutionByHand() {
        // acc = 128 + 8 (round) + sum; out = acc >> 4
        // (0,0): 4*32 + 8*16 + 2*-16 + 0*64   = 224 -> 360 >> 4 = 22 (1.375)
        // (0,1): 8*32 - 4*16 + 0*-16 + 6*64   = 576 -> 712 >> 4 = 44 (2.75)
        // (1,0): 2*32 + 0*16 - 2*-16 + 10*64  = 736 -> 872 >> 4 = 54 (3.375)
        // (1,1): 0*32 + 6*16 + 10*-16 + 1*64  =   0 -> 136 >> 4 =  8 (0.5)
        byte[] out = new byte[4];
        int status = LegacyConv.convolveHwcQ7Basic(IN, 3, 1, WT, 1, 2, 0, 1, BIAS, 5, 4, out, 2, false);
        assertThat(status).isEqualTo(LegacyArith.ARM_MATH_SUCCESS);
        assertThat(out).containsExactly(22, 44, 54, 8);
        // each real result is exact in Q3.4, so flooring instead of rounding gives the same
        LegacyConv.convolveHwcQ7Basic(IN, 3, 1, WT, 1, 2, 0, 1, BIAS, 5, 4, out, 2, true);
        assertThat(out).containsExactly(22, 44, 54, 8);
    }

    @Test
    void paddingContributesNothing() {
        // pad 1, stride 2, 2x2 kernel: output (0,0) sees only input (0,0) under weight (1,1):
        // 4 * 64 = 256 -> 256 + 136 = 392 >> 4 = 24 (1.0 + 0.5)
        byte[] out = new byte[4];
        LegacyConv.convolveHwcQ7Basic(IN, 3, 1, WT, 1, 2, 1, 2, BIAS, 5, 4, out, 2, false);
        assertThat(out[0]).isEqualTo((byte) 24);
        // output (1,1) covers rows/cols 1..2 fully: 0*32 + 6*16 + 10*-16 + 1*64 = 0 -> 8
        assertThat(out[3]).isEqualTo((byte) 8);
    }

    @Test
    void fastVariantsRejectChannelCountsAndLeaveOutputAlone() {
        byte[] out = new byte[4];
        Arrays.fill(out, (byte) 99);
        assertThat(LegacyConv.convolveHwcQ7Fast(IN, 3, 1, WT, 1, 2, 0, 1, BIAS, 5, 4, out, 2, false))
                .isEqualTo(LegacyArith.ARM_MATH_SIZE_MISMATCH);
        assertThat(LegacyConv.convolveHwcQ7Rgb(IN, 3, 1, WT, 1, 2, 0, 1, BIAS, 5, 4, out, 2, false))
                .isEqualTo(LegacyArith.ARM_MATH_SIZE_MISMATCH);
        // channels fine, but stride 2 is not allowed for the 1x1 form
        assertThat(LegacyConv.convolve1x1HwcQ7FastNonsquare(IN, 3, 3, 4, WT, 2, 1, 1, 0, 0, 2, 1, BIAS, 5, 4, out,
                1, 1, false)).isEqualTo(LegacyArith.ARM_MATH_SIZE_MISMATCH);
        assertThat(out).containsOnly(99);
    }

    @Test
    void q15FastChecksEvenOutputOnlyOnDsp() {
        short[] in = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}; // 3x3x2
        short[] wt = {1, 0, 0, 1}; // 2 filters of 1x1x2: picks channel 0, channel 1
        short[] bias = {0, 0};
        short[] out = new short[18];
        assertThat(LegacyConvQ15.convolveHwcQ15Fast(in, 3, 2, wt, 2, 1, 0, 1, bias, 0, 0, out, 3, false, false))
                .isEqualTo(LegacyArith.ARM_MATH_SUCCESS);
        assertThat(out).containsExactly(in);
        assertThat(LegacyConvQ15.convolveHwcQ15Fast(in, 3, 2, wt, 2, 1, 0, 1, bias, 0, 0, out, 3, true, false))
                .isEqualTo(LegacyArith.ARM_MATH_SIZE_MISMATCH);
    }

    @Test
    void depthwiseByHand() {
        // 2x2x2 input, 2x2 kernel, no padding: one output pixel per channel
        byte[] in = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] wt = {1, -1, 2, -2, 3, -3, 4, -4}; // [ky][kx][ch]
        byte[] bias = {1, 1};
        byte[] out = new byte[2];
        // ch0: 1*1 + 3*2 + 5*3 + 7*4 = 50;  + (1 << 2) + 1 = 55 >> 1 = 27
        // ch1: -(2*1 + 4*2 + 6*3 + 8*4) = -60; + 5 = -55 >> 1 = -28 (floor of -27.5)
        assertThat(LegacyDepthwise.depthwiseSeparableConvHwcQ7(in, 2, 2, wt, 2, 2, 0, 1, bias, 2, 1, out, 1, false))
                .isEqualTo(LegacyArith.ARM_MATH_SUCCESS);
        assertThat(out).containsExactly(27, -28);
        assertThat(LegacyDepthwise.depthwiseSeparableConvHwcQ7(in, 2, 2, wt, 4, 2, 0, 1, bias, 2, 1, out, 1, false))
                .isEqualTo(LegacyArith.ARM_MATH_SIZE_MISMATCH);
    }
}
