package io.cmsisnn.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.calibration.TensorStatistics;
import io.cmsisnn.quant.ActivationRanges;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The range of a tensor follows the word size it is held in, so that an int16 tensor of an s8
 * network with widened layers gets the range an s16 build would give it.
 */
class CalibratedRangesWordSizeTest {

    /**
     * Ten values 1/128 and one 65/64 (CalibrationResultTest's search case): in 8 bits search picks frac 7,
     * range 1, and clips 65/64; in 16 bits minmax's frac 15 - ceil(log2(65/64)) = 14 holds both exactly
     * (65/64 * 2^14 = 16640), so search keeps it and the range is the calibrated one.
     */
    @Test
    void searchClipsInEightBitsButNotInSixteen() {
        float[] v = new float[11];
        Arrays.fill(v, 1f / 128);
        v[10] = 65f / 64;
        CalibrationResult calibration = new CalibrationResult(Map.of("t", TensorStatistics.of("t", v)), 1, 0);
        CalibratedRanges ranges = new CalibratedRanges(calibration, RangeMethod.SEARCH, 99.99, 8);
        ActivationRanges.Range eight = ranges.range("t");
        assertThat(eight.max()).isEqualTo(1f);
        assertThat(eight.note()).contains("clipped");
        assertThat(ranges.range("t", 8)).isEqualTo(eight);
        ActivationRanges.Range sixteen = ranges.range("t", 16);
        assertThat(sixteen.min()).isEqualTo(1f / 128);
        assertThat(sixteen.max()).isEqualTo(65f / 64);
        assertThat(sixteen.note()).isNull();
    }
}
