package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.quant.NnTypes.Activation;
import io.cmsisnn.quant.NnTypes.ChannelQuant;
import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.DwConvParams;
import io.cmsisnn.quant.NnTypes.FcParams;
import io.cmsisnn.quant.NnTypes.Status;
import io.cmsisnn.quant.NnTypes.Tile;
import io.cmsisnn.quant.RoundingMode;
import org.junit.jupiter.api.Test;

/**
 * Saturation counts of single hand-built layers, every expected count derived in the comments.
 * Multiplier 2^30 with shift 1 requantizes to the value itself: DEFAULT (v << 1) * 2^30 * 2 / 2^32
 * rounded = v; SINGLE ((v * 2^30) >> 29 + 1) >> 1 = (2v + 1) >> 1 = v.
 */
class SaturationCounterTest {
    private static final Tile ONE = new Tile(1, 1);
    private static final Tile ZERO = new Tile(0, 0);
    private static final Activation RANGE = new Activation(-10, 20);

    /**
     * Input {1, 1}, so acc = w0 + w1 + bias, and the clamp is [-10, 20]:
     * <pre>
     * o0  w (10, 11)  bias 0      acc 21     beyond 20: clipped
     * o1  w (10, 10)  bias 0      acc 20     at the bound, not beyond: not clipped
     * o2  w (-5, -5)  bias 0      acc -10    at the bound: not clipped
     * o3  w (-5, -6)  bias 0      acc -11    clipped
     * o4  w (2, 3)    bias 0      acc 5      inside
     * o5  w (0, 0)    bias 1000   acc 1000   clipped
     * o6  w (0, 0)    bias 2^30   acc 2^30   DEFAULT: 2^30 << 1 = 2^31 leaves int32 (an overflow) and
     *                                        wraps to INT32_MIN; the high multiply gives -2^30, below -10:
     *                                        clipped too. SINGLE: (2^30 * 2^30) >> 29 = 2^31 in 64 bits,
     *                                        (2^31 + 1) >> 1 = 2^30 fits: no overflow, clipped at 20.
     * </pre>
     * So 7 outputs, 4 clipped (o0, o3, o5, o6), 1 overflow in DEFAULT, 0 in SINGLE.
     */
    @Test
    void fullyConnectedS8CountsTheOutputsBeyondTheActivationRange() {
        byte[] w = {10, 11, 10, 10, -5, -5, -5, -6, 2, 3, 0, 0, 0, 0};
        int[] bias = {0, 0, 0, 0, 0, 1000, 1 << 30};
        int[] mult = {1 << 30};
        int[] shift = {1};
        FcParams p = new FcParams(0, 0, 0, RANGE);
        for (RoundingMode mode : RoundingMode.values()) {
            SaturationCounter c = new SaturationCounter();
            byte[] counted = new byte[7];
            S8FullyConnected.rows(p, mult, shift, false, new Dims(1, 1, 1, 2), new byte[] {1, 1}, new Dims(2, 1, 1, 7), w,
                    null, bias, new Dims(1, 1, 1, 7), counted, mode, c);
            assertThat(c.outputs()).isEqualTo(7);
            assertThat(c.clipped()).isEqualTo(4);
            assertThat(c.requantOverflows()).isEqualTo(mode == RoundingMode.DEFAULT ? 1 : 0);
            assertThat(c.wrappedSums()).isZero();
            assertThat(c.biasBitsDropped()).isZero();
            // counting changes nothing: o6 is -10 in DEFAULT (clamped -2^30), 20 in SINGLE
            byte[] plain = new byte[7];
            S8FullyConnected.fullyConnected(Context.NONE, p, mult[0], shift[0], new Dims(1, 1, 1, 2), new byte[] {1, 1},
                    new Dims(2, 1, 1, 7), w, bias, new Dims(1, 1, 1, 7), plain, mode);
            assertThat(counted).containsExactly(plain);
            assertThat(counted).containsExactly(20, 20, -10, -10, 5, 20, mode == RoundingMode.DEFAULT ? -10 : 20);
        }
    }

