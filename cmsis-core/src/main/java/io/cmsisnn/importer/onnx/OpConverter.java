package io.cmsisnn.importer.onnx;

/** Converts one ONNX node: binds its outputs, adding graph nodes where it computes something. */
@FunctionalInterface
interface OpConverter {
    void convert(ConversionContext c, OnnxNode n);
}
