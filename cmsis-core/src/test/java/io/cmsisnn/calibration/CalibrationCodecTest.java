package io.cmsisnn.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibrationCodecTest {
    @Test
    void statisticsComeBackBitForBit() {
        Map<String, TensorStatistics> stats = new LinkedHashMap<>();
        stats.put("in", TensorStatistics.of("in", 1f, -2f, 0f, -0f, 3.5e-39f, Float.MIN_VALUE));
        stats.put("relu", TensorStatistics.of("relu", 0f, 6f, 0.1f));
        CalibrationResult r = new CalibrationResult(stats, 2, 123.5);
        CalibrationResult back = CalibrationCodec.decode(CalibrationCodec.encode(r));
        assertThat(back.samples()).isEqualTo(2);
        assertThat(back.samplesPerSecond()).isEqualTo(123.5);
        assertThat(back.statistics().keySet()).containsExactly("in", "relu");
        for (String t : stats.keySet()) {
            TensorStatistics a = stats.get(t);
            TensorStatistics b = back.statistics(t);
            assertThat(Double.doubleToRawLongBits(b.min())).isEqualTo(Double.doubleToRawLongBits(a.min()));
            assertThat(b.max()).isEqualTo(a.max());
            assertThat(b.zeroCount()).isEqualTo(a.zeroCount());
            assertThat(b.histogram()).isEqualTo(a.histogram());
            assertThat(Arrays.equals(b.sample(), a.sample())).isTrue();
        }
        // -2 is the smallest input value and 0, -0 are its zeros (two of six)
        assertThat(back.statistics("in").min()).isEqualTo(-2.0);
        assertThat(back.statistics("in").zeroCount()).isEqualTo(2);
    }

    @Test
    void damagedBytesAreRefused() {
        byte[] good = CalibrationCodec.encode(new CalibrationResult(Map.of("x", TensorStatistics.of("x", 1f, 2f)), 1, 0));
        assertThatThrownBy(() -> CalibrationCodec.decode(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CalibrationCodec.decode("garbage".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
