package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.report.VerificationReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures behind the report's pictures, on inputs small enough to work out by hand. */
class ReportDiagnosticsTest {

    @Test
    void confusionCountsLabelsByPredictedClass() {
        float[][] outputs = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0.2f, 0.9f}};
        VerificationReport.ConfusionMatrix m = ReportDiagnostics.confusion(new int[] {0, 1, 1, 2}, outputs, 3);
        assertThat(m.counts()).containsExactly(List.of(1L, 0L, 0L), List.of(0L, 1L, 1L), List.of(0L, 0L, 1L));
    }

    /** Errors 1, -1, 0 over [-1, 1] in 21 bins of width 2/21: the first, the last and the middle bin. */
    @Test
    void errorHistogramIsSymmetricAboutZero() {
        VerificationReport.ErrorHistogram h = ReportDiagnostics.errors(new float[][] {{0, 0, 0}}, new float[][] {{1, -1, 0}});
        assertThat(h.low()).isEqualTo(-1.0);
        assertThat(h.high()).isEqualTo(1.0);
        assertThat(h.counts()).hasSize(21);
        assertThat(h.counts().get(0)).isEqualTo(1);
        assertThat(h.counts().get(10)).isEqualTo(1);
        assertThat(h.counts().get(20)).isEqualTo(1);
        assertThat(h.counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    }
}
