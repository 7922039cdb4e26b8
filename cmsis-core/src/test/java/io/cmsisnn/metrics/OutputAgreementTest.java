package io.cmsisnn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.report.VerificationReport;
import org.junit.jupiter.api.Test;

/** The figures behind the report's agreement table, on inputs small enough to work out by hand. */
class OutputAgreementTest {

    /**
     * r = [[3, 0], [0, 4]], x = [[3, 1], [2, 1]]: r - x = [0, -1, -2, 3]; squares sum to 14, magnitudes
     * to 6, over 4 values. ||r|| = 5, ||x|| = sqrt(15), r.x = 9 + 4 = 13. Sample 0 picks class 0 in
     * both, sample 1 class 1 in r but 0 in x.
     */
    @Test
    void validateFiguresByHand() {
        VerificationReport.Agreement a = OutputAgreement.of(new float[][] {{3, 0}, {0, 4}}, new float[][] {{3, 1}, {2, 1}},
                true);
        assertThat(a.acc()).isEqualTo(0.5);
        assertThat(a.rmse()).isCloseTo(Math.sqrt(14.0 / 4), within(1e-12));
        assertThat(a.mae()).isCloseTo(1.5, within(1e-12));
        assertThat(a.l2r()).isCloseTo(Math.sqrt(14) / 5, within(1e-12));
        assertThat(a.cos()).isCloseTo(13 / (5 * Math.sqrt(15)), within(1e-12));
    }

    @Test
    void identicalOutputsAgreeFully() {
        float[][] r = {{0.25f, -1}, {2, 0.5f}};
        VerificationReport.Agreement a = OutputAgreement.of(r, r, true);
        assertThat(a.acc()).isEqualTo(1.0);
        assertThat(a.rmse()).isZero();
        assertThat(a.mae()).isZero();
        assertThat(a.l2r()).isZero();
        assertThat(a.cos()).isCloseTo(1.0, within(1e-12));
    }

    /** A regression output has no class to pick; an all-zero reference has no relative error or angle. */
    @Test
    void regressionHasNoAccAndZeroReferenceNoL2r() {
        VerificationReport.Agreement a = OutputAgreement.of(new float[][] {{0, 0}, {0, 0}}, new float[][] {{1, 1}, {-1, -1}}, false);
        assertThat(a.acc()).isNull();
        assertThat(a.rmse()).isEqualTo(1.0);
        assertThat(a.l2r()).isNull();
        assertThat(a.cos()).isNull();
    }
}
