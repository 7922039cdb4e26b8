package io.cmsisnn.backend;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.FormatChoice;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.calibration.TensorStatistics;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.codegen.LegacyCodeGenerator;
import io.cmsisnn.data.TestSet;
import io.cmsisnn.emulation.LegacyNetworkEmulator;
import io.cmsisnn.emulation.SaturationCounter;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.plan.MemoryPlan;
import io.cmsisnn.plan.MemoryPlanner;
import io.cmsisnn.graph.LayerCost;
import io.cmsisnn.graph.Node;
import io.cmsisnn.metrics.LayerSnr;
import io.cmsisnn.quant.LegacyLayer;
import io.cmsisnn.quant.LegacyNetwork;
import io.cmsisnn.quant.LegacyQuantizer;
import io.cmsisnn.quant.QFormat;
import io.cmsisnn.quant.TensorRanges;
import io.cmsisnn.report.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The legacy family: CMSIS 5's q7/q15 kernels with power-of-two formats, predicted by the legacy emulator.
 *
 * @param quantized the q7/q15 network
 * @param network   its C
 */
public record LegacyBackend(LegacyNetwork quantized, GeneratedNetwork network) implements FixedPointBackend {

    /**
     * Quantizes {@code fixed} with the formats calibration suggests for {@code method}, and describes it as C.
     *
     * @param notes notes of the conversion, listed before the quantizer's in the report and the C source
     */
    public static LegacyBackend build(Graph fixed, CalibrationResult calibration, RangeMethod method, double percentile,
                                      LegacyQuantizer.Options options, List<String> notes, SourceHeader header) {
        return build(fixed, calibration, method, percentile, options, null, notes, header);
    }

    /**
     * As {@link #build(Graph, CalibrationResult, RangeMethod, double, LegacyQuantizer.Options, List, SourceHeader)},
     * with the formats {@code found} changed (null: none) and its notes after the conversion's. The search runs
     * apart from this, once, so that a caller may build the network several times from its result.
     *
     * @throws IllegalArgumentException when {@code found} is given for another method than {@link RangeMethod#ACCURACY}
     */
    public static LegacyBackend build(Graph fixed, CalibrationResult calibration, RangeMethod method, double percentile,
                                      LegacyQuantizer.Options options, AccuracyFormatSearch.Result found, List<String> notes,
                                      SourceHeader header) {
        List<String> allNotes = notes;
        if (found != null) {
            allNotes = new ArrayList<>(notes);
            allNotes.addAll(found.notes());
        }
        LegacyNetwork net = withNotes(quantize(fixed, calibration, method, percentile, options, found), allNotes);
        return new LegacyBackend(net, new LegacyCodeGenerator().generate(net, header.name(), header.modelFile(), header.notes(),
                header.raw()));
    }

    /** The emulation of what {@link #build} would make of {@code fixed}, without its C (for searches over many graphs). */
    public static LegacyNetworkEmulator emulator(Graph fixed, CalibrationResult calibration, RangeMethod method, double percentile,
                                                 LegacyQuantizer.Options options, AccuracyFormatSearch.Result found) {
        return new LegacyNetworkEmulator(quantize(fixed, calibration, method, percentile, options, found));
    }

    private static LegacyNetwork quantize(Graph fixed, CalibrationResult calibration, RangeMethod method, double percentile,
                                          LegacyQuantizer.Options options, AccuracyFormatSearch.Result found) {
        if (found != null && method != RangeMethod.ACCURACY) {
            throw new IllegalArgumentException("searched formats go with rangeMethod accuracy, not " + method);
        }
        TensorRanges ranges = suggestions(calibration, method, percentile);
        return new LegacyQuantizer().quantize(fixed, found == null ? ranges : found.ranges(ranges), options);
    }

    /** The formats calibration suggests for {@code method}: where {@link AccuracyFormatSearch} starts. */
    public static TensorRanges suggestions(CalibrationResult calibration, RangeMethod method, double percentile) {
        return (tensor, b) -> {
            FormatChoice c = calibration.choose(tensor, b, method, percentile);
            return new TensorRanges.Suggested(c.frac(), c.note());
        };
    }

    private static LegacyNetwork withNotes(LegacyNetwork net, List<String> notes) {
        if (notes.isEmpty()) {
            return net;
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(net.notes());
        return new LegacyNetwork(net.graph(), net.bits(), net.dsp(), net.formats(), net.layers(), net.arrays(),
                net.scratchElements(), all);
    }

    @Override
    public Graph graph() {
        return quantized.graph();
    }

    @Override
    public MemoryPlan memoryPlan() {
        return new MemoryPlanner(quantized.bits() / 8, 4).plan(graph());
    }

    @Override
    public LegacyNetworkEmulator emulator() {
        return new LegacyNetworkEmulator(quantized);
    }

    @Override
    public float[][] dequantize(float[][] raw) {
        return FixedPointRuns.dequantize(raw, quantized.outputFormat()::dequantize);
    }

    /** The reference is the lowered graph, so the SNR is the quantization error alone. */
    @Override
    public List<VerificationReport.LayerReport> layerReports(Graph imported, TestSet testSet, int maxSamples) {
        int layers = quantized.layers().size();
        SaturationCounter[] counters = new SaturationCounter[layers];
        for (int l = 0; l < layers; l++) {
            LegacyLayer layer = quantized.layers().get(l);
            QFormat f = layer.outputFormat();
            counters[l] = f == null ? new SaturationCounter()
                    : Saturations.counter(layer.node(), f.dequantize(f.min()), f.dequantize(f.max()), f.dequantize(1));
        }
        LayerSnr snr = FixedPointRuns.snr(quantized.graph(), emulator(),
                quantized.layers().stream().map(l -> l.node().name()).toList(), counters, testSet, maxSamples);
        List<VerificationReport.LayerReport> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            LegacyLayer layer = quantized.layers().get(l);
            Node node = layer.node();
            out.add(new VerificationReport.LayerReport(node.name(), node.source(), layer.function(), LayerCost.macs(node),
                    layer.weightBytes(), snr.snrDb(l), layer.reason(), str(layer.inputFormat()),
                    str(layer.outputFormat()), str(layer.weightFormat()), str(layer.biasFormat()), layer.biasShift(),
                    layer.outShift(), layer.notes()).withSaturation(Saturations.report(counters[l])));
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    @Override
    public VerificationReport.Quantization quantizationReport(String rangeMethod, double percentile, CalibrationResult calibration,
                                                              String calibrationData, String comparison) {
        return new VerificationReport.Quantization(rangeMethod, percentile, calibration.samples(), calibrationData,
                calibration.samplesPerSecond(), quantized.dsp(), quantized.inputFormat().toString(),
                quantized.outputFormat().toString(), quantized.notes());
    }

    @Override
    public List<VerificationReport.ActivationHistogram> activations(CalibrationResult calibration) {
        Map<String, TensorStatistics> stats = calibration.statistics();
        List<VerificationReport.ActivationHistogram> out = new ArrayList<>();
        for (LegacyLayer layer : quantized.layers()) {
            TensorStatistics s = stats.get(layer.node().name());
            if (s != null) {
                out.add(ActivationHistograms.legacy(s, layer.outputFormat()));
            }
        }
        return out;
    }
}
