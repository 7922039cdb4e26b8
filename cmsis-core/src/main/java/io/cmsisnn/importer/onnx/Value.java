package io.cmsisnn.importer.onnx;

/** What an ONNX tensor name stands for during conversion: data computed by the graph, or a constant. */
sealed interface Value permits DataTensor, ConstantTensor {
}
