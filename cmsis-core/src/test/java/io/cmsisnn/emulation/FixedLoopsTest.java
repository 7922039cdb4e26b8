package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Hand-derived cases for {@link FixedLoops}; every expected number is worked out in the comments.
 * HWC layout throughout. "half up" means (x + 2^(s-1)) >> s, i.e. floor(x / 2^s + 0.5).
 */
class FixedLoopsTest {

    // ---- conv -------------------------------------------------------------------------------------

    @Test
    void convPadsTopLeftAndRoundsWithBias() {
        // in 2x2x1 = [[1, 2], [3, 4]]; w 2x2 = [[1, -1], [2, 1]]; bias 3 << 1 = 6; out_shift 2, round 2
        // so acc starts at 8. pad_top = pad_left = 1, stride 1, out 2x2: input (iy, ix) = (oy-1+ky, ox-1+kx).
        // (0,0): only ky=kx=1 -> in(0,0)*w(1,1) = 1            -> (8 + 1) >> 2  = 2
        // (0,1): ky=1: in(0,0)*w(1,0) + in(0,1)*w(1,1) = 2 + 2 -> (8 + 4) >> 2  = 3
        // (1,0): kx=1: in(0,0)*w(0,1) + in(1,0)*w(1,1) = -1 + 3 -> (8 + 2) >> 2 = 2
        // (1,1): 1*1 + 2*(-1) + 3*2 + 4*1 = 9                   -> (8 + 9) >> 2 = 4
        int[] out = new int[4];
        FixedLoops.conv(new int[] {1, 2, 3, 4}, 2, 2, 1, new int[] {1, -1, 2, 1}, new int[] {3}, 1, 2, 2, 1, 1, 1, 1,
                1, 1, 1, 1, 2, out, 2, 2, 8);
        assertThat(out).containsExactly(2, 3, 2, 4);
    }

    @Test
    void convRoundsNegativeHalfUpAndSaturatesQ7() {
        // 1x3 image, 1 input channel, 1x1 kernel, 2 output channels: w = [5, 127], bias 0, out_shift 2 (+2).
        // x=-3:   oc0 (-15 + 2) >> 2 = -13 >> 2 = -4 (-3.75 -> -4); oc1 (-381 + 2) >> 2 = -95 (-95.25)
        // x=100:  oc0 (500 + 2) >> 2 = 125;                    oc1 (12700 + 2) >> 2 = 3175 -> 127
        // x=-128: oc0 (-640 + 2) >> 2 = -160 -> -128;          oc1 (-16256 + 2) >> 2 = -4064 -> -128
        int[] out = new int[6];
        FixedLoops.conv(new int[] {-3, 100, -128}, 1, 3, 1, new int[] {5, 127}, new int[] {0, 0}, 2, 1, 1, 1, 1, 1, 1,
                0, 0, 1, 0, 2, out, 1, 3, 8);
        assertThat(out).containsExactly(-4, -95, 125, 127, -128, -128);
    }

    @Test
    void convOneDimensionalWithGroupsDilationAndStride() {
        // 1x5 image, 2 channels: (1,10) (2,20) (3,30) (4,40) (5,50); groups 2, out_c 2 so oc0 reads
        // channel 0 and oc1 channel 1. k 1x2, dilation 2 (taps x and x+2), stride 2: out_w = (5-3)/2+1 = 2.
        // w[oc][0][kx][0]: oc0 = [1, 2], oc1 = [-1, 1]; no bias, no shifts.
        // ox=0 (x 0, 2): oc0 = 1*1 + 3*2 = 7;  oc1 = -10 + 30 = 20
        // ox=1 (x 2, 4): oc0 = 3*1 + 5*2 = 13; oc1 = -30 + 50 = 20
        int[] out = new int[4];
        FixedLoops.conv(new int[] {1, 10, 2, 20, 3, 30, 4, 40, 5, 50}, 1, 5, 2, new int[] {1, 2, -1, 1}, null, 2, 1, 2,
                1, 2, 1, 2, 0, 0, 2, 0, 0, out, 1, 2, 8);
        assertThat(out).containsExactly(7, 20, 13, 20);
    }

