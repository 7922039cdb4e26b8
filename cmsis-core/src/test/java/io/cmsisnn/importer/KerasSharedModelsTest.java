package io.cmsisnn.importer;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Imports every real Keras model of the shared test material and checks structure against
 * shared/models/README.md and weights against values read independently with h5py.
 * The literals marked "h5py" were printed by h5py 3.7 (Debian python3-h5py) from the named file.
 */
class KerasSharedModelsTest {

    private final ModelImporter importer = new ModelImporter();

    @Test
    void thiruFashionCnnSavedByKeras3InLegacyH5Layout() {
        Graph g = importer.load(SharedModels.keras("thiru_fashion_cnn_k3legacy.h5"));

        assertThat(g.name()).isEqualTo("thiru_fashion_cnn_k3legacy");
        assertThat(g.inputName()).isEqualTo("input_layer");
        assertThat(g.inputShape()).isEqualTo(new Shape(28, 28, 1));
        assertThat(g.outputShape()).isEqualTo(Shape.vector(10));
        assertThat(count(g, "Conv2D", Op.Conv2D.class)).isEqualTo(3);
        assertThat(count(g, "MaxPooling2D", Op.Pool2D.class)).isEqualTo(2);
        assertThat(count(g, "Dropout", Op.Identity.class)).isEqualTo(2);
        assertThat(count(g, "Flatten", Op.Reshape.class)).isEqualTo(1);
        assertThat(count(g, "Dense", Op.Dense.class)).isEqualTo(2);
        // the fused softmax is its own node carrying the layer name; the dense before it is "<layer>/linear"
        assertThat(g.node("dense_1").op()).isInstanceOf(Op.Softmax.class);
        assertThat(g.node("dense_1").inputs()).containsExactly("dense_1/linear");
        assertThat(g.outputName()).isEqualTo("dense_1");

        Op.Conv2D conv = (Op.Conv2D) g.node("conv2d").op();
        assertThat(conv.activation()).isEqualTo(Activation.RELU);
        assertThat(g.node("conv2d").shape()).isEqualTo(new Shape(26, 26, 32));
        // h5py: model_weights/conv2d/sequential/conv2d/kernel[0,0,0,0:3]; [out][ky][kx][in] puts out o at o*9
        assertThat(conv.weights()[0]).isEqualTo(-0.03383663669228554f);
        assertThat(conv.weights()[9]).isEqualTo(-0.4353155791759491f);
        assertThat(conv.weights()[18]).isEqualTo(0.2292175143957138f);
        // h5py: conv2d_1 kernel[1,2,3,4] (ky=1, kx=2, in=3, out=4)
        Op.Conv2D conv1 = (Op.Conv2D) g.node("conv2d_1").op();
        assertThat(conv1.weights()[((4 * 3 + 1) * 3 + 2) * 32 + 3]).isEqualTo(0.21887056529521942f);
        // h5py: dense kernel[5,7] (in=5, out=7), stored [out][in]
        Op.Dense dense = (Op.Dense) g.node("dense").op();
        assertThat(dense.inFeatures()).isEqualTo(576);
        assertThat(dense.weights()[7 * 576 + 5]).isEqualTo(0.11147184669971466f);
        // h5py: dense_1 bias[0:3]
        Op.Dense dense1 = (Op.Dense) g.node("dense_1/linear").op();
        assertThat(dense1.activation()).isEqualTo(Activation.LINEAR);
        assertThat(dense1.bias()).startsWith(0.0430210717022419f, -0.42094382643699646f, -0.021099954843521118f);
    }

    @Test
    void umerFashionCnnKeras3Archive() {
        Graph g = importer.load(SharedModels.keras("umer_fashion_cnn.keras"));

        assertThat(g.inputShape()).isEqualTo(new Shape(28, 28, 1));
        assertThat(g.outputShape()).isEqualTo(Shape.vector(10));
        assertThat(count(g, "Conv2D", Op.Conv2D.class)).isEqualTo(2);
        assertThat(count(g, "MaxPooling2D", Op.Pool2D.class)).isEqualTo(2);
        assertThat(count(g, "Flatten", Op.Reshape.class)).isEqualTo(1);
        assertThat(count(g, "Dense", Op.Dense.class)).isEqualTo(2);
        assertThat(count(g, "Dropout", Op.Identity.class)).isEqualTo(1);

        // h5py: model.weights.h5 layers/conv2d/vars/0[0,0,0,0:3]
        Op.Conv2D conv = (Op.Conv2D) g.node("conv2d").op();
        assertThat(conv.weights()[0]).isEqualTo(-0.1389881819486618f);
        assertThat(conv.weights()[9]).isEqualTo(0.23489607870578766f);
        assertThat(conv.weights()[18]).isEqualTo(0.14780090749263763f);
        // h5py: layers/dense/vars/0[100,50]
        Op.Dense dense = (Op.Dense) g.node("dense").op();
        assertThat(dense.inFeatures()).isEqualTo(1600);
        assertThat(dense.weights()[50 * 1600 + 100]).isEqualTo(0.02945384941995144f);
        // h5py: layers/dense_1/vars/1[0:3]
        Op.Dense dense1 = (Op.Dense) g.node("dense_1/linear").op();
        assertThat(dense1.bias()).startsWith(-0.03013038821518421f, -0.31029853224754333f, 0.048997003585100174f);
    }