    /**
     * The layer of {@link #fullyConnectedS8CountsTheOutputsBeyondTheActivationRange} as if a ReLU set
     * its lower bound: the low clips (o3, and o6 in DEFAULT, whose wrapped value -2^30 is below -10)
     * are the activation's. DEFAULT: clipped o0, o5 (2), activation clips o3, o6 (2), saturated o0,
     * o5 and the overflowing o6 (3). SINGLE: o6 clips high, so clipped 3, activation clips 1,
     * saturated 3.
     */
    @Test
    void clipsAtABoundTheActivationSetsAreNotSaturation() {
        byte[] w = {10, 11, 10, 10, -5, -5, -5, -6, 2, 3, 0, 0, 0, 0};
        int[] bias = {0, 0, 0, 0, 0, 1000, 1 << 30};
        for (RoundingMode mode : RoundingMode.values()) {
            SaturationCounter c = new SaturationCounter(true, false);
            S8FullyConnected.rows(new FcParams(0, 0, 0, RANGE), new int[] {1 << 30}, new int[] {1}, false, new Dims(1, 1, 1, 2),
                    new byte[] {1, 1}, new Dims(2, 1, 1, 7), w, null, bias, new Dims(1, 1, 1, 7), new byte[7], mode, c);
            boolean single = mode == RoundingMode.SINGLE;
            assertThat(c.clipped()).isEqualTo(single ? 3 : 2);
            assertThat(c.activationClips()).isEqualTo(single ? 1 : 2);
            assertThat(c.saturated()).isEqualTo(3);
        }
    }

    /**
     * A 1x1 convolution of the 2x2 image {-3, -1, 1, 3} (input_offset 0) with weight 5 and clamp
     * [-10, 10]: accs {-15, -5, 5, 15}, two beyond the range; called twice, so 8 outputs and 4 clipped.
     */
    @Test
    void convolutionS8CountsOverCalls() {
        ConvParams p = new ConvParams(0, 0, ONE, ZERO, ONE, new Activation(-10, 10));
        ChannelQuant q = new ChannelQuant(new int[] {1 << 30}, new int[] {1});
        SaturationCounter c = new SaturationCounter();
        for (int call = 0; call < 2; call++) {
            byte[] out = new byte[4];
            Status st = S8Conv.convolveWrapper(Context.ofSize(64), p, q, new Dims(1, 2, 2, 1), new byte[] {-3, -1, 1, 3},
                    new Dims(1, 1, 1, 1), new byte[] {5}, null, new int[] {0}, new Dims(1, 2, 2, 1), out, RoundingMode.DEFAULT,
                    c);
            assertThat(st).isEqualTo(Status.SUCCESS);
            assertThat(out).containsExactly(-10, -5, 5, 10);
        }
        assertThat(c.outputs()).isEqualTo(8);
        assertThat(c.clipped()).isEqualTo(4);
        assertThat(c.requantOverflows()).isZero();
    }

    /**
     * A 3x3 depthwise convolution, one channel, padding 1, of the 1x1 image {4} with all weights 3
     * and output_offset 2: only the centre tap is inside, acc = 12, 12 + 2 = 14 beyond [-10, 10]:
     * 1 output, 1 clipped (through arm_depthwise_conv_3x3_s8).
     */
    @Test
    void depthwiseS8CountsTheOffsetAddedValue() {
        DwConvParams p = new DwConvParams(0, 2, 1, ONE, ONE, ONE, new Activation(-10, 10));
        ChannelQuant q = new ChannelQuant(new int[] {1 << 30}, new int[] {1});
        SaturationCounter c = new SaturationCounter();
        byte[] out = new byte[1];
        byte[] w = {3, 3, 3, 3, 3, 3, 3, 3, 3};
        Status st = S8Depthwise.depthwiseWrapper(Context.NONE, p, q, new Dims(1, 1, 1, 1), new byte[] {4},
                new Dims(1, 3, 3, 1), w, new int[] {0}, new Dims(1, 1, 1, 1), out, RoundingMode.DEFAULT, c);
        assertThat(st).isEqualTo(Status.SUCCESS);
        assertThat(out).containsExactly(10);
        assertThat(c.outputs()).isEqualTo(1);
        assertThat(c.clipped()).isEqualTo(1);
    }