    @Test
    void convQ15SumsChannelsAndWrapsLikeC() {
        // 1x1 image, channels [1000, -2000], w [30, 20], bias -1 << 10 = -1024, out_shift 4 (+8):
        // acc = -1024 + 8 + 30000 - 40000 = -11016; >> 4 = -689 (exact (-1024-10000)/16 = -689)
        int[] out = new int[1];
        FixedLoops.conv(new int[] {1000, -2000}, 1, 1, 2, new int[] {30, 20}, new int[] {-1}, 1, 1, 1, 1, 1, 1, 1, 0,
                0, 1, 10, 4, out, 1, 1, 16);
        assertThat(out).containsExactly(-689);

        // 3 x 32767 * 32767 = 3221028867 > 2^31 - 1: wraps to -1073938429 and saturates low, as in C
        FixedLoops.conv(new int[] {32767, 32767, 32767}, 1, 1, 3, new int[] {32767, 32767, 32767}, null, 1, 1, 1, 1,
                1, 1, 1, 0, 0, 1, 0, 0, out, 1, 1, 16);
        assertThat(out).containsExactly(-32768);
    }

    // ---- depthwise ----------------------------------------------------------------------------------

    @Test
    void depthwiseWithMultiplierAndPadding() {
        // in 2x2x1 = [[1, 2], [3, 4]], multiplier 2; w[ky][kx][oc]: (0,0)=(1,0) (0,1)=(0,1) (1,0)=(1,0) (1,1)=(0,-1)
        // bias [1, -1] << 2 = [4, -4], out_shift 1 (+1): acc0 starts 5, acc1 starts -3. pad 1/1, out 2x2.
        // (0,0): tap (1,1) only, x=1:    oc0 5 + 0 = 5 >> 1 = 2;  oc1 -3 - 1 = -4 >> 1 = -2 (-2.5 half up)
        // (0,1): taps (1,0) x=1, (1,1) x=2: oc0 5 + 1 = 6 -> 3;  oc1 -3 - 2 = -5 >> 1 = -3
        // (1,0): taps (0,1) x=1, (1,1) x=3: oc0 5 -> 2;          oc1 -3 + 1 - 3 = -5 -> -3
        // (1,1): all taps 1,2,3,4:       oc0 5 + 1 + 3 = 9 -> 4; oc1 -3 + 2 - 4 = -5 -> -3
        int[] out = new int[8];
        FixedLoops.depthwise(new int[] {1, 2, 3, 4}, 2, 2, 1, new int[] {1, 0, 0, 1, 1, 0, 0, -1}, new int[] {1, -1},
                2, 2, 2, 1, 1, 1, 1, 1, 1, 2, 1, out, 2, 2, 8);
        assertThat(out).containsExactly(2, -2, 3, -3, 2, -3, 4, -3);
    }

    @Test
    void depthwiseDilatedOneDimensionalQ15() {
        // 1x4 image, 2 channels (1,-1) (2,-2) (3,-3) (4,-4); multiplier 1, k 1x2, dilation 3: taps x=0, x=3.
        // w[0][kx][c]: kx0 = (10, 1), kx1 = (1, 10). c0 = 1*10 + 4*1 = 14; c1 = -1*1 + -4*10 = -41
        int[] out = new int[2];
        FixedLoops.depthwise(new int[] {1, -1, 2, -2, 3, -3, 4, -4}, 1, 4, 2, new int[] {10, 1, 1, 10}, null, 1, 1, 2,
                1, 1, 1, 3, 0, 0, 0, 0, out, 1, 1, 16);
        assertThat(out).containsExactly(14, -41);
    }

    // ---- pooling ------------------------------------------------------------------------------------

    @Test
    void maxPoolIgnoresPaddingAndEmptyWindowGivesZero() {
        // 1x3 = [-5, -3, -7], k 1x2, stride 2, pad_left 1, out_w 3:
        // ox0 x {-1, 0} -> -5 (padding is not a zero candidate); ox1 x {1, 2} -> -3; ox2 x {3, 4} -> none -> 0
        int[] out = new int[3];
        FixedLoops.pool(new int[] {-5, -3, -7}, 1, 3, 1, 1, 2, 1, 2, 0, 1, 1, 0, out, 1, 3, 8);
        assertThat(out).containsExactly(-5, -3, 0);
    }

