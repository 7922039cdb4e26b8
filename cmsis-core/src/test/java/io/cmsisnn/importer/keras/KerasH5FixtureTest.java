package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.importer.ModelImportException;
import io.cmsisnn.importer.ModelImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.cmsisnn.importer.keras.KerasFixtureWriter.indexed2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Model structures in hand-written Keras-layout .h5 files (written with jhdf), one format variant each. */
class KerasH5FixtureTest {

    @TempDir
    Path tmp;

    private Graph load(KerasFixtureWriter f, String name) {
        return new ModelImporter().load(f.writeH5(tmp.resolve(name)));
    }

    @Test
    void oldListStyleSequentialWithSplitWeightNamesAndFloat64Weights() {
        // Keras 2.1.6 and older: "config" is the list of layers itself, no InputLayer
        String config = """
                {"class_name": "Sequential", "config": [
                  {"class_name": "Dense", "config": {"name": "dense_1", "units": 2, "activation": "relu",
                                                     "use_bias": true, "batch_input_shape": [null, 3]}},
                  {"class_name": "Dropout", "config": {"name": "dropout_1", "rate": 0.5}},
                  {"class_name": "Dense", "config": {"name": "dense_2", "units": 1, "activation": "sigmoid", "use_bias": true}}
                ]}""";
        KerasFixtureWriter f = new KerasFixtureWriter(config)
                .h5Layer("dense_1", "dense_1/kernel:0", indexed2(3, 2), "dense_1/bias:0", new float[] {0.5f, -0.5f})
                .h5Layer("dropout_1")
                .h5Layer("dense_2", "dense_2/kernel:0", new double[][] {{0.25}, {-0.75}}, "dense_2/bias:0", new double[] {0.125})
                .splitWeightNames("dense_2", 1);

        Graph g = load(f, "old_seq.h5");

        assertThat(g.name()).isEqualTo("old_seq");
        assertThat(g.inputName()).isEqualTo("input");
        assertThat(g.inputShape()).isEqualTo(Shape.vector(3));
        assertThat(g.nodes()).extracting(Node::name).containsExactly("dense_1", "dropout_1", "dense_2/linear", "dense_2");
        Op.Dense d1 = (Op.Dense) g.node("dense_1").op();
        // Keras [in][out] with value in*10+out, stored [out][in]
        assertThat(d1.weights()).containsExactly(0, 10, 20, 1, 11, 21);
        assertThat(d1.bias()).containsExactly(0.5f, -0.5f);
        assertThat(d1.activation()).isEqualTo(Activation.RELU);
        assertThat(g.node("dropout_1").op()).isInstanceOf(Op.Identity.class);
        Op.Dense d2 = (Op.Dense) g.node("dense_2/linear").op();
        assertThat(d2.weights()).containsExactly(0.25f, -0.75f);
        assertThat(d2.bias()).containsExactly(0.125f);
        assertThat(((Op.ActivationOp) g.node("dense_2").op()).activation()).isEqualTo(Activation.SIGMOID);
        assertThat(g.outputName()).isEqualTo("dense_2");
        assertThat(g.outputShape()).isEqualTo(Shape.vector(1));
    }

    @Test
    void keras2FunctionalAddOfTwoBranches() {
        String config = """
                {"class_name": "Model", "config": {"name": "m", "layers": [
                  {"name": "in", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "in"}, "inbound_nodes": []},
                  {"name": "a", "class_name": "Dense", "config": {"name": "a", "units": 3, "activation": "linear", "use_bias": false},
                   "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"name": "b", "class_name": "Dense", "config": {"name": "b", "units": 3, "activation": "linear", "use_bias": true},
                   "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"name": "sum", "class_name": "Add", "config": {"name": "sum"}, "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]},
                  {"name": "out", "class_name": "Activation", "config": {"name": "out", "activation": "tanh"},
                   "inbound_nodes": [[["sum", 0, 0, {}]]]}],
                 "input_layers": [["in", 0, 0]], "output_layers": [["out", 0, 0]]}}""";
        KerasFixtureWriter f = new KerasFixtureWriter(config)
                .h5Layer("a", "a/kernel:0", indexed2(4, 3))
                .h5Layer("b", "b/kernel:0", indexed2(4, 3), "b/bias:0", new float[] {1, 2, 3});

        Graph g = load(f, "branches.h5");

        assertThat(g.inputName()).isEqualTo("in");
        assertThat(g.nodes()).extracting(Node::name).containsExactly("a", "b", "sum", "out");
        assertThat(g.node("sum").op()).isInstanceOf(Op.Add.class);
        assertThat(g.node("sum").inputs()).containsExactly("a", "b");
        assertThat(((Op.Dense) g.node("a").op()).bias()).containsExactly(0, 0, 0); // use_bias=False
        assertThat(((Op.Dense) g.node("b").op()).bias()).containsExactly(1, 2, 3);
        assertThat(((Op.ActivationOp) g.node("out").op()).activation()).isEqualTo(Activation.TANH);
        assertThat(g.outputShape()).isEqualTo(Shape.vector(3));
    }

