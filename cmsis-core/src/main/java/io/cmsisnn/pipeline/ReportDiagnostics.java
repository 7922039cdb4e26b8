package io.cmsisnn.pipeline;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.metrics.OutputAgreement;
import io.cmsisnn.plan.MemoryPlan;
import io.cmsisnn.report.VerificationReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The data behind report.html's pictures, taken from a verification run's outputs, calibration and memory plan. */
final class ReportDiagnostics {
    /** Bins of the error histogram: odd, so that 0 sits in the middle of one bin. */
    static final int ERROR_BINS = 21;

    private ReportDiagnostics() {
    }

    static VerificationReport.Diagnostics of(Conversion conversion, float[][] floatOut, float[][] emulated, float[][] compiled,
                                             int[] labels) {
        List<VerificationReport.OutputMetrics> outputs = List.of(new VerificationReport.OutputMetrics(
                conversion.lowered().outputName(), OutputAgreement.of(floatOut, emulated, labels != null),
                OutputAgreement.of(floatOut, compiled, labels != null)));
        VerificationReport.ConfusionMatrix confusion = labels == null ? null
                : confusion(labels, compiled, conversion.lowered().outputShape().size());
        VerificationReport.ErrorHistogram errors = labels == null ? errors(floatOut, compiled) : null;
        return new VerificationReport.Diagnostics(outputs, confusion, errors, activations(conversion),
                memoryPlan(conversion));
    }

    static VerificationReport.ConfusionMatrix confusion(int[] labels, float[][] outputs, int classes) {
        long[][] counts = new long[classes][classes];
        for (int s = 0; s < labels.length; s++) {
            counts[labels[s]][Metrics.argmax(outputs[s])]++;
        }
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : counts) {
            rows.add(Arrays.stream(row).boxed().toList());
        }
        return new VerificationReport.ConfusionMatrix(rows);
    }

    /** {@code candidate - reference} per value, in {@link #ERROR_BINS} bins symmetric about 0. */
    static VerificationReport.ErrorHistogram errors(float[][] reference, float[][] candidate) {
        double largest = 0;
        for (int s = 0; s < reference.length; s++) {
            for (int i = 0; i < reference[s].length; i++) {
                largest = Math.max(largest, Math.abs((double) candidate[s][i] - reference[s][i]));
            }
        }
        double half = largest == 0 ? 1 : largest;
        long[] counts = new long[ERROR_BINS];
        double width = 2 * half / ERROR_BINS;
        for (int s = 0; s < reference.length; s++) {
            for (int i = 0; i < reference[s].length; i++) {
                double d = (double) candidate[s][i] - reference[s][i];
                counts[Math.min(ERROR_BINS - 1, (int) ((d + half) / width))]++;
            }
        }
        return new VerificationReport.ErrorHistogram("compiled minus float, per output value", -half, half,
                Arrays.stream(counts).boxed().toList());
    }

    private static List<VerificationReport.ActivationHistogram> activations(Conversion conversion) {
        CalibrationResult calibration = conversion.calibration();
        return calibration == null ? List.of() : conversion.backend().activations(calibration);
    }

    /**
     * The generators' plan, made again by the backend (graph, element sizes, the 4-byte alignment every
     * generator uses). Null when the sizes disagree with the generated network.
     */
    private static VerificationReport.MemoryTimeline memoryPlan(Conversion conversion) {
        Graph graph = conversion.lowered();
        MemoryPlan plan = conversion.backend().memoryPlan();
        if (plan.arenaBytes() != conversion.network().activationBytes()) {
            return null;
        }
        List<VerificationReport.TensorRegion> regions = new ArrayList<>();
        for (Map.Entry<String, MemoryPlan.Lifetime> e : plan.lifetimes().entrySet()) {
            MemoryPlan.Lifetime l = e.getValue();
            regions.add(new VerificationReport.TensorRegion(e.getKey(), plan.offsetOf(e.getKey()), l.bytes(), l.firstStep(),
                    l.lastStep()));
        }
        return new VerificationReport.MemoryTimeline(plan.arenaBytes(), plan.lowerBoundBytes(), graph.nodes().size() + 2, regions);
    }
}