    /**
     * s16 fully connected, 64-bit path: multiplier 2^30 reduces to (2^30 + 2^15) >> 16 = 16384, and
     * with shift 1 requantize_s64 gives ((acc * 16384) >> 13 + 1) >> 1 = (2 acc + 1) >> 1 = acc. Input
     * {1000}, clamp [-32768, 32767]:
     * <pre>
     * o0  w 40    bias 0      acc 40000    clipped
     * o1  w -40   bias 0      acc -40000   clipped
     * o2  w 1     bias 0      acc 1000     inside
     * o3  w 0     bias 2^31   acc 2^31     (2^31 * 16384) >> 13 = 2^32 leaves int32: an overflow; its
     *                                      low 32 bits are 0, (0 + 1) >> 1 = 0: inside, not clipped
     * </pre>
     * 4 outputs, 2 clipped, 1 overflow, 3 saturated.
     */
    @Test
    void fullyConnectedS16CountsTheTruncationTo32Bits() {
        SaturationCounter c = new SaturationCounter();
        short[] out = new short[4];
        S8FullyConnected.fullyConnectedS16(Context.NONE, new FcParams(0, 0, 0, new Activation(-32768, 32767)), 1 << 30, 1,
                new Dims(1, 1, 1, 1), new short[] {1000}, new Dims(1, 1, 1, 4), new byte[] {40, -40, 1, 0},
                new long[] {0, 0, 0, 1L << 31}, new Dims(1, 1, 1, 4), out, c);
        assertThat(out).containsExactly(32767, -32768, 1000, 0);
        assertThat(c.outputs()).isEqualTo(4);
        assertThat(c.clipped()).isEqualTo(2);
        assertThat(c.requantOverflows()).isEqualTo(1);
        assertThat(c.saturated()).isEqualTo(3);
    }

    /**
     * q7 fully connected, input {100, 100}, bias_shift 0, out_shift 2 (NN_ROUND 2), clamp [-128, 127]:
     * <pre>
     * r0  w (127, 127)    bias 0   2 + 25400 = 25402,  >> 2 = 6350     clipped
     * r1  w (1, 1)        bias 0   2 + 200 = 202,      >> 2 = 50
     * r2  w (-128, -128)  bias 0   2 - 25600 = -25598, >> 2 = -6400    clipped
     * r3  w (1, 0)        bias 3   3 + 2 + 100 = 105,  >> 2 = 26       bias 0b11 has bits below bit 2: dropped
     * r4  w (0, 0)        bias 4   4 + 2 = 6,          >> 2 = 1        0b100: no bit below bit 2
     * </pre>
     * 5 outputs, 2 clipped, no sum near 2^31, 1 bias with dropped bits.
     */
    @Test
    void fullyConnectedQ7CountsSsatClipsAndDroppedBiasBits() {
        int[] w = {127, 127, 1, 1, -128, -128, 1, 0, 0, 0};
        SaturationCounter c = new SaturationCounter();
        int[] bias = {0, 0, 0, 3, 4};
        LegacySaturation.fullyConnected(new int[] {100, 100}, 0, 1, w, 2, 5, LegacySaturation.nnInit(bias, 0, 2), bias, 0, 2, 8, c);
        assertThat(c.outputs()).isEqualTo(5);
        assertThat(c.clipped()).isEqualTo(2);
        assertThat(c.wrappedSums()).isZero();
        assertThat(c.biasBitsDropped()).isEqualTo(1);
        assertThat(c.requantOverflows()).isZero();
    }