    @Test
    void averagePoolCountsValidTapsOrWholeWindow() {
        // 2x2 = [[1, 2], [3, 5]], k 2x2, stride 2, pad 1/1, out 2x2: every window holds exactly one tap.
        // exclude pad: 1, 2, 3, 5. include pad (count 4): (1+2)/4 = 0 (0.25), (2+2)/4 = 1 (0.5 away from 0),
        // (3+2)/4 = 1 (0.75), (5+2)/4 = 1 (1.25)
        int[] in = {1, 2, 3, 5};
        int[] out = new int[4];
        FixedLoops.pool(in, 2, 2, 1, 2, 2, 2, 2, 1, 1, 0, 0, out, 2, 2, 8);
        assertThat(out).containsExactly(1, 2, 3, 5);
        FixedLoops.pool(in, 2, 2, 1, 2, 2, 2, 2, 1, 1, 0, 1, out, 2, 2, 8);
        assertThat(out).containsExactly(0, 1, 1, 1);
    }

    @Test
    void averagePoolRoundsTiesAwayFromZero() {
        // 1x2 image, 3 channels: c0 [-1, -2] -> -1.5 -> -2; c1 [-1, 0] -> -0.5 -> -1; c2 [1, 2] -> 1.5 -> 2
        int[] out = new int[3];
        FixedLoops.pool(new int[] {-1, -1, 1, -2, 0, 2}, 1, 2, 3, 1, 2, 1, 1, 0, 0, 0, 0, out, 1, 1, 8);
        assertThat(out).containsExactly(-2, -1, 2);

        // q15: (32767 + 32767 + 32766) / 3 = 32766.67 -> (98300 + 1) / 3 = 32767
        int[] q15 = new int[1];
        FixedLoops.pool(new int[] {32767, 32767, 32766}, 1, 3, 1, 1, 3, 1, 1, 0, 0, 0, 0, q15, 1, 1, 16);
        assertThat(q15).containsExactly(32767);
    }

    @Test
    void averagePoolWindowWithoutTapsGivesZeroEvenWhenCountingPadding() {
        // 1x1 = [100], k 1x2, pad_left 2: the window x {-2, -1} misses the input
        int[] out = {55};
        FixedLoops.pool(new int[] {100}, 1, 1, 1, 1, 2, 1, 1, 0, 2, 0, 1, out, 1, 1, 8);
        assertThat(out).containsExactly(0);
    }

    @Test
    void globalPoolPerChannel() {
        // hw 4, ch 2: (4,-1) (5,-2) (6,-4) (7,1). max: 7, 1. avg: 22/4 = 5.5 -> 6; -6/4 = -1.5 -> -2
        int[] in = {4, -1, 5, -2, 6, -4, 7, 1};
        int[] out = new int[2];
        FixedLoops.globalPool(in, 4, 2, 1, out, 8);
        assertThat(out).containsExactly(7, 1);
        FixedLoops.globalPool(in, 4, 2, 0, out, 8);
        assertThat(out).containsExactly(6, -2);

        // q15: (-32768 - 32767) / 2 = -32767.5 -> -32768
        int[] q15 = new int[1];
        FixedLoops.globalPool(new int[] {-32768, -32767}, 2, 1, 0, q15, 16);
        assertThat(q15).containsExactly(-32768);
    }

    // ---- element-wise ---------------------------------------------------------------------------

    @Test
    void addAlignsShiftsRoundsAndSaturatesInPlace() {
        // a shift 0: [100, -100, 3, -3]
        // b shift -1 (half up): (100+1)>>1 = 50, (-100+1)>>1 = -50, (3+1)>>1 = 2, (-3+1)>>1 = -1 (-1.5 -> -1)
        // c shift +1: [0, 0, -2, -6]
        // sums 150 -> 127, -150 -> -128, 3, -3 - 1 - 6 = -10
        int[] a = {100, -100, 3, -3};
        int[] b = {100, -100, 3, -3};
        int[] c = {0, 0, -1, -3};
        FixedLoops.add(new int[][] {a, b, c}, new int[] {0, -1, 1}, 3, 4, a, 8);
        assertThat(a).containsExactly(127, -128, 3, -10);
    }

