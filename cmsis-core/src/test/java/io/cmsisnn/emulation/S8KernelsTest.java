package io.cmsisnn.emulation;

import static io.cmsisnn.quant.RoundingMode.DEFAULT;
import static io.cmsisnn.quant.RoundingMode.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.plan.NnBufferSizes;
import io.cmsisnn.plan.NnBufferSizes.Target;
import io.cmsisnn.quant.NnTypes.Activation;
import io.cmsisnn.quant.NnTypes.Bias16;
import io.cmsisnn.quant.NnTypes.ChannelQuant;
import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.DwConvParams;
import io.cmsisnn.quant.NnTypes.FcParams;
import io.cmsisnn.quant.NnTypes.PoolParams;
import io.cmsisnn.quant.NnTypes.Status;
import io.cmsisnn.quant.NnTypes.Tile;
import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.quant.SoftmaxParams;
import org.junit.jupiter.api.Test;

/**
 * The emulated kernels on small calls whose results are derived by hand in the comments, or
 * compared with the real function they approximate (softmax) within an error bound
 * the method allows. Multiplier 2^30 with shift S stands for 2^(S - 1).
 */
class S8KernelsTest {
    private static final Tile ONE = new Tile(1, 1);
    private static final Tile ZERO = new Tile(0, 0);
    private static final Activation S8_RANGE = new Activation(-128, 127);
    private static final Context BUFFER = Context.ofSize(1024);

    private static ChannelQuant quant(int channels, int shift) {
        int[] m = new int[channels];
        int[] s = new int[channels];
        java.util.Arrays.fill(m, 1 << 30);
        java.util.Arrays.fill(s, shift);
        return new ChannelQuant(m, s);
    }

    @Test
    void convolutionRoundsDifferentlyInTheTwoModes() {
        // input 2x2x1 {1, 2, 3, 4} with input_offset 1 -> {2, 3, 4, 5}; filter {1, -1, 2, 0}; bias 10:
        // acc = 10 + 2 - 3 + 8 + 0 = 17; scale 2^-2 -> 4.25: DEFAULT 5, SINGLE 4 (S8ArithTest); offset -3
        ConvParams p = new ConvParams(1, -3, ONE, ZERO, ONE, S8_RANGE);
        byte[] in = {1, 2, 3, 4};
        byte[] w = {1, -1, 2, 0};
        for (RoundingMode mode : RoundingMode.values()) {
            byte[] out = {99};
            Status st = S8Conv.convolveWrapper(BUFFER, p, quant(1, -1), new Dims(1, 2, 2, 1), in, new Dims(1, 2, 2, 1),
                    w, new int[] {10}, new Dims(1, 1, 1, 1), out, mode);
            assertThat(st).isEqualTo(Status.SUCCESS);
            assertThat(out[0]).isEqualTo((byte) (mode == DEFAULT ? 2 : 1));
        }
    }

    @Test
    void genericConvolutionNeedsABufferAndLeavesTheOutputOnError() {
        ConvParams p = new ConvParams(0, 0, ONE, ZERO, ONE, S8_RANGE);
        byte[] out = {99};
        Status st = S8Conv.convolve(Context.NONE, p, quant(1, -1), new Dims(1, 2, 2, 1), new byte[4],
                new Dims(1, 2, 2, 1), new byte[4], null, null, new Dims(1, 1, 1, 1), out, DEFAULT);
        assertThat(st).isEqualTo(Status.ARG_ERROR);
        assertThat(out).containsExactly(99);
    }

    @Test
    void paddedConvolutionSkipsTapsOutsideTheImage() {
        // 1x1 image x = 5, input_offset 3 -> 8; 3x3 filter, padding 1: only the centre tap (weight 2)
        // is inside; the zero point of padded taps adds nothing. acc = 16 + bias 0; scale 2^0 * 0.5 -> 8
        ConvParams p = new ConvParams(3, 0, ONE, ONE, ONE, S8_RANGE);
        byte[] w = {9, 9, 9, 9, 2, 9, 9, 9, 9};
        byte[] out = new byte[1];
        S8Conv.convolve(BUFFER, p, quant(1, 0), new Dims(1, 1, 1, 1), new byte[] {5}, new Dims(1, 3, 3, 1), w, null,
                null, new Dims(1, 1, 1, 1), out, DEFAULT);
        assertThat(out).containsExactly(8);
    }

