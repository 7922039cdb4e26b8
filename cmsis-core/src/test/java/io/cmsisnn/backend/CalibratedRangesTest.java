package io.cmsisnn.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.calibration.TensorStatistics;
import io.cmsisnn.quant.ActivationRanges.Range;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The s8/s16 ranges of rangeMethod entropy, against bounds worked out by hand in EntropyThresholdTest. */
class CalibratedRangesTest {

    /** 1,000 values (k/1000)^2 in (0, 1] and three outliers of magnitude 100, of the given signs. */
    private static TensorStatistics body(String name, float... outliers) {
        float[] v = new float[1000 + outliers.length];
        for (int k = 1; k <= 1000; k++) {
            v[k - 1] = (float) ((k / 1000.0) * (k / 1000.0));
        }
        System.arraycopy(outliers, 0, v, 1000, outliers.length);
        return TensorStatistics.of(name, v);
    }

    private static CalibrationResult calibration() {
        Map<String, TensorStatistics> m = new LinkedHashMap<>();
        m.put("relu", body("relu", 100f, 100f, 100f));
        m.put("mixed", body("mixed", 100f, -100f, 100f));
        return new CalibrationResult(m, 1, 0);
    }

    /*
     * Bins of 100/2048 over [0, 100]; the body fills bins 0..20. One sign in s8: 256 levels, the
     * threshold within [256, 512) bins = [12.5, 25); both signs: 128 levels, [6.25, 12.5).
     */
    @Test
    void s8ClipsToTheEntropyThresholdWithTheLevelsOfTheTensorsSigns() {
        CalibratedRanges s8 = new CalibratedRanges(calibration(), RangeMethod.ENTROPY, 0, 8);
        Range relu = s8.range("relu");
        assertThat(relu.min()).isEqualTo(1e-6f);
        assertThat((double) relu.max()).isGreaterThanOrEqualTo(12.5).isLessThan(25.0);
        assertThat(relu.note()).startsWith("range of tensor 'relu' clipped from [1.000e-06, 100.0] to +-").endsWith("by rangeMethod entropy");
        Range mixed = s8.range("mixed");
        assertThat((double) mixed.max()).isGreaterThanOrEqualTo(6.25).isLessThan(12.5);
        assertThat(mixed.min()).isEqualTo(-mixed.max());
    }

    /** 2^15 levels outnumber the bins: s16 keeps the observed range. */
    @Test
    void s16KeepsTheMinMaxRange() {
        Range r = new CalibratedRanges(calibration(), RangeMethod.ENTROPY, 0, 16).range("mixed");
        assertThat(r.min()).isEqualTo(-100f);
        assertThat(r.max()).isEqualTo(100f);
        assertThat(r.note()).isNull();
    }
}
