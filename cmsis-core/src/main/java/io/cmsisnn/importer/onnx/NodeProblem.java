package io.cmsisnn.importer.onnx;

/**
 * Something wrong with one ONNX node, found while converting it. The detail reads as the rest of a
 * sentence that starts with the node's name, op type and opset; {@link OnnxGraphConverter} adds the
 * file and the node and turns it into a {@link io.cmsisnn.importer.ModelImportException}.
 */
final class NodeProblem extends RuntimeException {
    NodeProblem(String detail) {
        super(detail);
    }
}
