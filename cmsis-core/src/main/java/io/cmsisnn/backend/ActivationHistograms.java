package io.cmsisnn.backend;

import io.cmsisnn.calibration.TensorStatistics;
import io.cmsisnn.quant.AffineQuant;
import io.cmsisnn.quant.QFormat;
import io.cmsisnn.report.VerificationReport;
import java.util.Arrays;
import java.util.List;

/** A tensor's calibrated values against the range its fixed-point format holds, for report.html's pictures. */
public final class ActivationHistograms {
    private ActivationHistograms() {
    }

    /**
     * A q7/q15 tensor: the format holds {@code [-2^E, 2^E - 2^-frac]}, E its integer bits; a value
     * is clipped when {@code |x| >= 2^E}, which the power-of-two bins count exactly (bins above E).
     */
    public static VerificationReport.ActivationHistogram legacy(TensorStatistics s, QFormat format) {
        int e = format.intBits();
        long over = 0;
        for (int b = Math.max(e + 1, TensorStatistics.MIN_EXPONENT); b <= TensorStatistics.MAX_EXPONENT; b++) {
            over += s.bin(b);
        }
        double step = Math.scalb(1.0, -format.frac());
        return histogram(s, format.min() * step, format.max() * step, s.count() == 0 ? 0 : (double) over / s.count(),
                "values with |x| >= 2^" + e + ", counted exactly");
    }

    /**
     * An s8/s16 tensor holds {@code scale * (q - zeroPoint)} for q in [qmin, qmax]. A value is clipped
     * when it lies more than half a step beyond an end (rounding alone would reach the end code). The
     * ends need not be powers of two, so the share is counted on calibration's stored sample of values.
     */
    public static VerificationReport.ActivationHistogram affine(TensorStatistics s, AffineQuant quant, int qmin, int qmax) {
        double low = quant.dequantize(qmin);
        double high = quant.dequantize(qmax);
        double half = quant.scale() / 2.0;
        float[] sample = s.sample();
        long outside = 0;
        for (float v : sample) {
            if (v < low - half || v > high + half) {
                outside++;
            }
        }
        return histogram(s, low, high, sample.length == 0 ? 0 : (double) outside / sample.length,
                "estimated on " + sample.length + " sampled values");
    }

    /** The statistics' power-of-two bins, cut to the span from the lowest to the highest that holds a value. */
    private static VerificationReport.ActivationHistogram histogram(TensorStatistics s, double low, double high, double clipped,
                                                                    String basis) {
        long[] all = s.histogram();
        int first = 0;
        while (first < all.length && all[first] == 0) {
            first++;
        }
        int last = all.length - 1;
        while (last >= first && all[last] == 0) {
            last--;
        }
        List<Long> bins = first > last ? List.of() : Arrays.stream(all, first, last + 1).boxed().toList();
        return new VerificationReport.ActivationHistogram(s.name(), s.count(), s.zeroCount(),
                first > last ? 0 : first + TensorStatistics.MIN_EXPONENT, bins, low, high, clipped, basis);
    }
}