    @Test
    void keras3FunctionalWithKerasTensorInboundNodesOutOfOrder() {
        // Keras 3 form: batch_shape, inbound args of __keras_tensor__, flat input_layers, weight names without ":0";
        // "sum" is listed before "b" to check that layers are converted in dependency order
        String config = """
                {"module": "keras", "class_name": "Functional", "config": {"name": "functional", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "name": "input_layer",
                   "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "input_layer"}, "inbound_nodes": []},
                  {"class_name": "Dense", "name": "a", "config": {"name": "a", "units": 3, "activation": "relu", "use_bias": false},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__",
                       "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["input_layer", 0, 0]}}], "kwargs": {}}]},
                  {"class_name": "Add", "name": "sum", "config": {"name": "sum"},
                   "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"keras_history": ["a", 0, 0]}},
                                                {"class_name": "__keras_tensor__", "config": {"keras_history": ["b", 0, 0]}}]],
                                      "kwargs": {}}]},
                  {"class_name": "Dense", "name": "b", "config": {"name": "b", "units": 3, "activation": "linear"},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["input_layer", 0, 0]}}],
                                      "kwargs": {}}]}],
                 "input_layers": ["input_layer", 0, 0], "output_layers": ["sum", 0, 0]}}""";
        KerasFixtureWriter f = new KerasFixtureWriter(config)
                .h5Layer("a", "functional/a/kernel", indexed2(4, 3))
                .h5Layer("b", "functional/b/kernel", indexed2(4, 3), "functional/b/bias", new float[] {1, 2, 3});

        Graph g = load(f, "k3.h5");

        assertThat(g.inputName()).isEqualTo("input_layer");
        assertThat(g.nodes()).extracting(Node::name).containsExactly("a", "b", "sum");
        assertThat(g.node("sum").inputs()).containsExactly("a", "b");
        assertThat(((Op.Dense) g.node("a").op()).activation()).isEqualTo(Activation.RELU);
        assertThat(((Op.Dense) g.node("b").op()).weights()).startsWith(0, 10, 20, 30, 1);
    }

    @Test
    void keras3DepthwiseKernelIsCalledKernel() {
        String config = """
                {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, 3, 3, 2], "name": "input_layer"}},
                  {"class_name": "DepthwiseConv2D", "config": {"name": "dw", "kernel_size": [3, 3], "depth_multiplier": 1,
                    "padding": "valid", "activation": "relu", "use_bias": false}},
                  {"class_name": "GlobalMaxPooling2D", "config": {"name": "gmp", "keepdims": false}}],
                 "build_input_shape": [null, 3, 3, 2]}}""";
        KerasFixtureWriter f = new KerasFixtureWriter(config)
                .h5Layer("dw", "sequential/dw/kernel", KerasFixtureWriter.indexed4(3, 3, 2, 1));

        Graph g = load(f, "k3dw.h5");

        Op.DepthwiseConv2D dw = (Op.DepthwiseConv2D) g.node("dw").op();
        assertThat(dw.weights()[(2 * 3 + 1) * 2 + 1]).isEqualTo(2110);
        assertThat(dw.activation()).isEqualTo(Activation.RELU);
        assertThat(g.outputShape()).isEqualTo(Shape.vector(2));
    }

    @Test
    void sequentialWithoutInputLayerTakesTheBuildInputShape() {
        String config = """
                {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"class_name": "Flatten", "config": {"name": "flatten"}}],
                 "build_input_shape": [null, 2, 3]}}""";
        Graph g = load(new KerasFixtureWriter(config), "built.h5");

        assertThat(g.inputName()).isEqualTo("input");
        assertThat(g.inputShape()).isEqualTo(new Shape(1, 2, 3));
        assertThat(g.outputShape()).isEqualTo(Shape.vector(6));
    }

    @Test
    void weightsOnlyFileIsRejected() {
        Path p = tmp.resolve("weights_only.h5");
        try (io.jhdf.WritableHdfFile h5 = io.jhdf.HdfFile.write(p)) {
            h5.putAttribute("layer_names", new String[] {"dense"});
            h5.putGroup("dense");
        }
        assertThatThrownBy(() -> new ModelImporter().load(p))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("weights_only.h5")
                .hasMessageContaining("no model_config")
                .hasMessageContaining("model.save");
    }

    @Test
    void weightArrayOfTheWrongShapeIsReported() {
        String config = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "x"}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 4, "use_bias": false}}]}}""";
        KerasFixtureWriter f = new KerasFixtureWriter(config).h5Layer("d", "d/kernel:0", indexed2(3, 2));
        assertThatThrownBy(() -> load(f, "bad_shape.h5"))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("bad_shape.h5: layer 'd' (Dense)")
                .hasMessageContaining("[3, 2]")
                .hasMessageContaining("[3, 4]");
    }

    @Test
    void missingWeightIsReported() {
        String config = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "x"}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 4}}]}}""";
        KerasFixtureWriter f = new KerasFixtureWriter(config).h5Layer("d", "d/bias:0", new float[4]);
        assertThatThrownBy(() -> load(f, "no_kernel.h5"))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("layer 'd' (Dense) has no 'kernel' weight");
    }

    @Test
    void weightNameThatIsNotInTheFileIsReported() {
        String config = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "name": "x"}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 2}}]}}""";
        Path p = tmp.resolve("dangling.h5");
        try (io.jhdf.WritableHdfFile h5 = io.jhdf.HdfFile.write(p)) {
            h5.putAttribute("model_config", config);
            h5.putGroup("model_weights").putGroup("d").putAttribute("weight_names", new String[] {"d/kernel:0", "d/bias:0"});
        }
        assertThatThrownBy(() -> new ModelImporter().load(p))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("layer 'd' (Dense) lists weight 'd/kernel:0'");
    }
}
