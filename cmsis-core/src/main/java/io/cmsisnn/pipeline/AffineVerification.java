package io.cmsisnn.pipeline;

import io.cmsisnn.data.TestSet;
import io.cmsisnn.emulation.AffineNetworkEmulator;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.LayerCost;
import io.cmsisnn.graph.Node;
import io.cmsisnn.metrics.LayerSnr;
import io.cmsisnn.quant.AffineLayer;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineQuant;
import io.cmsisnn.report.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The s8/s16 parts of {@code verify}: emulation, dequantization, per-layer and quantization reports. */
final class AffineVerification {
    private AffineVerification() {
    }

    /** Emulated output codes per sample, as floats (each code exactly). */
    static float[][] emulate(AffineNetwork net, float[][] inputs, Progress progress) {
        AffineNetworkEmulator emulator = new AffineNetworkEmulator(net);
        return progress.map(inputs.length, i -> toFloats(emulator.run(emulator.quantizeInput(inputs[i]))));
    }

    /** Output codes to real values with the output tensor's scale and zero point. */
    static float[][] dequantize(float[][] codes, AffineNetwork net) {
        AffineQuant q = net.outputQuant();
        float[][] out = new float[codes.length][];
        for (int s = 0; s < codes.length; s++) {
            out[s] = new float[codes[s].length];
            for (int i = 0; i < codes[s].length; i++) {
                out[s][i] = q.dequantize((int) codes[s][i]);
            }
        }
        return out;
    }

    static String describe(AffineQuant q) {
        return String.format(Locale.ROOT, "scale %s, zero point %d", Float.toString(q.scale()), q.zeroPoint());
    }

    /** Per layer: kernel, reason, quantization, notes, SNR of the emulated tensor against the lowered float graph's. */
    static List<VerificationReport.LayerReport> layerReports(AffineNetwork net, TestSet testSet, int maxSamples) {
        int n = Math.min(testSet.size(), maxSamples);
        FloatEngine reference = new FloatEngine(net.graph());
        AffineNetworkEmulator emulator = new AffineNetworkEmulator(net);
        int layers = net.layers().size();
        LayerSnr snr = new LayerSnr(layers);
        for (int s = 0; s < n; s++) {
            Map<String, float[]> ref = reference.runAll(testSet.inputs()[s]);
            Map<String, int[]> emu = emulator.runAll(emulator.quantizeInput(testSet.inputs()[s]));
            for (int l = 0; l < layers; l++) {
                String name = net.layers().get(l).node().name();
                snr.add(l, ref.get(name), emulator.dequantize(name, emu.get(name)));
            }
        }
        String weights = "int8 symmetric per " + (net.perChannel() ? "output channel" : "tensor");
        List<VerificationReport.LayerReport> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            AffineLayer layer = net.layers().get(l);
            Node node = layer.node();
            boolean weighted = layer.weightBytes() > 0 && !layer.steps().isEmpty()
                    && !(layer.steps().get(0) instanceof io.cmsisnn.quant.AffineStep.Table);
            out.add(new VerificationReport.LayerReport(node.name(), node.source(), layer.function(), LayerCost.macs(node),
                    layer.weightBytes(), snr.snrDb(l), layer.reason(), describe(layer.input()),
                    describe(layer.output()), weighted ? weights : null, weighted ? (net.bits() == 8 ? "int32" : "int64") : null, null,
                    null, layer.notes()));
        }
        return out;
    }

    /**
     * @param comparison      a line comparing with q7 for the notes, or null
     * @param calibrationData the calibration file as the report names it
     */
    static VerificationReport.Quantization quantizationReport(ConversionSettings settings, Conversion conversion, String comparison,
                                                              String calibrationData) {
        AffineNetwork net = conversion.affine();
        ConversionSettings.Quantization q = settings.quantization();
        List<String> notes = new ArrayList<>(net.notes());
        notes.add("roundingMode " + (net.singleRounding() ? "single" : "default") + ", weights " + (net.perChannel() ? "per-channel"
                : "per-tensor"));
        if (comparison != null) {
            notes.add(comparison);
        }
        return new VerificationReport.Quantization(q.rangeMethod().id(), q.percentile(), conversion.calibration().samples(),
                calibrationData, conversion.calibration().samplesPerSecond(), false,
                describe(net.inputQuant()), describe(net.outputQuant()), notes);
    }

    private static float[] toFloats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return f;
    }
}
