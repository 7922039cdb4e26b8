package io.cmsisnn.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Scales, zero points, weights, biases, activation clamps and softmax/add parameters against
 * values derived by hand from TFLite's quantizer and TFLM's kernel preparation. Ranges are chosen
 * so that the float32 arithmetic is exact (scales are powers of two).
 */
class TfliteQuantParamsTest {

    @Test
    void int8RangeContainingZero() {
        // [-2, 1.984375]: (max - min) / 255 = (255 / 64) / 255 = 1/64; zero = -128 - (-2 * 64) = 0
        assertThat(AffineQuant.int8(-2.0f, 1.984375f)).isEqualTo(new AffineQuant(1 / 64f, 0));
    }

    @Test
    void int8RangeIsWidenedToIncludeZero() {
        // [0.25, 255/128] becomes [0, 255/128]: scale 1/128, zero = -128 - 0 = -128
        assertThat(AffineQuant.int8(0.25f, 1.9921875f)).isEqualTo(new AffineQuant(1 / 128f, -128));
        // [-1.5, -0.5] becomes [-1.5, 0]: scale 1.5 / 255; zero = -128 + 1.5 / scale = 127
        AffineQuant negative = AffineQuant.int8(-1.5f, -0.5f);
        assertThat(negative.zeroPoint()).isEqualTo(127);
        assertThat(negative.scale()).isEqualTo(1.5f / 255f);
    }

    @Test
    void int8ZeroPointRoundsHalfAwayFromZero() {
        // [-129/128, 381/128]: range 510/128 = 255/64, scale 1/64; zero = -128 + 64.5 = -63.5 -> -64
        assertThat(AffineQuant.int8(-1.0078125f, 2.9765625f)).isEqualTo(new AffineQuant(1 / 64f, -64));
    }

    @Test
    void int16IsSymmetric() {
        // max |x| = 32767 / 4096: scale 2^-12, zero point 0
        assertThat(AffineQuant.int16(-3.0f, 7.999755859375f)).isEqualTo(new AffineQuant(0x1p-12f, 0));
        assertThatThrownBy(() -> AffineQuant.int16(0f, 0f)).isInstanceOf(QuantizationException.class)
                .hasMessageContaining("calibrate");
    }

    @Test
    void offsetsAreMinusAndPlusTheZeroPoint() {
        AffineQuant q = new AffineQuant(1 / 64f, -64);
        assertThat(q.inputOffset()).isEqualTo(64);
        assertThat(q.outputOffset()).isEqualTo(-64);
        // 1.0 / (1/64) = 64 steps above the zero point; saturates at the type's limits
        assertThat(q.quantize(1.0f, -128, 127)).isZero();
        assertThat(q.quantize(100f, -128, 127)).isEqualTo(127);
    }

    @Test
    void perChannelWeightsWithAZeroChannel() {
        // conv weights [out=2][4]: channel 0 max |w| = 127/64 -> scale 1/64, values w * 64;
        // 0.2578125 * 64 = 16.5 -> 17 (half away from zero); channel 1 is all zero -> scale 0, values 0
        float[] w = {0.5f, -1.984375f, 0.25f, 0.2578125f, 0f, 0f, 0f, 0f};
        SymmetricWeights q = SymmetricWeights.channelOuter(w, 2);
        assertThat(q.scales()).containsExactly(1 / 64f, 0f);
        assertThat(q.values()).containsExactly(32, -127, 16, 17, 0, 0, 0, 0);
    }

    @Test
    void depthwiseChannelsAreInnermost() {
        // [ky*kx = 2][channels = 2]: channel 0 = {1, -0.5}, channel 1 = {0.25, 0.125}
        SymmetricWeights q = SymmetricWeights.channelInner(new float[] {1f, 0.25f, -0.5f, 0.125f}, 2);
        // scales max/127: 1/127 and 0.25/127; values 127 * w / max
        assertThat(q.values()).containsExactly(127, 127, -64, 64);
        assertThat(q.scales()).containsExactly(1f / 127f, 0.25f / 127f);
    }

    @Test
    void biasIsRoundedOverInputTimesWeightScale() {
        // scale = 1/64 * 1/64 = 1/4096: 1.0 -> 4096; -0.00048828125 = -2/4096 -> -2;
        // 0.0001220703125 = 0.5/4096 -> 1 (half away from zero); a zero weight scale gives 0
        int[] b = BiasQuant.int32(new float[] {1.0f, -0.00048828125f, 0.0001220703125f, 5f}, 1 / 64f,
                new float[] {1 / 64f, 1 / 64f, 1 / 64f, 0f});
        assertThat(b).containsExactly(4096, -2, 1, 0);
        // int64 (16x8): 2^40 * 2^-20 = 2^20 units at scale 2^-20 -> no int32 saturation
        long[] b64 = BiasQuant.int64(new float[] {0x1p20f}, 0x1p-10f, new float[] {0x1p-10f});
        assertThat(b64).containsExactly(1L << 40);
        // the same bias saturates to 2^31 - 1 as int32
        assertThat(BiasQuant.int32(new float[] {0x1p20f}, 0x1p-10f, new float[] {0x1p-10f}))
                .containsExactly(Integer.MAX_VALUE);
    }