    @Test
    void depthwiseWithChannelMultiplier() {
        // one pixel x = 3, one input channel, ch_mult 2, 3x3 filter [ky][kx][2] padded by 1: only the
        // centre taps {2, -1} count: acc = {6 + 1, -3 + 1} = {7, -2}; * 0.5 = {3.5 -> 4, -1 -> -1}
        DwConvParams p = new DwConvParams(0, 0, 2, ONE, ONE, ONE, S8_RANGE);
        byte[] w = new byte[18];
        w[8] = 2;
        w[9] = -1;
        byte[] out = new byte[2];
        for (RoundingMode mode : RoundingMode.values()) {
            S8Depthwise.depthwiseWrapper(Context.NONE, p, quant(2, 0), new Dims(1, 1, 1, 1), new byte[] {3},
                    new Dims(1, 3, 3, 2), w, new int[] {1, 1}, new Dims(1, 1, 1, 2), out, mode);
            assertThat(out).containsExactly(4, -1);
        }
    }

    @Test
    void fullyConnectedWithFilterOffset() {
        // x = {1, -2} + 2 = {3, 0}; w = {3, 4} - 1 = {2, 3}; acc = 5 + 6 + 0 = 11; * 0.5 = 5.5 -> 6
        FcParams p = new FcParams(2, -1, 0, S8_RANGE);
        byte[] out = new byte[1];
        S8FullyConnected.fullyConnected(Context.NONE, p, 1 << 30, 0, new Dims(1, 1, 1, 2), new byte[] {1, -2},
                new Dims(2, 1, 1, 1), new byte[] {3, 4}, new int[] {5}, new Dims(1, 1, 1, 1), out, SINGLE);
        assertThat(out).containsExactly(6);
        // with the activation clamp [-128, 4] the same call gives 4
        S8FullyConnected.fullyConnected(Context.NONE, new FcParams(2, -1, 0, new Activation(-128, 4)), 1 << 30, 0,
                new Dims(1, 1, 1, 2), new byte[] {1, -2}, new Dims(2, 1, 1, 1), new byte[] {3, 4}, new int[] {5},
                new Dims(1, 1, 1, 1), out, DEFAULT);
        assertThat(out).containsExactly(4);
    }

    @Test
    void sixteenBitConvolutionTakesEitherBiasWidth() {
        // x = {1000, -2000}, w = {3, 1}: acc = 3000 - 2000 = 1000; bias 24 -> 1024; * 0.5 = 512
        ConvParams p = new ConvParams(0, 0, ONE, ZERO, ONE, new Activation(-32768, 32767));
        short[] out = new short[1];
        for (Bias16 bias : new Bias16[] {Bias16.int32(new int[] {24}), Bias16.int64(new long[] {24})}) {
            S16Conv.convolveWrapper(BUFFER, p, quant(1, 0), new Dims(1, 1, 1, 2), new short[] {1000, -2000},
                    new Dims(1, 1, 1, 2), new byte[] {3, 1}, bias, new Dims(1, 1, 1, 1), out, DEFAULT);
            assertThat(out).containsExactly(512);
        }
    }

    @Test
    void averagePoolRoundsHalfAwayFromZero() {
        // row {1, 2, 2, -1}, window 1x3, padding 1, stride 1: valid sums/counts 3/2, 5/3, 3/3, 1/2
        // -> (3 + 1) / 2 = 2, (5 + 1) / 3 = 2, (3 + 1) / 3 = 1, (1 + 1) / 2 = 1
        PoolParams p = new PoolParams(ONE, new Tile(1, 0), S8_RANGE);
        byte[] out = new byte[4];
        Status st = S8Pool.avgPoolS8(Context.NONE, p, new Dims(1, 1, 4, 1), new byte[] {1, 2, 2, -1},
                new Dims(1, 1, 3, 1), new Dims(1, 1, 4, 1), out);
        assertThat(st).isEqualTo(Status.SUCCESS);
        assertThat(out).containsExactly(2, 2, 1, 1);
        // {-1, -2} / 2 = -1.5 -> (-3 - 1) / 2 = -2; {0, -1} / 2 = -0.5 -> (-1 - 1) / 2 = -1
        PoolParams p2 = new PoolParams(new Tile(2, 1), ZERO, S8_RANGE);
        byte[] out2 = new byte[2];
        S8Pool.avgPoolS8(Context.NONE, p2, new Dims(1, 1, 4, 1), new byte[] {-1, -2, 0, -1}, new Dims(1, 1, 2, 1),
                new Dims(1, 1, 2, 1), out2);
        assertThat(out2).containsExactly(-2, -1);
    }

