package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.cmsisnn.importer.ModelImportException;
import io.cmsisnn.importer.ModelImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.cmsisnn.importer.onnx.OnnxModelBuilder.attr;
import static io.cmsisnn.importer.onnx.OnnxModelBuilder.intsAttr;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files and nodes the importer refuses: each is a ModelImportException naming the file, node, op type and opset. */
class OnnxImportErrorsTest {

    @TempDir
    Path tmp;

    private final ModelImporter importer = new ModelImporter();

    @Test
    void truncatedProtobuf() throws IOException {
        byte[] whole = Files.readAllBytes(OnnxTestFiles.sharedModel("andrey_mnist_lenet5_pt20.onnx"));
        Path cut = Files.write(tmp.resolve("andrey_cut.onnx"), Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> importer.load(cut))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("not a readable ONNX model")
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void fileWithoutAGraph() throws IOException {
        Path empty = Files.write(tmp.resolve("empty.onnx"), new byte[] {8, 7});
        assertThatThrownBy(() -> importer.load(empty))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("empty.onnx")
                .hasMessageContaining("not a readable ONNX model");
    }

    @Test
    void unknownOpNamesNodeOpTypeAndOpset() throws IOException {
        Path file = new OnnxModelBuilder(13).input("x", 1, 4).output("y")
                .node("Relu", "first", List.of("x"), List.of("h"))
                .node("Wobble", "mystery", List.of("h"), List.of("y"))
                .write(tmp, "wobble.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("wobble.onnx")
                .hasMessageContaining("node 'mystery' (Wobble, opset 13) is not supported")
                .hasMessageContaining("Supported ops: ")
                .hasMessageContaining("export it again");
    }

    @Test
    void opFromAnotherDomain() throws IOException {
        OnnxModelBuilder b = new OnnxModelBuilder(13).input("x", 1, 4).output("y");
        b.graph().addNode(ai.onnx.proto.OnnxMl.NodeProto.newBuilder().setOpType("FusedGemm").setDomain("com.microsoft")
                .setName("fused").addInput("x").addOutput("y"));
        ModelProto m = b.build().toBuilder().addOpsetImport(ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder()
                .setDomain("com.microsoft").setVersion(1)).build();
        Path file = Files.write(tmp.resolve("ms.onnx"), m.toByteArray());
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("node 'fused' (FusedGemm, opset 1)")
                .hasMessageContaining("domain 'com.microsoft'");
    }

    @Test
    void externalTensorData() throws IOException {
        TensorProto external = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(3).addDims(4)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
                .build();
        Path file = new OnnxModelBuilder(17).input("x", -1, 4).output("y").initializer(external)
                .node("Gemm", "fc", List.of("x", "w"), List.of("y"), attr("transB", 1L))
                .write(tmp, "external.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("external.onnx")
                .hasMessageContaining("node 'fc' (Gemm, opset 17)")
                .hasMessageContaining("external file ('weights.bin')")
                .hasMessageContaining("save_as_external_data=False");
    }

    @Test
    void nonFloatInput() throws IOException {
        Path file = new OnnxModelBuilder(13).typedInput("tokens", TensorProto.DataType.INT64_VALUE, 1, 8).output("y")
                .node("Relu", List.of("tokens"), "y")
                .write(tmp, "tokens.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("tokens.onnx")
                .hasMessageContaining("input 'tokens' has element type INT64")
                .hasMessageContaining("float32");
    }

    @Test
    void logSoftmaxOverASpatialAxis() throws IOException {
        Path file = new OnnxModelBuilder(13).input("x", 1, 3, 4, 5).output("y")
                .node("LogSoftmax", "log_probs", List.of("x"), List.of("y"), attr("axis", 2L))
                .write(tmp, "logsoftmax_h.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("logsoftmax_h.onnx")
                .hasMessageContaining("node 'log_probs' (LogSoftmax, opset 13) runs over axis 2")
                .hasMessageContaining("not the channel axis");
    }

    @Test
    void opsetOutsideTheSupportedRange() throws IOException {
        Path file = new OnnxModelBuilder(21).input("x", 1, 4).output("y").node("Relu", List.of("x"), "y")
                .write(tmp, "opset21.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("opset 21")
                .hasMessageContaining("opsets 6 to 20");
    }

    @Test
    void twoDataInputs() throws IOException {
        Path file = new OnnxModelBuilder(13).input("a", 1, 4).input("b", 1, 4).output("y")
                .node("Add", List.of("a", "b"), "y")
                .write(tmp, "two.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("reads 2 inputs [a, b]");
    }

    @Test
    void unknownOutputName() throws IOException {
        Path file = new OnnxModelBuilder(13).input("x", 1, 4).output("y").node("Relu", List.of("x"), "y")
                .write(tmp, "relu.onnx");
        assertThatThrownBy(() -> importer.load(file, "logits"))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("no tensor named 'logits'")
                .hasMessageContaining("[y]");
    }

    @Test
    void paddingInReflectMode() throws IOException {
        Path file = new OnnxModelBuilder(9).input("x", 1, 2, 4, 4).output("y")
                .node("Pad", "pad", List.of("x"), List.of("y"), intsAttr("pads", 0, 0, 1, 1, 0, 0, 1, 1), attr("mode", "reflect"))
                .write(tmp, "pad_reflect.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("node 'pad' (Pad, opset 9) pads in 'reflect' mode");
    }

    @Test
    void softmaxOverASpatialAxis() throws IOException {
        Path file = new OnnxModelBuilder(13).input("x", 1, 3, 4, 5).output("y")
                .node("Softmax", "sm", List.of("x"), List.of("y"), attr("axis", 3L))
                .write(tmp, "softmax_w.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("node 'sm' (Softmax, opset 13) runs over axis 3")
                .hasMessageContaining("not the channel axis");
    }

    /** A flatten of C×H×W sits in HWC order; as the network output it would need a transpose the graph lacks. */
    @Test
    void flattenedImageAsOutput() throws IOException {
        Path file = new OnnxModelBuilder(13).input("x", 1, 2, 3, 4).output("y")
                .node("Flatten", List.of("x"), "y", attr("axis", 1L))
                .write(tmp, "flat.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("the output 'y'")
                .hasMessageContaining("neither channels-last nor ONNX order");
    }

    @Test
    void reshapeThatMixesSamples() throws IOException {
        Path file = new OnnxModelBuilder(13).input("x", 10, 4).int64s("shape", 5, 8).output("y")
                .node("Reshape", "mix", List.of("x", "shape"), List.of("y"))
                .write(tmp, "mix.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("node 'mix' (Reshape, opset 13)")
                .hasMessageContaining("changes the batch size from 10");
    }

    @Test
    void convolutionWithComputedWeights() throws IOException {
        Path file = new OnnxModelBuilder(13).input("x", 1, 1, 5, 5).output("y")
                .node("Conv", "dynamic", List.of("x", "x"), List.of("y"))
                .write(tmp, "dynamic.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("node 'dynamic' (Conv, opset 13) computes its weight")
                .hasMessageContaining("only constant weights are supported");
    }

    @Test
    void corruptRawData() throws IOException {
        TensorProto shortRaw = OnnxModelBuilder.floatTensor("w", new long[] {4, 4}, new float[] {1, 2, 3});
        Path file = new OnnxModelBuilder(13).input("x", 1, 4).output("y").initializer(shortRaw)
                .node("MatMul", "mm", List.of("x", "w"), List.of("y"))
                .write(tmp, "short.onnx");
        assertThatThrownBy(() -> importer.load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("node 'mm' (MatMul, opset 13)")
                .hasMessageContaining("raw_data has 12 bytes where its dims need 64");
    }
}
