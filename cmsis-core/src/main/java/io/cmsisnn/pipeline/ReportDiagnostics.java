package io.cmsisnn.pipeline;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.TensorStatistics;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.metrics.OutputAgreement;
import io.cmsisnn.plan.MemoryPlan;
import io.cmsisnn.plan.MemoryPlanner;
import io.cmsisnn.quant.AffineLayer;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineQuant;
import io.cmsisnn.quant.LegacyLayer;
import io.cmsisnn.quant.QFormat;
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
        List<VerificationReport.ActivationHistogram> out = new ArrayList<>();
        if (calibration == null) {
            return out;
        }
        Map<String, TensorStatistics> stats = calibration.statistics();
        if (conversion.legacy() != null) {
            for (LegacyLayer layer : conversion.legacy().layers()) {
                TensorStatistics s = stats.get(layer.node().name());
                if (s != null) {
                    out.add(legacy(s, layer.outputFormat()));
                }
            }
        } else if (conversion.affine() != null) {
            AffineNetwork net = conversion.affine();
            for (AffineLayer layer : net.layers()) {
                TensorStatistics s = stats.get(layer.node().name());
                if (s != null) {
                    out.add(affine(s, layer.output(), net.qmin(), net.qmax()));
                }
            }
        }
        return out;
    }

    /**
     * A q7/q15 tensor: the format holds {@code [-2^E, 2^E - 2^-frac]}, E its integer bits; a value
     * is clipped when {@code |x| >= 2^E}, which the power-of-two bins count exactly (bins above E).
     */
    static VerificationReport.ActivationHistogram legacy(TensorStatistics s, QFormat format) {
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
    static VerificationReport.ActivationHistogram affine(TensorStatistics s, AffineQuant quant, int qmin, int qmax) {
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

    /**
     * The generators' plan, made again: offsets depend only on the graph, the element size and the
     * 4-byte alignment every generator uses. Null when the sizes disagree with the generated network.
     */
    private static VerificationReport.MemoryTimeline memoryPlan(Conversion conversion) {
        Graph graph;
        int elementBytes;
        if (conversion.legacy() != null) {
            graph = conversion.legacy().graph();
            elementBytes = conversion.legacy().bits() / 8;
        } else if (conversion.affine() != null) {
            graph = conversion.affine().graph();
            elementBytes = conversion.affine().bits() / 8;
        } else {
            graph = conversion.lowered();
            elementBytes = 4;
        }
        MemoryPlan plan = new MemoryPlanner(elementBytes, 4).plan(graph);
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