    @Test
    void fusedActivationBounds() {
        // scale 1/32, zero -128: relu6 max = -128 + 6 * 32 = 64; relu min = -128 + 0
        AffineQuant out = new AffineQuant(1 / 32f, -128);
        assertThat(ActivationRange.int8(ActivationRange.Fused.RELU6, out)).isEqualTo(new ActivationRange(-128, 64));
        assertThat(ActivationRange.int8(ActivationRange.Fused.RELU, out)).isEqualTo(new ActivationRange(-128, 127));
        // relu_n1_to_1: -128 - 32 -> cut to -128; -128 + 32 = -96
        assertThat(ActivationRange.int8(ActivationRange.Fused.RELU_N1_TO_1, out))
                .isEqualTo(new ActivationRange(-128, -96));
        // zero point -10: relu keeps [-10, 127]
        assertThat(ActivationRange.int8(ActivationRange.Fused.RELU, new AffineQuant(0.1f, -10)))
                .isEqualTo(new ActivationRange(-10, 127));
        // int16, scale 2^-12: relu6 max = 6 * 4096 = 24576
        assertThat(ActivationRange.int16(ActivationRange.Fused.RELU6, new AffineQuant(0x1p-12f, 0)))
                .isEqualTo(new ActivationRange(0, 24576));
        assertThat(ActivationRange.int16(ActivationRange.Fused.NONE, new AffineQuant(0x1p-12f, 0)))
                .isEqualTo(new ActivationRange(-32768, 32767));
    }

    @Test
    void softmaxScaling() {
        // beta 1, scale 1/16: 2^-4 * 2^26 = 2^22 = 0.5 * 2^23 -> (2^30, 23);
        // diff_min = -floor(31 * 2^26 / 2^23) = -248
        assertThat(SoftmaxParams.int8(1.0, 1 / 16f, false)).isEqualTo(new SoftmaxParams(1 << 30, 23, -248));
        // scale 1: 2^26 -> (2^30, 27); -floor(31 * 2^26 / 2^27) = -floor(15.5) = -15
        assertThat(SoftmaxParams.int8(1.0, 1f, false)).isEqualTo(new SoftmaxParams(1 << 30, 27, -15));
        // scale 64: 2^32 is capped at 2^31 - 1 = (1 - 2^-31) * 2^31 -> (2^31 - 1, 31); radius floor(0.96875) = 0
        assertThat(SoftmaxParams.int8(1.0, 64f, false)).isEqualTo(new SoftmaxParams(Integer.MAX_VALUE, 31, 0));
        // single rounding caps at 2^30 - 1 -> q * 2^31 = 2^31 - 2, shift 30; -floor(1.9375) = -1
        assertThat(SoftmaxParams.int8(1.0, 64f, true)).isEqualTo(new SoftmaxParams(Integer.MAX_VALUE - 1, 30, -1));
    }

    @Test
    void addAndMulRescales() {
        // scales 0.5 and 0.25, output 1: twice max = 1; inputs 0.5 -> (2^30, 0), 0.25 -> (2^30, -1);
        // output 1 / (2^20 * 1) = 2^-20 = 0.5 * 2^-19 -> (2^30, -19)
        ElementwiseParams add = ElementwiseParams.add(0.5f, 0.25f, 1.0f, false);
        assertThat(add.input1()).isEqualTo(new QuantizedMultiplier(1 << 30, 0));
        assertThat(add.input2()).isEqualTo(new QuantizedMultiplier(1 << 30, -1));
        assertThat(add.leftShift()).isEqualTo(20);
        assertThat(add.output()).isEqualTo(new QuantizedMultiplier(1 << 30, -19));
        // int16: left shift 15, output 2^-15 -> (2^30, -14)
        assertThat(ElementwiseParams.add(0.5f, 0.25f, 1.0f, true).output()).isEqualTo(new QuantizedMultiplier(1 << 30, -14));
        // mul: 0.5 * 0.25 / 1 = 2^-3 -> (2^30, -2)
        assertThat(ElementwiseParams.mul(0.5f, 0.25f, 1.0f, false)).isEqualTo(new QuantizedMultiplier(1 << 30, -2));
    }
}
