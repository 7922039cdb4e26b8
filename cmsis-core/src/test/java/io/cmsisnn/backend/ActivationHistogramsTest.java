package io.cmsisnn.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.calibration.TensorStatistics;
import io.cmsisnn.quant.AffineQuant;
import io.cmsisnn.quant.QFormat;
import io.cmsisnn.report.VerificationReport;
import org.junit.jupiter.api.Test;

/** The activation pictures' figures, on values few enough to count by hand. */
class ActivationHistogramsTest {

    /**
     * 0.3 lies in [2^-2, 2^-1): bin e = -1; 0.5 and 0.75 in bin 0; 1 in bin 1; 3 in bin 2; -5 in bin 3;
     * two zeros. Q2.5 (q7, frac 5) holds [-4, 127/32]; |x| >= 4 is -5 only: 1 of 8 values.
     */
    @Test
    void powerOfTwoBinsAndLegacyClippedShare() {
        TensorStatistics s = TensorStatistics.of("t", 0, 0.3f, 0.5f, 0.75f, 1, 3, -5, 0);
        VerificationReport.ActivationHistogram h = ActivationHistograms.legacy(s, new QFormat(8, 5));
        assertThat(h.firstExponent()).isEqualTo(-1);
        assertThat(h.bins()).containsExactly(1L, 2L, 1L, 1L, 1L);
        assertThat(h.zeros()).isEqualTo(2);
        assertThat(h.count()).isEqualTo(8);
        assertThat(h.rangeLow()).isEqualTo(-4.0);
        assertThat(h.rangeHigh()).isEqualTo(127.0 / 32);
        assertThat(h.clippedShare()).isEqualTo(1.0 / 8);
        // Q3.4 holds [-8, 7.9375]: nothing is clipped
        assertThat(ActivationHistograms.legacy(s, new QFormat(8, 4)).clippedShare()).isZero();
    }

    /** int8 scale 0.02, zero point 0 holds [-2.56, 2.54]: 3 and -5 fall outside, 2 of 8 values. */
    @Test
    void affineClippedShareFromTheSample() {
        TensorStatistics s = TensorStatistics.of("t", 0, 0.3f, 0.5f, 0.75f, 1, 3, -5, 0);
        VerificationReport.ActivationHistogram h = ActivationHistograms.affine(s, new AffineQuant(0.02f, 0), -128, 127);
        assertThat(h.rangeLow()).isCloseTo(-2.56, within(1e-6));
        assertThat(h.rangeHigh()).isCloseTo(2.54, within(1e-6));
        assertThat(h.clippedShare()).isEqualTo(0.25);
        assertThat(h.bins()).containsExactly(1L, 2L, 1L, 1L, 1L);
        // 2.545 rounds to the top code 127 (2.54); 2.56 lies beyond 2.54 + 0.01 and saturates
        TensorStatistics edge = TensorStatistics.of("e", 2.545f, 2.56f);
        assertThat(ActivationHistograms.affine(edge, new AffineQuant(0.02f, 0), -128, 127).clippedShare()).isEqualTo(0.5);
    }
}
