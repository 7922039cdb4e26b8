package io.cmsisnn.quant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link QuantizedMultiplier} against values derived by hand from TFLM's QuantizeMultiplier:
 * (q, e) = frexp(scale) with q in [0.5, 1); multiplier = round(q * 2^31) (half away from zero);
 * 2^31 becomes 2^30 with e + 1; e < -31 flushes to (0, 0); single rounding caps e at 30.
 */
class QuantizedMultiplierTest {

    @Test
    void powersOfTwoAndHalves() {
        // 0.5 = 0.5 * 2^0 -> 0.5 * 2^31 = 2^30, shift 0
        assertThat(QuantizedMultiplier.of(0.5)).isEqualTo(new QuantizedMultiplier(1 << 30, 0));
        // 1.0 = 0.5 * 2^1 -> 2^30, shift 1
        assertThat(QuantizedMultiplier.of(1.0)).isEqualTo(new QuantizedMultiplier(1 << 30, 1));
        // 0.75 = 0.75 * 2^0 -> 0.75 * 2^31 = 1610612736
        assertThat(QuantizedMultiplier.of(0.75)).isEqualTo(new QuantizedMultiplier(1610612736, 0));
    }

    @Test
    void scaleAboveOneGivesPositiveShift() {
        // 3.0 = 0.75 * 2^2 -> (1610612736, 2): a left shift before the high multiply
        assertThat(QuantizedMultiplier.of(3.0)).isEqualTo(new QuantizedMultiplier(1610612736, 2));
        // 2^31 = 0.5 * 2^32: the default build keeps shift 32 ...
        assertThat(QuantizedMultiplier.of(0x1p31)).isEqualTo(new QuantizedMultiplier(1 << 30, 32));
        // ... single rounding cannot shift by more than 30 and saturates to (2^31 - 1, 30)
        assertThat(QuantizedMultiplier.ofSingleRounding(0x1p31))
                .isEqualTo(new QuantizedMultiplier(Integer.MAX_VALUE, 30));
        // below the cap both builds agree
        assertThat(QuantizedMultiplier.ofSingleRounding(3.0)).isEqualTo(QuantizedMultiplier.of(3.0));
    }

    @Test
    void inexactScaleRoundsToNearest() {
        // 0.1 = 0.8 * 2^-3; 0.8 * 2^31 = 1717986918.4 -> 1717986918
        assertThat(QuantizedMultiplier.of(0.1)).isEqualTo(new QuantizedMultiplier(1717986918, -3));
    }

    @Test
    void mantissaRoundingUpToOneCarriesIntoTheShift() {
        // 1 - 2^-40 = q * 2^0 with q * 2^31 = 2^31 - 2^-9, which rounds to 2^31: halved to 2^30, shift 1
        assertThat(QuantizedMultiplier.of(1 - 0x1p-40)).isEqualTo(new QuantizedMultiplier(1 << 30, 1));
    }

    @Test
    void verySmallScalesUnderflowToZero() {
        // 2^-32 = 0.5 * 2^-31: shift -31 is still representable
        assertThat(QuantizedMultiplier.of(0x1p-32)).isEqualTo(new QuantizedMultiplier(1 << 30, -31));
        // 2^-33 = 0.5 * 2^-32: shift < -31, flushed to (0, 0)
        assertThat(QuantizedMultiplier.of(0x1p-33)).isEqualTo(new QuantizedMultiplier(0, 0));
        // a subnormal double too
        assertThat(QuantizedMultiplier.of(Double.MIN_VALUE)).isEqualTo(new QuantizedMultiplier(0, 0));
    }

    @Test
    void allZeroWeightChannelGivesZeroMultiplier() {
        // the channel's weight scale is 0 (max |w| = 0), so in * 0 / out = 0 -> (0, 0)
        double scale = QuantizedMultiplier.effectiveScale(0.5f, 0.0f, 0.125f);
        assertThat(scale).isZero();
        assertThat(QuantizedMultiplier.of(scale)).isEqualTo(new QuantizedMultiplier(0, 0));
    }

    @Test
    void effectiveScaleIsTheDoubleProductOfFloatScales() {
        // 0.5 * 0.25 / 0.125 = 1.0 exactly
        assertThat(QuantizedMultiplier.effectiveScale(0.5f, 0.25f, 0.125f)).isEqualTo(1.0);
        // 0.1f is 0.100000001490116...: promoted to double before multiplying, not rounded to float
        assertThat(QuantizedMultiplier.effectiveScale(0.1f, 1.0f, 1.0f)).isEqualTo((double) 0.1f);
        assertThat(QuantizedMultiplier.effectiveScale(0.1f, 0.1f, 1.0f)).isEqualTo((double) 0.1f * (double) 0.1f)
                .isNotEqualTo((double) (0.1f * 0.1f));
    }

    @Test
    void toDoubleRecoversExactScales() {
        assertThat(new QuantizedMultiplier(1610612736, 2).toDouble()).isEqualTo(3.0);
        assertThat(new QuantizedMultiplier(1 << 30, -31).toDouble()).isEqualTo(0x1p-32);
    }
}