    @Test
    void averagePoolStopsAtAnEmptyWindow() {
        // 1x1 input, 1x1 window, padding 1: the first output's window lies in the padding only
        byte[] out = {7, 7, 7};
        Status st = S8Pool.avgPoolS8(Context.NONE, new PoolParams(ONE, new Tile(1, 0), S8_RANGE), new Dims(1, 1, 1, 1),
                new byte[] {5}, new Dims(1, 1, 1, 1), new Dims(1, 1, 3, 1), out);
        assertThat(st).isEqualTo(Status.ARG_ERROR);
        assertThat(out).containsExactly(7, 7, 7);
    }

    @Test
    void maxPoolThenClamp() {
        // {3, -5 | 7, 1}, window 1x2 stride 2: {3, 7}; clamp to [-128, 5] -> {3, 5}
        byte[] out = new byte[2];
        S8Pool.maxPoolS8(Context.NONE, new PoolParams(new Tile(2, 1), ZERO, new Activation(-128, 5)),
                new Dims(1, 1, 4, 1), new byte[] {3, -5, 7, 1}, new Dims(1, 1, 2, 1), new Dims(1, 1, 2, 1), out);
        assertThat(out).containsExactly(3, 5);
        assertThat(S8Pool.maxPoolS8(Context.NONE, new PoolParams(ONE, ZERO, S8_RANGE), new Dims(0, 1, 1, 1),
                new byte[0], new Dims(1, 1, 1, 1), new Dims(0, 1, 1, 1), new byte[0])).isEqualTo(Status.ARG_ERROR);
    }

    @Test
    void elementwiseAddAndMul() {
        // add: 5 * 0.5 = 2.5 -> 3, 1 * 0.5 -> 1 (ties up), sum 4, * 2^1 * 0.5 = 4, + offset -2 = 2
        byte[] out = new byte[1];
        S8Elementwise.addS8(new byte[] {5}, new byte[] {1}, 0, 1 << 30, 0, 0, 1 << 30, 0, 0, out, -2, 1 << 30, 1, -128,
                127, 1, DEFAULT);
        assertThat(out).containsExactly(2);
        // mul: (3 + 1) * (-2 + 0) = -8; * 2^-2 = -2; + offset 1 = -1
        S8Elementwise.mulS8(new byte[] {3}, new byte[] {-2}, 1, 0, out, 1, 1 << 30, -1, -128, 127, 1, SINGLE);
        assertThat(out).containsExactly(-1);
        // relu6 clamps raw values to [0, 6]
        byte[] data = {-3, 4, 9};
        S8Elementwise.relu6S8(data, 3);
        assertThat(data).containsExactly(0, 4, 6);
    }

    /** Output scale 1/256, zero point -128: q should be round(256 p) - 128 to within 1 (saturating at 127). */
    @Test
    void softmaxFollowsTheRealFunction() {
        float inputScale = 1 / 16f;
        SoftmaxParams sp = SoftmaxParams.int8(1.0, inputScale, false);
        byte[][] rows = {{0, 16, 32, -100}, {5, 5}, {-128, 127, 0, 100, 100}, {42}};
        for (byte[] row : rows) {
            byte[] out = new byte[row.length];
            S8Softmax.softmaxS8(row, 1, row.length, sp.multiplier(), sp.shift(), sp.diffMin(), out);
            double max = Double.NEGATIVE_INFINITY;
            for (byte b : row) {
                max = Math.max(max, b);
            }
            double sum = 0;
            for (byte b : row) {
                sum += Math.exp((b - max) * inputScale);
            }
            for (int i = 0; i < row.length; i++) {
                double p = Math.exp((row[i] - max) * inputScale) / sum;
                long expected = Math.min(127, Math.round(p * 256) - 128);
                assertThat((int) out[i]).as("row %s element %d", java.util.Arrays.toString(row), i)
                        .isBetween((int) expected - 1, (int) expected + 1);
            }
        }
    }

