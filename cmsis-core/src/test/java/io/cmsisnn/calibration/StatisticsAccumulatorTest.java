package io.cmsisnn.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one-pass statistics against values worked out by hand from the rules in TensorStatistics. */
class StatisticsAccumulatorTest {
    private static TensorStatistics of(float... v) {
        StatisticsAccumulator a = new StatisticsAccumulator("t", v.length);
        assertThat(a.add(v, 0)).isEqualTo(-1);
        return a.build();
    }

    @Test
    void zerosKeepTheSignsMathMinAndMaxGive() {
        // Math.min(+0, -0) = -0 and Math.max(-0, +0) = +0 in either order
        assertThat(Double.doubleToRawLongBits(of(0f, -0f).min())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(of(-0f, 0f).max())).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(Double.doubleToRawLongBits(of(-0f, -0f).max())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(of(-0f, 0f, 0f).zeroCount()).isEqualTo(3);
    }

    @Test
    void binsOfNormalSubnormalAndLargeValues() {
        // 0.75 in [2^-1, 2^0): e = 0; -3 in [2^1, 2^2): e = 2; a subnormal and 2^-45 below 2^-40: lowest bin;
        // 2^50 at or above 2^39: highest bin
        TensorStatistics s = of(0.75f, -3f, Float.MIN_VALUE, (float) Math.pow(2, -45), (float) Math.pow(2, 50), 0f);
        assertThat(s.bin(0)).isEqualTo(1);
        assertThat(s.bin(2)).isEqualTo(1);
        assertThat(s.bin(TensorStatistics.MIN_EXPONENT)).isEqualTo(2);
        assertThat(s.bin(TensorStatistics.MAX_EXPONENT)).isEqualTo(1);
        assertThat(s.zeroCount()).isEqualTo(1);
        assertThat(s.min()).isEqualTo(-3.0);
        assertThat(s.max()).isEqualTo(Math.pow(2, 50));
    }

    @Test
    void theFirstNaNOrInfinityIsNamedAndNothingIsCounted() {
        StatisticsAccumulator a = new StatisticsAccumulator("t", 8);
        assertThat(a.add(new float[] {1f, 2f, Float.POSITIVE_INFINITY, Float.NaN}, 0)).isEqualTo(2);
        assertThat(a.add(new float[] {1f, Float.NaN, -1f, 0f}, 0)).isEqualTo(1);
        assertThat(a.add(new float[] {Float.NEGATIVE_INFINITY, 1f, 1f, 1f}, 0)).isEqualTo(0);
        assertThat(a.add(new float[] {Float.MAX_VALUE, -Float.MAX_VALUE, 1f, 1f}, 0)).isEqualTo(-1);
        assertThat(a.add(new float[] {5f, 6f, 7f, 8f}, 4)).isEqualTo(-1);
        TensorStatistics s = a.build();
        assertThat(s.count()).isEqualTo(8);
        assertThat(s.max()).isEqualTo(Float.MAX_VALUE);
        assertThat(s.min()).isEqualTo(-Float.MAX_VALUE);
    }
}
