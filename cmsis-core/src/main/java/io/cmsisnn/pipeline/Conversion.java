package io.cmsisnn.pipeline;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.TensorLayout;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.LegacyNetwork;

/**
 * One model taken through import, lowering, (for fixed-point schemes) calibration and
 * quantization, and code generation.
 *
 * @param scheme      the number format
 * @param imported    the graph as the model file describes it (the float reference)
 * @param lowered     the graph the C code implements
 * @param network     the generated C files
 * @param legacy      the q7/q15 network, or null for the other schemes
 * @param calibration the activation statistics it was built from, or null for f32
 * @param inputLayout  the ONNX input's layout (NCHW data can be rearranged with it), or null for Keras models
 * @param outputLayout the ONNX output's layout, or null for Keras models
 * @param affine      the s8/s16 network, or null for the other schemes
 */
public record Conversion(Scheme scheme, Graph imported, Graph lowered, GeneratedNetwork network, LegacyNetwork legacy,
                         CalibrationResult calibration, TensorLayout inputLayout, TensorLayout outputLayout,
                         AffineNetwork affine) {

    public Conversion(Scheme scheme, Graph imported, Graph lowered, GeneratedNetwork network, LegacyNetwork legacy,
                      CalibrationResult calibration, TensorLayout inputLayout, TensorLayout outputLayout) {
        this(scheme, imported, lowered, network, legacy, calibration, inputLayout, outputLayout, null);
    }

    public Conversion(Scheme scheme, Graph imported, Graph lowered, GeneratedNetwork network, LegacyNetwork legacy,
                      CalibrationResult calibration) {
        this(scheme, imported, lowered, network, legacy, calibration, null, null);
    }

    public Conversion(Scheme scheme, Graph imported, Graph lowered, GeneratedNetwork network) {
        this(scheme, imported, lowered, network, null, null);
    }

    /** q7, q15, s8 or s16: integer I/O, compared with the emulation bit for bit. */
    public boolean isFixedPoint() {
        return legacy != null || affine != null;
    }
}