    @Test
    void concatInterleavesInnerBlocks() {
        // outer 2. A inner 2 [1, 2 | 3, 4] shift 0; B inner 1 [5 | -5] shift -2: (5+2)>>2 = 1, (-5+2)>>2 = -1;
        // C inner 1 [20000 | -20000] shift +1: 40000 -> 32767, -40000 -> -32768
        int[] out = new int[8];
        FixedLoops.concat(new int[][] {{1, 2, 3, 4}, {5, -5}, {20000, -20000}}, new int[] {2, 1, 1},
                new int[] {0, -2, 1}, 3, 2, out, 16);
        assertThat(out).containsExactly(1, 2, 1, 32767, 3, 4, -1, -32768);
    }

    @Test
    void requantizeRightRoundsHalfUpLeftSaturates() {
        // shift -2: 5 -> 7>>2 = 1; -5 -> -3>>2 = -1; 6 -> 8>>2 = 2 (1.5); -6 -> -4>>2 = -1 (-1.5 half up);
        // 100 -> 102>>2 = 25; -100 -> -98>>2 = -25
        int[] in = {5, -5, 6, -6, 100, -100};
        int[] out = new int[6];
        FixedLoops.requantize(in, 6, -2, out, 8);
        assertThat(out).containsExactly(1, -1, 2, -1, 25, -25);
        // shift +2, in place: 20, -20, 24, -24, 400 -> 127, -400 -> -128
        FixedLoops.requantize(in, 6, 2, in, 8);
        assertThat(in).containsExactly(20, -20, 24, -24, 127, -128);
    }

    @Test
    void requantizeExtremeShiftsFollowThirtyTwoBitArithmetic() {
        // 1 << 31 wraps to -2^31 (as the C's uint32_t shift) -> -128; (x + 2^30) >> 31 is 0 for any q7 x
        int[] out = new int[3];
        FixedLoops.requantize(new int[] {1, 127, -128}, 3, 31, out, 8);
        assertThat(out).containsExactly(-128, -128, 0);
        FixedLoops.requantize(new int[] {1, 127, -128}, 3, -31, out, 8);
        assertThat(out).containsExactly(0, 0, 0);
    }

    @Test
    void clampInPlaceAndHiWinsOverLo() {
        int[] in = {-128, -6, 0, 6, 127};
        FixedLoops.clamp(in, 5, -5, 5, in, 8);
        assertThat(in).containsExactly(-5, -5, 0, 5, 5);
        // min(max(x, 3), 1) = 1 for every x
        int[] out = new int[5];
        FixedLoops.clamp(in, 5, 3, 1, out, 8);
        assertThat(out).containsExactly(1, 1, 1, 1, 1);
    }

    @Test
    void leakyReluQ7() {
        // alpha 26 / 2^8 ~ 0.1: -128*26 = -3328, (+128) >> 8 = -3200 >> 8 = -13 (exact -13);
        // -10*26 = -260 -> -132 >> 8 = -1; -1*26 = -26 -> 102 >> 8 = 0; 0 and 50 pass through
        int[] in = {-128, -10, -1, 0, 50};
        FixedLoops.leakyRelu(in, 5, 26, 8, in, 8);
        assertThat(in).containsExactly(-13, -1, 0, 0, 50);
    }

    @Test
    void leakyReluQ15SaturatesAndRoundsHalfUp() {
        // alpha 5 / 2: -20000 -> (-100000 + 1) >> 1 = -50000 -> -32768; -5 -> (-25 + 1) >> 1 = -12 (-12.5);
        // -1 -> (-5 + 1) >> 1 = -2 (-2.5); 7 -> 7
        int[] out = new int[4];
        FixedLoops.leakyRelu(new int[] {-20000, -5, -1, 7}, 4, 5, 1, out, 16);
        assertThat(out).containsExactly(-32768, -12, -2, 7);
    }

