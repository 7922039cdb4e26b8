package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.TensorLayout;

/**
 * A converted ONNX model: the float graph, and how its input and output relate to the ONNX
 * tensors (so that data given in NCHW order can be rearranged to the graph's HWC order).
 *
 * @param opset    the default-domain opset the file imports
 * @param producer exporter name and version from the file, e.g. "pytorch 2.0.0"
 */
public record OnnxModel(Graph graph, TensorLayout input, TensorLayout output, int opset, String producer) {
}
