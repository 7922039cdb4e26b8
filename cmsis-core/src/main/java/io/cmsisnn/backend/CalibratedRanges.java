package io.cmsisnn.backend;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.EntropyThreshold;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.calibration.TensorStatistics;
import io.cmsisnn.quant.ActivationRanges;
import java.util.Locale;

/**
 * The s8/s16 ranges the calibration methods give: {@code minmax} the observed minimum and maximum;
 * {@code percentile} and {@code search} the same clipped to the magnitude those methods choose for
 * a power-of-two format of the scheme's word size (so outliers they would saturate are saturated
 * here too); {@code entropy} clipped to its threshold itself, not to a power of two. Its levels
 * are those the affine codes give the magnitude: 256 for an s8 tensor of one sign (its zero point
 * sits at one end), 128 for one of both signs (TensorRT's symmetric assumption: half the codes on
 * each side), and for s16 (symmetric) 32,768, more than {@link EntropyThreshold#BINS}, so s16 keeps
 * the min/max range (see {@link EntropyThreshold#magnitude}).
 */
public final class CalibratedRanges implements ActivationRanges {
    private final CalibrationResult calibration;
    private final RangeMethod method;
    private final double percentile;
    private final int bits;

    public CalibratedRanges(CalibrationResult calibration, RangeMethod method, double percentile, int bits) {
        this.calibration = calibration;
        this.method = method;
        this.percentile = percentile;
        this.bits = bits;
    }

    @Override
    public Range range(String tensor) {
        return range(tensor, bits);
    }

    /** The range for {@code bits}-bit codes: percentile and search choose it for the word size. */
    @Override
    public Range range(String tensor, int bits) {
        TensorStatistics s = calibration.statistics(tensor);
        float min = (float) s.min();
        float max = (float) s.max();
        if (s.count() == 0) {
            return new Range(0f, 0f, "calibration saw no values of tensor '" + tensor + "'");
        }
        if (method == RangeMethod.MINMAX || s.maxAbs() == 0) {
            return new Range(min, max, null);
        }
        float limit = (float) (method == RangeMethod.ENTROPY ? EntropyThreshold.magnitude(s, levels(s))
                : calibration.choose(tensor, bits, method, percentile).range());
        if (min >= -limit && max <= limit) {
            return new Range(min, max, null);
        }
        return new Range(Math.max(min, -limit), Math.min(max, limit), String.format(Locale.ROOT,
                "range of tensor '%s' clipped from [%.4g, %.4g] to +-%.4g by rangeMethod %s", tensor, s.min(), s.max(), limit,
                method.id()));
    }

    private int levels(TensorStatistics s) {
        boolean oneSign = s.min() >= 0 || s.max() <= 0;
        return bits == 8 && oneSign ? 256 : 1 << (bits - 1);
    }
}
