package io.cmsisnn.backend;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.calibration.TensorStatistics;
import io.cmsisnn.codegen.AffineCodeGenerator;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.data.TestSet;
import io.cmsisnn.emulation.AffineNetworkEmulator;
import io.cmsisnn.emulation.SaturationCounter;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.plan.AffinePlan;
import io.cmsisnn.plan.MemoryPlan;
import io.cmsisnn.graph.LayerCost;
import io.cmsisnn.graph.Node;
import io.cmsisnn.metrics.LayerSnr;
import io.cmsisnn.quant.AffineLayer;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineQuant;
import io.cmsisnn.quant.AffineQuantizer;
import io.cmsisnn.quant.AffineStep;
import io.cmsisnn.report.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The affine family: CMSIS-NN's s8/s16 kernels with scale and zero point, predicted by the affine emulator.
 *
 * @param quantized the s8/s16 network
 * @param network   its C
 */
public record AffineBackend(AffineNetwork quantized, GeneratedNetwork network) implements FixedPointBackend {

    /**
     * Quantizes {@code fixed} with the ranges calibration gives for {@code method}, and describes it as C.
     *
     * @param notes notes of the conversion, listed before the quantizer's in the report and the C source
     */
    public static AffineBackend build(Graph fixed, CalibrationResult calibration, RangeMethod method, double percentile,
                                      AffineQuantizer.Options options, List<String> notes, SourceHeader header) {
        AffineNetwork net = quantize(fixed, calibration, method, percentile, options).withNotes(notes);
        return new AffineBackend(net, new AffineCodeGenerator().generate(net, header.name(), header.modelFile(), header.notes(),
                header.raw()));
    }

    /** The emulation of what {@link #build} would make of {@code fixed}, without its C (for searches over many graphs). */
    public static AffineNetworkEmulator emulator(Graph fixed, CalibrationResult calibration, RangeMethod method, double percentile,
                                                 AffineQuantizer.Options options) {
        return new AffineNetworkEmulator(quantize(fixed, calibration, method, percentile, options));
    }

    private static AffineNetwork quantize(Graph fixed, CalibrationResult calibration, RangeMethod method, double percentile,
                                          AffineQuantizer.Options options) {
        return new AffineQuantizer().quantize(fixed, new CalibratedRanges(calibration, method, percentile, options.bits()), options);
    }

    /** What the quantizer noted of single layers (zero ranges, zero channels, underflowing rescales). */
    public List<String> layerNotes() {
        List<String> out = new ArrayList<>();
        quantized.layers().forEach(l -> out.addAll(l.notes()));
        return out;
    }

    @Override
    public Graph graph() {
        return quantized.graph();
    }

    @Override
    public MemoryPlan memoryPlan() {
        return AffinePlan.of(quantized);
    }

    @Override
    public AffineNetworkEmulator emulator() {
        return new AffineNetworkEmulator(quantized);
    }

    /** Output codes to real values with the output tensor's scale and zero point. */
    @Override
    public float[][] dequantize(float[][] raw) {
        return FixedPointRuns.dequantize(raw, quantized.outputQuant()::dequantize);
    }

    /** The reference is the lowered graph, so the SNR is the quantization error alone. */
    @Override
    public List<VerificationReport.LayerReport> layerReports(Graph imported, TestSet testSet, int maxSamples) {
        int layers = quantized.layers().size();
        SaturationCounter[] counters = new SaturationCounter[layers];
        for (int l = 0; l < layers; l++) {
            AffineLayer layer = quantized.layers().get(l);
            AffineQuant q = layer.output();
            String t = layer.node().name();
            counters[l] = Saturations.counter(layer.node(), q.dequantize(quantized.qmin(t)), q.dequantize(quantized.qmax(t)), q.scale());
        }
        LayerSnr snr = FixedPointRuns.snr(quantized.graph(), emulator(),
                quantized.layers().stream().map(l -> l.node().name()).toList(), counters, testSet, maxSamples);
        List<VerificationReport.LayerReport> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            AffineLayer layer = quantized.layers().get(l);
            Node node = layer.node();
            AffineStep.Weights w = weightsOf(layer);
            out.add(new VerificationReport.LayerReport(node.name(), node.source(), layer.function(), LayerCost.macs(node),
                    layer.weightBytes(), snr.snrDb(l), layer.reason(), word(node.inputs().get(0)) + describe(layer.input()),
                    word(node.name()) + describe(layer.output()),
                    w == null ? null : "int8 symmetric per " + (w.perChannel() ? "output channel" : "tensor"),
                    w == null ? null : w.int64Bias() ? "int64" : "int32", null, null, layer.notes())
                    .withSaturation(Saturations.report(counters[l])));
        }
        return out;
    }

    /**
     * The weights of a layer's weighted call, as its step holds them (whether they are per channel
     * depends on the kernel as well as on the setting), or null for a layer without weights.
     */
    private static AffineStep.Weights weightsOf(AffineLayer layer) {
        for (AffineStep step : layer.steps()) {
            AffineStep.Weights w = step.weightsOrNull();
            if (w != null) {
                return w;
            }
        }
        return null;
    }

    /** "int16 " or "int8 " before a tensor's quantization in an s8 network with int16 layers, else nothing. */
    private String word(String tensor) {
        return quantized.mixed() ? "int" + quantized.bits(tensor) + " " : "";
    }

    private static String describe(AffineQuant q) {
        return String.format(Locale.ROOT, "scale %s, zero point %d", Float.toString(q.scale()), q.zeroPoint());
    }

    @Override
    public VerificationReport.Quantization quantizationReport(String rangeMethod, double percentile, CalibrationResult calibration,
                                                              String calibrationData, String comparison) {
        List<String> notes = new ArrayList<>(quantized.notes());
        notes.add("roundingMode " + (quantized.singleRounding() ? "single" : "default") + ", weights "
                + (quantized.perChannel() ? "per-channel" : "per-tensor"));
        if (comparison != null) {
            notes.add(comparison);
        }
        return new VerificationReport.Quantization(rangeMethod, percentile, calibration.samples(), calibrationData,
                calibration.samplesPerSecond(), false, describe(quantized.inputQuant()), describe(quantized.outputQuant()), notes);
    }

    @Override
    public List<VerificationReport.ActivationHistogram> activations(CalibrationResult calibration) {
        Map<String, TensorStatistics> stats = calibration.statistics();
        List<VerificationReport.ActivationHistogram> out = new ArrayList<>();
        for (AffineLayer layer : quantized.layers()) {
            TensorStatistics s = stats.get(layer.node().name());
            if (s != null) {
                String t = layer.node().name();
                out.add(ActivationHistograms.affine(s, layer.output(), quantized.qmin(t), quantized.qmax(t)));
            }
        }
        return out;
    }
}
