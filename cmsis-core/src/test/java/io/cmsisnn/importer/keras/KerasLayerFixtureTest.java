package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.importer.ModelImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.cmsisnn.importer.keras.KerasFixtureWriter.filled;
import static io.cmsisnn.importer.keras.KerasFixtureWriter.indexed3;
import static io.cmsisnn.importer.keras.KerasFixtureWriter.indexed4;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layer conversions on hand-made models. Kernels hold their own Keras index as value
 * (k[a][b][c][d] = a*1000 + b*100 + c*10 + d), so each reordering is checked against the rule
 * stated in Op, and padding against TensorFlow's "same" rule worked out by hand.
 */
class KerasLayerFixtureTest {

    @TempDir
    Path tmp;

    @Test
    void imageLayers() {
        String config = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 5, 6, 4], "name": "image"}},
                  {"class_name": "Conv2D", "config": {"name": "conv", "filters": 4, "kernel_size": [3, 2], "strides": [2, 2],
                    "padding": "same", "dilation_rate": [1, 1], "groups": 2, "activation": "relu6", "use_bias": false,
                    "data_format": "channels_last"}},
                  {"class_name": "DepthwiseConv2D", "config": {"name": "dw", "kernel_size": [2, 2], "strides": [1, 1],
                    "padding": "valid", "depth_multiplier": 2, "activation": "linear", "use_bias": true}},
                  {"class_name": "SeparableConv2D", "config": {"name": "sep", "filters": 3, "kernel_size": 2, "strides": 1,
                    "padding": "same", "depth_multiplier": 1, "activation": "softmax", "use_bias": true}},
                  {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": -1, "epsilon": 1.0, "center": false, "scale": true}},
                  {"class_name": "ZeroPadding2D", "config": {"name": "pad", "padding": [[1, 0], [0, 2]]}},
                  {"class_name": "UpSampling2D", "config": {"name": "up", "size": [2, 1], "interpolation": "nearest"}},
                  {"class_name": "AveragePooling2D", "config": {"name": "avg", "pool_size": [2, 2], "strides": [1, 1], "padding": "same"}},
                  {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap", "keepdims": true}},
                  {"class_name": "Reshape", "config": {"name": "flat", "target_shape": [-1]}}]}}""";
        KerasFixtureWriter f = new KerasFixtureWriter(config)
                .h5Layer("conv", "conv/kernel:0", indexed4(3, 2, 2, 4))
                .h5Layer("dw", "dw/depthwise_kernel:0", indexed4(2, 2, 4, 2), "dw/bias:0", filled(8, 0.5f))
                .h5Layer("sep", "sep/depthwise_kernel:0", indexed4(2, 2, 8, 1), "sep/pointwise_kernel:0", indexed4(1, 1, 8, 3),
                        "sep/bias:0", new float[] {1, 2, 3})
                .h5Layer("bn", "bn/gamma:0", filled(3, 2f), "bn/moving_mean:0", new float[] {1, 2, 3},
                        "bn/moving_variance:0", filled(3, 3f));

        Graph g = new ModelImporter().load(f.writeH5(tmp.resolve("image.h5")));

        // conv: H 5 → ceil(5/2) = 3, total pad (3-1)*2+3-5 = 2 → 1/1; W 6 → 3, pad (3-1)*2+2-6 = 0
        Op.Conv2D conv = (Op.Conv2D) g.node("conv").op();
        assertThat(conv.padding()).isEqualTo(new Padding(1, 1, 0, 0));
        assertThat(conv.groups()).isEqualTo(2);
        assertThat(conv.activation()).isEqualTo(Activation.RELU6);
        assertThat(conv.bias()).containsOnly(0f);
        assertThat(g.node("conv").shape()).isEqualTo(new Shape(3, 3, 4));
        for (int o = 0; o < 4; o++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 2; x++) {
                    for (int i = 0; i < 2; i++) {
                        assertThat(conv.weights()[((o * 3 + y) * 2 + x) * 2 + i]).isEqualTo(y * 1000 + x * 100 + i * 10 + o);
                    }
                }
            }
        }
        // depthwise: Keras [ky][kx][c][m] is already [ky][kx][c*mult+m]
        Op.DepthwiseConv2D dw = (Op.DepthwiseConv2D) g.node("dw").op();
        assertThat(dw.multiplier()).isEqualTo(2);
        assertThat(dw.weights()[((1 * 2 + 0) * 4 + 3) * 2 + 1]).isEqualTo(1031);
        assertThat(g.node("dw").shape()).isEqualTo(new Shape(2, 2, 8));
        // separable: depthwise (no bias, linear) + 1x1 convolution (linear) + softmax node
        assertThat(g.nodes()).extracting(Node::name).containsSubsequence("sep/depthwise", "sep/linear", "sep");
        Op.DepthwiseConv2D sepDw = (Op.DepthwiseConv2D) g.node("sep/depthwise").op();
        assertThat(sepDw.bias()).containsOnly(0f);
        assertThat(sepDw.activation()).isEqualTo(Activation.LINEAR);
        assertThat(sepDw.padding()).isEqualTo(new Padding(0, 1, 0, 1)); // k=2, s=1 on 2: pad 1, at the end
        Op.Conv2D pw = (Op.Conv2D) g.node("sep/linear").op();
        assertThat(ints(pw.kh(), pw.kw(), pw.inChannels(), pw.outChannels())).containsExactly(1, 1, 8, 3);
        assertThat(pw.weights()[2 * 8 + 5]).isEqualTo(52); // [o=2][i=5] = Keras [0][0][5][2]
        assertThat(pw.bias()).containsExactly(1, 2, 3);
        assertThat(g.node("sep").op()).isInstanceOf(Op.Softmax.class);
        // bn without center: scale = 2/sqrt(3+1) = 1, shift = -mean*scale
        Op.ScaleShift bn = (Op.ScaleShift) g.node("bn").op();
        assertThat(bn.scale()).containsExactly(1, 1, 1);
        assertThat(bn.shift()).containsExactly(-1, -2, -3);
        assertThat(((Op.Pad) g.node("pad").op()).padding()).isEqualTo(new Padding(1, 0, 0, 2));
        assertThat(g.node("pad").shape()).isEqualTo(new Shape(3, 4, 3));
        assertThat(g.node("up").shape()).isEqualTo(new Shape(6, 4, 3));
        Op.Pool2D avg = (Op.Pool2D) g.node("avg").op();
        assertThat(avg.countIncludePad()).isFalse();
        assertThat(avg.padding()).isEqualTo(new Padding(0, 1, 0, 1));
        assertThat(g.node("gap").shape()).isEqualTo(new Shape(1, 1, 3));
        assertThat(g.node("flat").shape()).isEqualTo(Shape.vector(3));
    }

    @Test
    void sequenceLayers() {
        String config = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, 8, 2], "name": "signal"}},
                  {"class_name": "Conv1D", "config": {"name": "c1", "filters": 3, "kernel_size": [3], "strides": [1],
                    "dilation_rate": [2], "padding": "causal", "activation": "linear", "use_bias": true}},
                  {"class_name": "MaxPooling1D", "config": {"name": "mp", "pool_size": [2], "strides": null, "padding": "same"}},
                  {"class_name": "AveragePooling1D", "config": {"name": "ap", "pool_size": 3, "strides": 1, "padding": "same"}},
                  {"class_name": "ZeroPadding1D", "config": {"name": "zp", "padding": [1, 2]}},
                  {"class_name": "UpSampling1D", "config": {"name": "us", "size": 2}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 2, "activation": "relu"}},
                  {"class_name": "LeakyReLU", "config": {"name": "lr", "alpha": 0.1}},
                  {"class_name": "ReLU", "config": {"name": "r6", "max_value": 6.0, "negative_slope": 0.0, "threshold": 0.0}},
                  {"class_name": "GlobalMaxPooling1D", "config": {"name": "gmp"}},
                  {"class_name": "Softmax", "config": {"name": "sm", "axis": -1}}]}}""";
        KerasFixtureWriter f = new KerasFixtureWriter(config)
                .h5Layer("c1", "c1/kernel:0", indexed3(3, 2, 3), "c1/bias:0", new float[] {0, 0, 1})
                .h5Layer("d", "d/kernel:0", KerasFixtureWriter.indexed2(3, 2), "d/bias:0", new float[2]);

        Graph g = new ModelImporter().load(f.writeH5(tmp.resolve("signal.h5")));

        assertThat(g.inputShape()).isEqualTo(new Shape(1, 8, 2));
        Op.Conv2D c1 = (Op.Conv2D) g.node("c1").op();
        assertThat(new int[] {c1.kh(), c1.kw(), c1.dilationW(), c1.strideW()}).containsExactly(1, 3, 2, 1);
        assertThat(c1.padding()).isEqualTo(new Padding(0, 0, 4, 0)); // causal: (k-1)*dilation at the start
        assertThat(g.node("c1").shape()).isEqualTo(new Shape(1, 8, 3));
        // Keras [k][in][out] = k*100+in*10+out → [out][0][k][in]
        assertThat(c1.weights()[(2 * 3 + 1) * 2 + 1]).isEqualTo(112);
        Op.Pool2D mp = (Op.Pool2D) g.node("mp").op();
        assertThat(new int[] {mp.kh(), mp.kw(), mp.strideH(), mp.strideW()}).containsExactly(1, 2, 1, 2);
        assertThat(g.node("mp").shape()).isEqualTo(new Shape(1, 4, 3));
        assertThat(((Op.Pool2D) g.node("ap").op()).padding()).isEqualTo(new Padding(0, 0, 1, 1));
        assertThat(g.node("zp").shape()).isEqualTo(new Shape(1, 7, 3));
        assertThat(g.node("us").shape()).isEqualTo(new Shape(1, 14, 3));
        assertThat(g.node("d").shape()).isEqualTo(new Shape(1, 14, 2)); // Dense along the last axis at every step
        assertThat(((Op.ActivationOp) g.node("lr").op()).activation()).isEqualTo(Activation.leakyRelu(0.1f));
        assertThat(((Op.ActivationOp) g.node("r6").op()).activation()).isEqualTo(Activation.RELU6);
        assertThat(g.node("gmp").shape()).isEqualTo(Shape.vector(2));
        assertThat(g.node("sm").op()).isInstanceOf(Op.Softmax.class);
    }

    @Test
    void concatenateMapsKerasAxesOntoHwc() {
        String config = """
                {"class_name": "Functional", "config": {"name": "f", "layers": [
                  {"class_name": "InputLayer", "name": "x", "config": {"batch_input_shape": [null, 4, 5, 2], "name": "x"}, "inbound_nodes": []},
                  {"class_name": "Concatenate", "name": "along_h", "config": {"name": "along_h", "axis": 1},
                   "inbound_nodes": [[["x", 0, 0, {}], ["x", 0, 0, {}]]]},
                  {"class_name": "Concatenate", "name": "along_w", "config": {"name": "along_w", "axis": -2},
                   "inbound_nodes": [[["along_h", 0, 0, {}], ["along_h", 0, 0, {}]]]},
                  {"class_name": "Concatenate", "name": "along_c", "config": {"name": "along_c", "axis": -1},
                   "inbound_nodes": [[["along_w", 0, 0, {}], ["along_w", 0, 0, {}]]]},
                  {"class_name": "Reshape", "name": "seq", "config": {"name": "seq", "target_shape": [40, -1]},
                   "inbound_nodes": [[["along_c", 0, 0, {}]]]},
                  {"class_name": "Concatenate", "name": "steps", "config": {"name": "steps", "axis": 1},
                   "inbound_nodes": [[["seq", 0, 0, {}], ["seq", 0, 0, {}]]]}],
                 "input_layers": [["x", 0, 0]], "output_layers": [["steps", 0, 0]]}}""";
        Graph g = new ModelImporter().load(new KerasFixtureWriter(config).writeH5(tmp.resolve("cat.h5")));

        assertThat(((Op.Concat) g.node("along_h").op()).axis()).isEqualTo(Op.Axis.H);
        assertThat(g.node("along_h").shape()).isEqualTo(new Shape(8, 5, 2));
        assertThat(((Op.Concat) g.node("along_w").op()).axis()).isEqualTo(Op.Axis.W);
        assertThat(g.node("along_w").shape()).isEqualTo(new Shape(8, 10, 2));
        assertThat(((Op.Concat) g.node("along_c").op()).axis()).isEqualTo(Op.Axis.C);
        assertThat(g.node("seq").shape()).isEqualTo(new Shape(1, 40, 8));
        // on a (steps, channels) tensor Keras axis 1 is the steps, i.e. W
        assertThat(((Op.Concat) g.node("steps").op()).axis()).isEqualTo(Op.Axis.W);
        assertThat(g.outputShape()).isEqualTo(new Shape(1, 80, 8));
    }

    private static List<Integer> ints(int... v) {
        return Arrays.stream(v).boxed().toList();
    }
}
