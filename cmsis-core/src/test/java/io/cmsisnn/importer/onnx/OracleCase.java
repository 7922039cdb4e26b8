package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Graph;

import java.util.function.Consumer;

/**
 * A small model built in the test, to be run by ONNX Runtime and by the float engine.
 *
 * @param inputDims     ONNX input dims; -1 is the symbolic batch, run with two samples
 * @param channelsLast  true when the model's input and output are already NHWC (keras2onnx style),
 *                      so no transposition separates ONNX data from graph data
 * @param check         extra assertions on the converted graph
 */
record OracleCase(String name, OnnxModelBuilder model, long[] inputDims, boolean channelsLast, Consumer<Graph> check) {

    static OracleCase of(String name, OnnxModelBuilder model, long... inputDims) {
        return new OracleCase(name, model, inputDims, false, g -> { });
    }

    OracleCase checking(Consumer<Graph> moreChecks) {
        return new OracleCase(name, model, inputDims, channelsLast, check.andThen(moreChecks));
    }

    OracleCase nhwcData() {
        return new OracleCase(name, model, inputDims, true, check);
    }

    @Override
    public String toString() {
        return name;
    }
}