    @Test
    void scaleShiftPerChannel() {
        // hw 2, ch 2, in (10, -10) (20, 3), scale [3, 5], shift [1, -2] << 2 = [4, -8], out_shift 2 (+2)
        // p0c0 (6 + 30) >> 2 = 9; p0c1 (-6 - 50) >> 2 = -14; p1c0 (6 + 60) >> 2 = 16; p1c1 (-6 + 15) >> 2 = 2
        int[] out = new int[4];
        FixedLoops.scaleShift(new int[] {10, -10, 20, 3}, 2, 2, new int[] {3, 5}, new int[] {1, -2}, 2, 2, out, 8);
        assertThat(out).containsExactly(9, -14, 16, 2);

        // q15 without shift: (30000 * 30000 + 512) >> 10 = 878906 -> 32767; (-30000 * 30000 + 512) >> 10 -> -32768
        int[] q15 = {30000, -30000};
        FixedLoops.scaleShift(q15, 2, 1, new int[] {30000}, null, 0, 10, q15, 16);
        assertThat(q15).containsExactly(32767, -32768);
    }

    // ---- data movement ------------------------------------------------------------------------

    @Test
    void padAddsZerosAndNegativeAmountsCrop() {
        // 1x2x2 (1,2) (3,4), top 1, right 1 -> 2x3x2: a zero row, then (1,2) (3,4) (0,0)
        int[] out = new int[12];
        FixedLoops.pad(new int[] {1, 2, 3, 4}, 1, 2, 2, 1, 0, 0, 1, out, 8);
        assertThat(out).containsExactly(0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0);
        // 2x2x1 [[1, 2], [3, 4]], top -1, left +1, right -1 -> 1x2: (0, in(1,0)) = (0, 3)
        int[] crop = new int[2];
        FixedLoops.pad(new int[] {1, 2, 3, 4}, 2, 2, 1, -1, 0, 1, -1, crop, 16);
        assertThat(crop).containsExactly(0, 3);
    }

    @Test
    void upsampleRepeatsPixels() {
        // 1x2x2 (1,2) (3,4), factors 2x2 -> two rows of (1,2) (1,2) (3,4) (3,4)
        int[] out = new int[16];
        FixedLoops.upsample(new int[] {1, 2, 3, 4}, 1, 2, 2, 2, 2, out, 8);
        assertThat(out).containsExactly(1, 2, 1, 2, 3, 4, 3, 4, 1, 2, 1, 2, 3, 4, 3, 4);
    }

    // ---- dense ----------------------------------------------------------------------------------

    @Test
    void denseAtEveryPosition() {
        // rows [1, 2, 3] and [-1, 0, 4]; w [[1, 0, -1], [2, 2, 2]]; bias [1, -1] << 1 = [2, -2]; out_shift 1 (+1)
        // p0: o0 (3 + 1 - 3) >> 1 = 0;  o1 (-1 + 12) >> 1 = 5
        // p1: o0 (3 - 1 - 4) >> 1 = -1 (-1.5 half up); o1 (-1 - 2 + 8) >> 1 = 2
        int[] out = new int[4];
        FixedLoops.dense(new int[] {1, 2, 3, -1, 0, 4}, 2, 3, new int[] {1, 0, -1, 2, 2, 2}, new int[] {1, -1}, 2, 1,
                1, out, 8);
        assertThat(out).containsExactly(0, 5, -1, 2);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    @Test
    void helpers() {
        assertThat(FixedLoops.round(0)).isZero();
        assertThat(FixedLoops.round(31)).isEqualTo(1 << 30);
        assertThat(FixedLoops.divRound(Integer.MIN_VALUE, 1)).isEqualTo(Integer.MIN_VALUE);
        assertThat(FixedLoops.divRound(-7, 2)).isEqualTo(-4);
        assertThat(FixedLoops.divRound(7, 2)).isEqualTo(4);
        assertThat(FixedLoops.rshift(-7, -1)).isEqualTo(-3);
        assertThatThrownBy(() -> FixedLoops.requantize(new int[1], 1, 0, new int[1], 12))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
