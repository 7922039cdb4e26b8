package io.cmsisnn.pipeline;

import io.cmsisnn.backend.SchemeBackend;
import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.TensorLayout;
import io.cmsisnn.report.VerificationReport;

/**
 * One model taken through import, lowering, (for fixed-point schemes) calibration and
 * quantization, and code generation.
 *
 * @param scheme       the number format
 * @param imported     the graph as the model file describes it (the float reference)
 * @param backend      the network its scheme family built: the C and the prediction of what it computes
 * @param calibration  the activation statistics it was built from, or null for f32
 * @param inputLayout  the ONNX input's layout (NCHW data can be rearranged with it), or null for Keras models
 * @param outputLayout the ONNX output's layout, or null for Keras models
 * @param schemeSearch what {@code scheme} auto tried and why it chose {@code scheme}, or null for one fixed scheme
 */
public record Conversion(Scheme scheme, Graph imported, SchemeBackend backend, CalibrationResult calibration,
                         TensorLayout inputLayout, TensorLayout outputLayout, VerificationReport.SchemeSearch schemeSearch) {

    /** A conversion to the one scheme asked for. */
    public Conversion(Scheme scheme, Graph imported, SchemeBackend backend, CalibrationResult calibration, TensorLayout inputLayout,
                      TensorLayout outputLayout) {
        this(scheme, imported, backend, calibration, inputLayout, outputLayout, null);
    }

    /** The same conversion, recording the search that chose it. */
    public Conversion withSearch(VerificationReport.SchemeSearch search) {
        return new Conversion(scheme, imported, backend, calibration, inputLayout, outputLayout, search);
    }

    /** The graph the C code implements. */
    public Graph lowered() {
        return backend.graph();
    }

    /** The generated C files. */
    public GeneratedNetwork network() {
        return backend.network();
    }

    /** q7, q15, s8 or s16: integer I/O, compared with the emulation bit for bit. */
    public boolean isFixedPoint() {
        return backend.fixedPoint();
    }
}