    /**
     * q15 fully connected, input {32767, 32767, 32767}, bias 0, out_shift 15 (NN_ROUND 16384),
     * 32767^2 = 1073676289:
     * <pre>
     * r0  w (32767, 32767, 0)      2 * 1073676289 + 16384 = 2147368962 < 2^31 - 1 = 2147483647: no wrap;
     *                              >> 15 = 65532, clipped at 32767
     * r1  w (32767, 32767, 32767)  3 * 1073676289 + 16384 = 3221045251: wraps to 3221045251 - 2^32 =
     *                              -1073922045, >> 15 = -32774 (floor of -32773.5): clipped at -32768
     * r2  w (1, 0, 0)              32767 + 16384 = 49151, >> 15 = 1
     * </pre>
     * 3 outputs, 1 wrapped sum, 2 clipped.
     */
    @Test
    void fullyConnectedQ15CountsSumsThatWrap() {
        int[] w = {32767, 32767, 0, 32767, 32767, 32767, 1, 0, 0};
        SaturationCounter c = new SaturationCounter();
        int[] bias = {0, 0, 0};
        LegacySaturation.fullyConnected(new int[] {32767, 32767, 32767}, 0, 1, w, 3, 3, LegacySaturation.nnInit(bias, 0, 15), bias, 0,
                15, 16, c);
        assertThat(c.outputs()).isEqualTo(3);
        assertThat(c.wrappedSums()).isEqualTo(1);
        assertThat(c.clipped()).isEqualTo(2);
        assertThat(c.biasBitsDropped()).isZero();
    }

    /**
     * q7 3x3 convolution, padding 1, stride 1, of the 2x2 image {50, 50, 50, 50} read at offset 1 of
     * its array, weights all 1, bias 1 with bias_shift 1 (2, bit 1) and out_shift 0 (NN_ROUND 0):
     * every output sees all 4 pixels, 2 + 200 = 202 > 127: 4 outputs, 4 clipped; 2 has no bit below
     * bit 0, so no bias bits dropped. The 1x1 convolution with out_shift 2 (NN_ROUND 2) and the same
     * bias: 2 + 2 + 50 = 54, >> 2 = 13; the shifted bias 2 = 0b10 has bit 1 below bit 2: 4 outputs, 4
     * with dropped bits, 0 clipped.
     */
    @Test
    void convolutionQ7SkipsThePaddingAndCountsEveryPosition() {
        int[] in = {99, 50, 50, 50, 50};
        int[] w3 = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        SaturationCounter c = new SaturationCounter();
        int[] bias = {1};
        LegacySaturation.conv(in, 1, 2, 2, 1, w3, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, LegacySaturation.nnInit(bias, 1, 0), bias, 1, 0, 2, 2,
                8, c);
        assertThat(c.outputs()).isEqualTo(4);
        assertThat(c.clipped()).isEqualTo(4);
        assertThat(c.biasBitsDropped()).isZero();
        SaturationCounter d = new SaturationCounter();
        LegacySaturation.conv(in, 1, 2, 2, 1, new int[] {1}, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, LegacySaturation.nnInit(bias, 1, 2), bias, 1,
                2, 2, 2, 8, d);
        assertThat(d.outputs()).isEqualTo(4);
        assertThat(d.clipped()).isZero();
        assertThat(d.biasBitsDropped()).isEqualTo(4);
    }

    /**
     * The generated depthwise loop with channel multiplier 2, a 1x1 kernel, one pixel {100} of one
     * channel, weights {2, -1}, no bias, out_shift 0 (round 0): sums 200 (beyond 127: clipped) and
     * -100; a missing bias drops no bits. 2 outputs, 1 clipped.
     */
    @Test
    void generatedDepthwiseReadsInputChannelOverMultiplier() {
        SaturationCounter c = new SaturationCounter();
        LegacySaturation.depthwise(new int[] {100}, 0, 1, 1, 1, 2, new int[] {2, -1}, 1, 1, 0, 0, 1, 1, 1, 1,
                LegacySaturation.loopInit(null, 2, 0, 0), null, 0, 0, 1, 1, 8, c);
        assertThat(c.outputs()).isEqualTo(2);
        assertThat(c.clipped()).isEqualTo(1);
        assertThat(c.biasBitsDropped()).isZero();
    }
}