    @Test
    void dataMovement() {
        // transpose [1][2][3][1] with permutation {0, 2, 1, 3}: out[w][h] = in[h][w]
        byte[] t = new byte[6];
        assertThat(S8DataMovement.transpose(new byte[] {0, 1, 2, 3, 4, 5}, t, new Dims(1, 2, 3, 1), new Dims(1, 3, 2, 1),
                4, new int[] {0, 2, 1, 3})).isEqualTo(Status.SUCCESS);
        assertThat(t).containsExactly(0, 3, 1, 4, 2, 5);
        // pad [1][1][1][2] {7, 8} with one channel before and one column after, value -1
        byte[] p = new byte[6];
        S8DataMovement.pad(new byte[] {7, 8}, p, (byte) -1, new Dims(1, 1, 1, 2), new Dims(0, 0, 0, 1),
                new Dims(0, 0, 1, 0));
        assertThat(p).containsExactly(-1, 7, 8, -1, -1, -1);
        // concatenate a 2x2 block into a width-3 output at column 1
        byte[] c = new byte[6];
        S8DataMovement.concatenationX(new byte[] {1, 2, 3, 4}, 2, 2, 1, 1, c, 3, 1);
        assertThat(c).containsExactly(0, 1, 2, 0, 3, 4);
    }

    /** Upstream's rules (notes 2.3 table) worked by hand. */
    @Test
    void bufferSizes() {
        ConvParams conv = new ConvParams(0, 0, ONE, ONE, ONE, S8_RANGE);
        Dims in = new Dims(1, 8, 8, 3);
        Dims k3 = new Dims(4, 3, 3, 3);
        Dims out = new Dims(1, 8, 8, 4);
        // 3 * 3 * 3 = 27 columns, aligned to 28: 2 columns * 28 * 2 bytes = 112; Helium 4 * ceil(27/16) * 16 = 128
        assertThat(NnBufferSizes.convolveWrapperS8(Target.PLAIN, conv, in, k3, out)).isEqualTo(112);
        assertThat(NnBufferSizes.convolveWrapperS8(Target.DSP, conv, in, k3, out)).isEqualTo(112);
        assertThat(NnBufferSizes.convolveWrapperS8(Target.MVE, conv, in, k3, out)).isEqualTo(128);
        // 1x1 without padding: no buffer
        assertThat(NnBufferSizes.convolveWrapperS8(Target.PLAIN, new ConvParams(0, 0, ONE, ZERO, ONE, S8_RANGE), in,
                new Dims(4, 1, 1, 3), out)).isZero();
        // s16, 4 channels 3x3 = 36: 2 * 36 * 2 = 144; Helium 4 * ceil(36/8) * 8 * 2 = 320
        assertThat(NnBufferSizes.convolveWrapperS16(Target.PLAIN, new Dims(1, 8, 8, 4), new Dims(4, 3, 3, 4)))
                .isEqualTo(144);
        assertThat(NnBufferSizes.convolveWrapperS16(Target.MVE, new Dims(1, 8, 8, 4), new Dims(4, 3, 3, 4)))
                .isEqualTo(320);
        // depthwise 8 channels 5x5: DSP 8 * 25 * 2 = 400; Helium 4 * 124 * 25 = 12400; plain C 0;
        // a 3x3 with padding 1 takes the 3x3 kernel on DSP: 0
        DwConvParams dw = new DwConvParams(0, 0, 1, ONE, ONE, ONE, S8_RANGE);
        Dims dwIn = new Dims(1, 8, 8, 8);
        assertThat(NnBufferSizes.depthwiseWrapperS8(Target.DSP, dw, dwIn, new Dims(1, 5, 5, 8), dwIn)).isEqualTo(400);
        assertThat(NnBufferSizes.depthwiseWrapperS8(Target.MVE, dw, dwIn, new Dims(1, 5, 5, 8), dwIn)).isEqualTo(12400);
        assertThat(NnBufferSizes.depthwiseWrapperS8(Target.PLAIN, dw, dwIn, new Dims(1, 5, 5, 8), dwIn)).isZero();
        assertThat(NnBufferSizes.depthwiseWrapperS8(Target.DSP, dw, dwIn, new Dims(1, 3, 3, 8), dwIn)).isZero();
        // fully connected, 10 outputs: Helium keeps 10 int32 sums = 40; avgpool DSP 5 channels * 4 = 20
        assertThat(NnBufferSizes.fullyConnectedS8(Target.MVE, new Dims(64, 1, 1, 10))).isEqualTo(40);
        assertThat(NnBufferSizes.fullyConnectedS8(Target.DSP, new Dims(64, 1, 1, 10))).isZero();
        assertThat(NnBufferSizes.avgPool(Target.DSP, 7, 5)).isEqualTo(20);
        assertThat(NnBufferSizes.avgPool(Target.PLAIN, 7, 5)).isZero();
    }
}
