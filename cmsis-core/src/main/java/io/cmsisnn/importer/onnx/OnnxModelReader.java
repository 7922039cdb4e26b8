package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cmsisnn.importer.ModelImportException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an ONNX model file into a float graph in HWC layout. The ONNX graph is NCHW; weights are
 * rearranged so that the graph computes the same values on HWC data.
 */
public final class OnnxModelReader {

    /** Converts the network up to the model's first graph output. */
    public OnnxModel read(Path path, String graphName) {
        return read(path, graphName, null);
    }

    /**
     * @param outputName the ONNX tensor to use as the network output (one of the graph outputs, or
     *                   any tensor the model computes); null for the first graph output
     */
    public OnnxModel read(Path path, String graphName, String outputName) {
        String file = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ModelImportException(file + ": cannot read the file (" + e.getMessage() + ").", e);
        }
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelImportException(file + ": not a readable ONNX model: the protobuf is truncated or corrupt ("
                    + e.getMessage() + "). Export the model again and check that the file was copied completely.", e);
        }
        if (!model.hasGraph() || model.getGraph().getOutputCount() == 0) {
            throw new ModelImportException(file + ": not a readable ONNX model: it holds no graph with outputs. "
                    + "Check that the file is an ONNX model (torch.onnx.export writes one) and was copied completely.");
        }
        return new OnnxGraphConverter(file, graphName).convert(model, outputName);
    }
}
