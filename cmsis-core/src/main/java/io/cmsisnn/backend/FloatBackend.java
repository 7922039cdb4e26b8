package io.cmsisnn.backend;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.codegen.CodeGenerator;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.data.TestSet;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.plan.MemoryPlan;
import io.cmsisnn.plan.MemoryPlanner;
import io.cmsisnn.graph.LayerCost;
import io.cmsisnn.graph.Node;
import io.cmsisnn.metrics.LayerSnr;
import io.cmsisnn.report.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The f32 family: the lowered graph as C float loops, predicted by the float engine on the same graph.
 *
 * @param graph   the lowered graph the C implements
 * @param network its C
 */
public record FloatBackend(Graph graph, GeneratedNetwork network) implements SchemeBackend {
    /** f32 C and Java use the same operation order; what remains is libm's exp/tanh rounding. */
    public static final double TOLERANCE = 1e-4;

    /** Describes {@code lowered} as C. */
    public static FloatBackend build(Graph lowered, SourceHeader header) {
        return new FloatBackend(lowered, new CodeGenerator().generate(lowered, header.name(), header.modelFile(), header.notes(), header.raw()));
    }

    @Override
    public boolean fixedPoint() {
        return false;
    }

    @Override
    public MemoryPlan memoryPlan() {
        return new MemoryPlanner(Float.BYTES, 4).plan(graph());
    }

    @Override
    public double tolerance() {
        return TOLERANCE;
    }

    @Override
    public Outputs emulate(float[][] inputs, SampleMap samples) {
        FloatEngine engine = new FloatEngine(graph);
        float[][] out = samples.map(inputs.length, i -> engine.run(inputs[i]));
        return new Outputs(out, out);
    }

    @Override
    public float[][] dequantize(float[][] raw) {
        return raw;
    }

    @Override
    public List<VerificationReport.LayerReport> layerReports(Graph imported, TestSet testSet, int maxSamples) {
        int n = Math.min(testSet.size(), maxSamples);
        FloatEngine reference = new FloatEngine(imported);
        FloatEngine emulation = new FloatEngine(graph);
        int layers = graph.nodes().size();
        LayerSnr snr = new LayerSnr(layers);
        for (int s = 0; s < n; s++) {
            Map<String, float[]> ref = reference.runAll(testSet.inputs()[s]);
            Map<String, float[]> emu = emulation.runAll(testSet.inputs()[s]);
            for (int l = 0; l < layers; l++) {
                String name = graph.nodes().get(l).name();
                snr.add(l, ref.get(name), emu.get(name));
            }
        }
        List<VerificationReport.LayerReport> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Node node = graph.nodes().get(l);
            out.add(new VerificationReport.LayerReport(node.name(), node.source(), network.functionOf(node.name()),
                    LayerCost.macs(node), LayerCost.parameters(node) * 4, snr.snrDb(l),
                    null, null, null, null, null, null, null, List.of()));
        }
        return out;
    }

    @Override
    public VerificationReport.Quantization quantizationReport(String rangeMethod, double percentile, CalibrationResult calibration,
                                                              String calibrationData, String comparison) {
        return null;
    }

    @Override
    public List<VerificationReport.ActivationHistogram> activations(CalibrationResult calibration) {
        return List.of();
    }
}