    @Test
    void stHarConv1dOnASequence() {
        Graph g = importer.load(SharedModels.keras("st_har_cnn1d.h5"));

        assertThat(g.inputName()).isEqualTo("conv1d_input");
        assertThat(g.inputShape()).isEqualTo(new Shape(1, 26, 3)); // 26 steps x 3 channels
        assertThat(g.outputShape()).isEqualTo(Shape.vector(3));
        assertThat(count(g, "Conv1D", Op.Conv2D.class)).isEqualTo(2);
        assertThat(count(g, "Dropout", Op.Identity.class)).isEqualTo(1);
        assertThat(count(g, "Flatten", Op.Reshape.class)).isEqualTo(1);
        assertThat(count(g, "Dense", Op.Dense.class)).isEqualTo(2);

        Op.Conv2D conv = (Op.Conv2D) g.node("conv1d").op();
        assertThat(List.of(conv.kh(), conv.kw(), conv.inChannels(), conv.outChannels())).containsExactly(1, 3, 3, 16);
        assertThat(g.node("conv1d").shape()).isEqualTo(new Shape(1, 24, 16));
        assertThat(g.node("flatten").shape()).isEqualTo(Shape.vector(176));
        // h5py: conv1d kernel:0[2,1,5] (k=2, in=1, out=5) → [out][0][k][in]
        assertThat(conv.weights()[(5 * 3 + 2) * 3 + 1]).isEqualTo(0.2898101508617401f);
        // h5py: dense_1 bias:0
        Op.Dense out = (Op.Dense) g.node("dense_1/linear").op();
        assertThat(out.bias()).containsExactly(0.19139231741428375f, -0.03527160733938217f, -0.23024320602416992f);
    }

    @Test
    void tinyStreamingWakeWordDepthwiseAndBatchNorm() {
        Graph g = importer.load(SharedModels.keras("tiny_str_ww.h5"));

        assertThat(g.inputShape()).isEqualTo(new Shape(30, 1, 40));
        assertThat(g.outputShape()).isEqualTo(Shape.vector(3));
        assertThat(count(g, "DepthwiseConv2D", Op.DepthwiseConv2D.class)).isEqualTo(4);
        assertThat(count(g, "Conv2D", Op.Conv2D.class)).isEqualTo(4);
        assertThat(count(g, "BatchNormalization", Op.ScaleShift.class)).isEqualTo(4);
        assertThat(count(g, "Activation", Op.ActivationOp.class)).isEqualTo(4);
        assertThat(count(g, "Dropout", Op.Identity.class)).isEqualTo(4);
        assertThat(count(g, "Flatten", Op.Reshape.class)).isEqualTo(1);

        Op.DepthwiseConv2D dw = (Op.DepthwiseConv2D) g.node("depthwise_conv2d").op();
        assertThat(List.of(dw.kh(), dw.kw(), dw.inChannels(), dw.multiplier())).containsExactly(3, 1, 40, 1);
        assertThat(dw.bias()).containsOnly(0f); // use_bias=False
        // h5py: depthwise_kernel:0[2,0,7,0], same flat order [ky][kx][ch*mult]
        assertThat(dw.weights()[(2 * 1 + 0) * 40 + 7]).isEqualTo(-0.24345605075359344f);
        // h5py: conv2d_3 kernel:0[0,0,100,7]
        Op.Conv2D pw = (Op.Conv2D) g.node("conv2d_3").op();
        assertThat(pw.weights()[7 * 128 + 100]).isEqualTo(-0.16738054156303406f);
        // this file writes BatchNormalization "scale": 1 (a number, not true); scale and shift
        // were computed in float64 with NumPy from the h5py arrays: gamma/sqrt(var+0.001), beta-mean*scale
        Op.ScaleShift bn = (Op.ScaleShift) g.node("batch_normalization").op();
        assertThat((double) bn.scale()[0]).isCloseTo(24.123103112722934, within(1e-4));
        assertThat((double) bn.shift()[0]).isCloseTo(0.22764622121205336, within(1e-6));
        assertThat((double) bn.scale()[5]).isCloseTo(21.570925039088515, within(1e-4));
        assertThat((double) bn.shift()[5]).isCloseTo(-0.6009467060570832, within(1e-6));
        assertThat(((Op.ActivationOp) g.node("activation").op()).activation()).isEqualTo(Activation.RELU);
    }

