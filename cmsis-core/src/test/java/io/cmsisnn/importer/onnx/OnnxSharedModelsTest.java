package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.importer.ModelImporter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The two PyTorch-exported LeNets of shared/models/onnx: structure as the README describes it, weights moved to HWC. */
class OnnxSharedModelsTest {

    private static final String ANDREY = "andrey_mnist_lenet5_pt20.onnx";
    private static final String CCOLTONG = "ccoltong_mnist_lenet_bn_pt13_b10.onnx";

    @Test
    void andreyLenetHasTheReadmeStructure() {
        OnnxModel m = new OnnxModelReader().read(OnnxTestFiles.sharedModel(ANDREY), "andrey");
        Graph g = m.graph();
        assertThat(m.opset()).isEqualTo(10);
        assertThat(m.producer()).isEqualTo("pytorch 2.0.0");
        assertThat(g.inputName()).isEqualTo("input");
        assertThat(g.inputShape()).isEqualTo(new Shape(28, 28, 1));
        assertThat(g.outputShape()).isEqualTo(Shape.vector(10));
        assertThat(m.input().batch()).as("dynamic batch").isZero();
        assertThat(m.input().dims()).containsExactly(1, 28, 28);
        assertThat(m.output().dims()).containsExactly(10);
        assertThat(sources(g)).containsExactly("Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten",
                "Gemm", "Relu", "Gemm", "Relu", "Gemm");
        assertThat(kinds(g)).containsExactly("Conv2D", "Activation(relu)", "Pool2D", "Conv2D", "Activation(relu)", "Pool2D",
                "Reshape", "Dense", "Activation(relu)", "Dense", "Activation(relu)", "Dense");
        Op.Conv2D conv1 = (Op.Conv2D) g.nodes().get(0).op();
        assertThat(conv1.padding()).isEqualTo(new Padding(2, 2, 2, 2));
        assertThat(List.of(conv1.kh(), conv1.kw(), conv1.inChannels(), conv1.outChannels())).containsExactly(5, 5, 1, 6);
        assertThat(((Op.Conv2D) g.nodes().get(3).op()).padding()).isEqualTo(Padding.NONE);
        assertThat(g.nodes().get(6).shape()).isEqualTo(Shape.vector(400));
        assertThat(g.nodes().get(2).op()).isEqualTo(new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false));
    }

    @Test
    void andreyConvolutionWeightsAreOutKyKxIn() throws IOException {
        Path file = OnnxTestFiles.sharedModel(ANDREY);
        float[] onnx = initializer(file, "net.3.weight");  // [16][6][5][5]
        Op.Conv2D conv2 = (Op.Conv2D) new OnnxModelReader().read(file, "a").graph().nodes().get(3).op();
        for (int o = 0; o < 16; o++) {
            for (int ci = 0; ci < 6; ci++) {
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 5; x++) {
                        assertThat(conv2.weights()[((o * 5 + y) * 5 + x) * 6 + ci]).isEqualTo(onnx[((o * 6 + ci) * 5 + y) * 5 + x]);
                    }
                }
            }
        }
        assertThat(conv2.bias()).containsExactly(initializer(file, "net.3.bias"));
    }

    /** The Arm guide's reordering after a flatten of 16×5×5: W'[o][(h*5+w)*16+c] = W[o][c*25+h*5+w]. */
    @Test
    void andreyFirstDenseColumnsFollowTheHwcFlatten() throws IOException {
        Path file = OnnxTestFiles.sharedModel(ANDREY);
        float[] onnx = initializer(file, "net.7.weight");  // [120][400], transB=1
        Op.Dense fc1 = (Op.Dense) new OnnxModelReader().read(file, "a").graph().nodes().get(7).op();
        assertThat(fc1.inFeatures()).isEqualTo(400);
        assertThat(fc1.outFeatures()).isEqualTo(120);
        for (int o = 0; o < 120; o++) {
            for (int c = 0; c < 16; c++) {
                for (int h = 0; h < 5; h++) {
                    for (int w = 0; w < 5; w++) {
                        assertThat(fc1.weights()[o * 400 + (h * 5 + w) * 16 + c]).isEqualTo(onnx[o * 400 + c * 25 + h * 5 + w]);
                    }
                }
            }
        }
        // after a flatten of a vector nothing moves
        Op.Dense fc2 = (Op.Dense) new OnnxModelReader().read(file, "a").graph().nodes().get(9).op();
        assertThat(fc2.weights()).containsExactly(initializer(file, "net.9.weight"));
    }

    @Test
    void ccoltongLenetHasTheReadmeStructure() throws IOException {
        Path file = OnnxTestFiles.sharedModel(CCOLTONG);
        OnnxModel m = new OnnxModelReader().read(file, "ccoltong");
        Graph g = m.graph();
        assertThat(m.opset()).isEqualTo(9);
        assertThat(m.input().batch()).as("fixed batch of 10").isEqualTo(10);
        assertThat(g.inputName()).isEqualTo("input_0");
        assertThat(g.inputShape()).isEqualTo(new Shape(28, 28, 1));
        assertThat(g.outputShape()).isEqualTo(Shape.vector(10));
        // Constant + Reshape becomes the flatten; Unsqueeze and Squeeze around the 1-D BatchNormalization move nothing
        assertThat(sources(g)).containsExactly("Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Reshape",
                "Gemm", "Relu", "BatchNormalization", "Gemm", "Relu", "Gemm", "Softmax");
        Node bn = g.nodes().get(9);
        assertThat(bn.shape()).isEqualTo(Shape.vector(120));
        Op.ScaleShift ss = (Op.ScaleShift) bn.op();
        float[] gamma = initializer(file, "head.batnorm1.weight");
        float[] beta = initializer(file, "head.batnorm1.bias");
        float[] mean = initializer(file, "head.batnorm1.running_mean");
        float[] var = initializer(file, "head.batnorm1.running_var");
        for (int i = 0; i < 120; i++) {
            double scale = gamma[i] / Math.sqrt(var[i] + 1e-5);
            assertThat((double) ss.scale()[i]).isCloseTo(scale, within(1e-6 * Math.max(1, Math.abs(scale))));
            assertThat((double) ss.shift()[i]).isCloseTo(beta[i] - mean[i] * scale, within(1e-5));
        }
        Op.Dense fc1 = (Op.Dense) g.nodes().get(7).op();
        float[] onnx = initializer(file, "head.fc1.weight");
        assertThat(fc1.weights()[(2 * 5 + 3) * 16 + 7]).isEqualTo(onnx[7 * 25 + 2 * 5 + 3]);
        assertThat(((Op.Dense) g.nodes().get(12).op()).activation()).isEqualTo(Activation.LINEAR);
    }

    @Test
    void modelImporterReadsOnnxAndNamesTheGraphAfterTheFile() {
        Graph g = new ModelImporter().load(OnnxTestFiles.sharedModel(ANDREY));
        assertThat(g.name()).isEqualTo("andrey_mnist_lenet5_pt20");
        assertThat(g.nodes()).hasSize(12);
        Graph first = new ModelImporter().load(OnnxTestFiles.sharedModel(ANDREY), "output");
        assertThat(first.nodes()).hasSize(12);
    }

    @Test
    void outputNameCutsTheNetworkShort() {
        Graph g = new ModelImporter().load(OnnxTestFiles.sharedModel(ANDREY), "/net/net.8/Relu_output_0");
        assertThat(g.nodes()).hasSize(9);
        assertThat(g.outputShape()).isEqualTo(Shape.vector(120));
    }

    private static List<String> sources(Graph g) {
        return g.nodes().stream().map(Node::source).toList();
    }

    private static List<String> kinds(Graph g) {
        return g.nodes().stream().map(n -> n.op().kind()).toList();
    }

    static float[] initializer(Path file, String name) throws IOException {
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(file));
        for (TensorProto t : m.getGraph().getInitializerList()) {
            if (t.getName().equals(name)) {
                return OnnxTestFiles.floats(t);
            }
        }
        throw new IllegalArgumentException("no initializer " + name);
    }
}
