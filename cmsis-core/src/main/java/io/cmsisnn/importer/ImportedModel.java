package io.cmsisnn.importer;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.TensorLayout;

/**
 * A model file read into a float graph, with how its input and output tensors relate to the
 * graph's HWC tensors where the file's own order differs (ONNX: NCHW).
 *
 * @param graph  the float graph (HWC)
 * @param input  the ONNX input's layout, or null for Keras models (their data is HWC already)
 * @param output the ONNX output's layout, or null for Keras models
 */
public record ImportedModel(Graph graph, TensorLayout input, TensorLayout output) {

    /** A model whose data is in the graph's own order. */
    public static ImportedModel of(Graph graph) {
        return new ImportedModel(graph, null, null);
    }
}