    @Test
    void tinyResnet8HasThreeResidualAdds() {
        Graph g = importer.load(SharedModels.keras("tiny_ic_resnet8.h5"));

        assertThat(g.inputShape()).isEqualTo(new Shape(32, 32, 3));
        assertThat(g.outputShape()).isEqualTo(Shape.vector(10));
        assertThat(count(g, "Conv2D", Op.Conv2D.class)).isEqualTo(9);
        assertThat(count(g, "BatchNormalization", Op.ScaleShift.class)).isEqualTo(7);
        assertThat(count(g, "Add", Op.Add.class)).isEqualTo(3);
        assertThat(count(g, "AveragePooling2D", Op.Pool2D.class)).isEqualTo(1);
        assertThat(count(g, "Dense", Op.Dense.class)).isEqualTo(1);
        assertThat(g.node("add").inputs()).containsExactly("activation", "batch_normalization_2");
        assertThat(g.node("add_1").inputs()).containsExactly("conv2d_5", "batch_normalization_4");

        // 'same' with stride 2 on 32: out 16, total padding (16-1)*2+3-32 = 1, the odd one at the end
        Op.Conv2D strided = (Op.Conv2D) g.node("conv2d_3").op();
        assertThat(strided.padding()).isEqualTo(new Padding(0, 1, 0, 1));
        assertThat(g.node("conv2d_3").shape()).isEqualTo(new Shape(16, 16, 32));
        assertThat(g.node("average_pooling2d").shape()).isEqualTo(new Shape(1, 1, 64));
        assertThat(((Op.Pool2D) g.node("average_pooling2d").op()).countIncludePad()).isFalse();
        // h5py: conv2d bias:0[3]
        assertThat(((Op.Conv2D) g.node("conv2d").op()).bias()[3]).isEqualTo(-0.0018703744281083345f);
    }

    @Test
    void tinyAnomalyAutoencoderOnVectors() {
        Graph g = importer.load(SharedModels.keras("tiny_ad01_autoencoder.h5"));

        assertThat(g.inputShape()).isEqualTo(Shape.vector(640));
        assertThat(g.outputShape()).isEqualTo(Shape.vector(640));
        assertThat(count(g, "Dense", Op.Dense.class)).isEqualTo(10);
        assertThat(count(g, "BatchNormalization", Op.ScaleShift.class)).isEqualTo(9);
        // h5py: dense_9 bias:0[639]
        assertThat(((Op.Dense) g.node("dense_9").op()).bias()[639]).isEqualTo(-2.109072208404541f);
        // NumPy float64 from the h5py arrays of batch_normalization_4, channel 3
        Op.ScaleShift bn = (Op.ScaleShift) g.node("batch_normalization_4").op();
        assertThat((double) bn.scale()[3]).isCloseTo(0.18599472728667907, within(1e-6));
        assertThat((double) bn.shift()[3]).isCloseTo(2.4164249805182063, within(1e-5));
    }

    @Test
    void shawnFanSequentialWithoutInputLayer() {
        Graph g = importer.load(SharedModels.keras("shawn_fan_autoencoder.h5"));

        assertThat(g.inputName()).isEqualTo("input");
        assertThat(g.inputShape()).isEqualTo(Shape.vector(3));
        assertThat(g.outputShape()).isEqualTo(Shape.vector(3));
        assertThat(count(g, "Dense", Op.Dense.class)).isEqualTo(2);
        assertThat(count(g, "Dropout", Op.Identity.class)).isEqualTo(1);
        // h5py: dense_12 kernel:0 = [[0.87965, 0.32977], [-0.47921, -0.19568], [0.35716, -0.11725]] ([in][out])
        Op.Dense d = (Op.Dense) g.node("dense_12").op();
        assertThat(d.weights()).containsExactly(
                0.8796530365943909f, -0.4792071282863617f, 0.35715577006340027f,
                0.3297666907310486f, -0.1956828236579895f, -0.11724910140037537f);
        assertThat(d.activation()).isEqualTo(Activation.RELU);
    }

    @Test
    void nnomDensenetFailsOnItsLambdaLayers() {
        assertThatThrownBy(() -> importer.load(SharedModels.keras("nnom_mnist_densenet.h5")))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("nnom_mnist_densenet.h5")
                .hasMessageContaining("layer 'lambda_1' (Lambda) is not supported")
                .hasMessageContaining("12 more")
                .hasMessageContaining("Supported layers: ")
                .hasMessageContaining("Conv2D")
                .hasMessageContaining("save the model again");
    }

    private static long count(Graph g, String kerasClass, Class<? extends Op> op) {
        List<Node> nodes = g.nodes().stream().filter(n -> n.source().equals(kerasClass) && op.isInstance(n.op())).toList();
        return nodes.size();
    }
}
