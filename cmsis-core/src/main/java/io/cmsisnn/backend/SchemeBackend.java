package io.cmsisnn.backend;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.data.TestSet;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.plan.MemoryPlan;
import io.cmsisnn.report.VerificationReport;
import java.util.List;

/**
 * A network built by one scheme family: its C, and the prediction of what that C computes. The
 * verifier judges every family through these methods alone, so a new family is one new class.
 */
public sealed interface SchemeBackend permits FloatBackend, FixedPointBackend {

    /** The graph the C code implements. */
    Graph graph();

    /** The generated C files and their sizes. */
    GeneratedNetwork network();

    /** Integer I/O, compared with the emulation bit for bit. */
    boolean fixedPoint();

    /** Where the C network keeps its tensors: the generator's plan, made again for the report. */
    MemoryPlan memoryPlan();

    /**
     * How far the compiled {@link Outputs#raw()} may lie from the emulated ones: 0 for fixed point;
     * for f32 what libm's exp/tanh rounding leaves, as C and Java use the same operation order.
     */
    double tolerance();

    /** The Java prediction of the C network's outputs. */
    Outputs emulate(float[][] inputs, SampleMap samples);

    /** The compiled network's raw outputs as real values. */
    float[][] dequantize(float[][] raw);

    /**
     * Per layer: kernel, cost, quantization and the SNR of its emulated tensor against the same
     * tensor of {@code reference} (the imported graph for f32, the lowered one for fixed point, so
     * the SNR shows the quantization error alone), on at most {@code maxSamples} samples.
     */
    List<VerificationReport.LayerReport> layerReports(Graph imported, TestSet testSet, int maxSamples);

    /**
     * How the network was quantized, or null for f32.
     *
     * @param rangeMethod     the calibration range method as the user spelled it
     * @param calibrationData the calibration file as the report names it
     * @param comparison      a line comparing with another scheme for the notes, or null
     */
    VerificationReport.Quantization quantizationReport(String rangeMethod, double percentile, CalibrationResult calibration,
                                                       String calibrationData, String comparison);

    /** Per quantized tensor, its calibrated values against the range its format holds; empty for f32. */
    List<VerificationReport.ActivationHistogram> activations(CalibrationResult calibration);
}
