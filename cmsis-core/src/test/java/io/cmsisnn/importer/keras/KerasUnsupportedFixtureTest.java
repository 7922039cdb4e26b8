package io.cmsisnn.importer.keras;

import io.cmsisnn.importer.ModelImportException;
import io.cmsisnn.importer.ModelImporter;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Models the converter refuses: each message names the file, the layer and its class, and what to do. */
class KerasUnsupportedFixtureTest {

    @TempDir
    Path tmp;

    /** A Sequential model on the given input shape with the given layer entries (weights none). */
    private AbstractThrowableAssert<?, ? extends Throwable> sequential(String inputShape, String layers) {
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, " + inputShape + "], \"name\": \"x\"}},"
                + layers + "]}}";
        return failing(config);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> failing(String config) {
        Path file = new KerasFixtureWriter(config).writeH5(tmp.resolve("bad.h5"));
        return assertThatThrownBy(() -> new ModelImporter().load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("bad.h5");
    }

    @Test
    void lambdaLayer() {
        sequential("4", "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"lambda_1\", \"function\": [\"4wMAAAA\", null, null]}}")
                .hasMessageContaining("layer 'lambda_1' (Lambda) is not supported")
                .hasMessageContaining("Supported layers: Activation, ")
                .hasMessageContaining("Replace it with supported layers and save the model again");
    }

    @Test
    void channelsFirst() {
        sequential("1, 8, 8", "{\"class_name\": \"MaxPooling2D\", \"config\": {\"name\": \"pool\", \"data_format\": \"channels_first\"}}")
                .hasMessageContaining("layer 'pool' (MaxPooling2D) uses data_format 'channels_first'")
                .hasMessageContaining("channels_last");
    }

    @Test
    void bilinearUpsampling() {
        sequential("4, 4, 1", "{\"class_name\": \"UpSampling2D\", \"config\": {\"name\": \"up\", \"size\": [2, 2], \"interpolation\": \"bilinear\"}}")
                .hasMessageContaining("layer 'up' (UpSampling2D) uses interpolation 'bilinear'")
                .hasMessageContaining("'nearest'");
    }

    @Test
    void batchNormalizationOverAnotherAxis() {
        sequential("4, 4, 2", "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"axis\": 1}}")
                .hasMessageContaining("layer 'bn' (BatchNormalization) normalises axis 1")
                .hasMessageContaining("only the last (channel) axis");
    }

    @Test
    void unsupportedFusedActivation() {
        String config = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 2], "name": "x"}},
                  {"class_name": "Dense", "config": {"name": "d", "units": 1, "activation": "swish", "use_bias": false}}]}}""";
        Path file = new KerasFixtureWriter(config).h5Layer("d", "d/kernel:0", new float[][] {{1}, {2}}).writeH5(tmp.resolve("bad.h5"));
        assertThatThrownBy(() -> new ModelImporter().load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("bad.h5: layer 'd' (Dense) uses activation 'swish', which is not supported")
                .hasMessageContaining("relu6");
    }

    @Test
    void reluWithThreshold() {
        sequential("3", "{\"class_name\": \"ReLU\", \"config\": {\"name\": \"r\", \"threshold\": 0.5}}")
                .hasMessageContaining("layer 'r' (ReLU) has threshold 0.5");
    }

    @Test
    void softmaxOverAnotherAxis() {
        sequential("3, 4", "{\"class_name\": \"Softmax\", \"config\": {\"name\": \"sm\", \"axis\": 1}}")
                .hasMessageContaining("layer 'sm' (Softmax) takes the softmax over axis 1");
    }

    @Test
    void reshapeToRankFour() {
        sequential("16", "{\"class_name\": \"Reshape\", \"config\": {\"name\": \"r\", \"target_shape\": [2, 2, 2, 2]}}")
                .hasMessageContaining("layer 'r' (Reshape) has a rank-4 shape");
    }

    @Test
    void concatenateAlongTheBatchAxis() {
        failing("""
                {"class_name": "Functional", "config": {"name": "f", "layers": [
                  {"class_name": "InputLayer", "name": "x", "config": {"batch_input_shape": [null, 3], "name": "x"}, "inbound_nodes": []},
                  {"class_name": "Concatenate", "name": "c", "config": {"name": "c", "axis": 0}, "inbound_nodes": [[["x", 0, 0, {}], ["x", 0, 0, {}]]]}],
                 "input_layers": [["x", 0, 0]], "output_layers": [["c", 0, 0]]}}""")
                .hasMessageContaining("layer 'c' (Concatenate) concatenates along axis 0, which is the batch axis");
    }

    @Test
    void convolutionOnTheWrongRank() {
        sequential("10", "{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"c\", \"filters\": 2, \"kernel_size\": [3]}}")
                .hasMessageContaining("layer 'c' (Conv1D) expects a sequence (steps, channels)");
    }

    @Test
    void kernelLargerThanItsInput() {
        sequential("2, 2, 1", "{\"class_name\": \"MaxPooling2D\", \"config\": {\"name\": \"p\", \"pool_size\": [3, 3], \"padding\": \"valid\"}}")
                .hasMessageContaining("layer 'p' (MaxPooling2D) cannot be converted");
    }

    @Test
    void unfixedInputDimension() {
        sequential("null, 3", "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2}}")
                .hasMessageContaining("input 'x' (InputLayer)")
                .hasMessageContaining("fixed input shape");
    }

    @Test
    void twoModelInputs() {
        failing("""
                {"class_name": "Functional", "config": {"name": "f", "layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [null, 3], "name": "a"}, "inbound_nodes": []},
                  {"class_name": "InputLayer", "name": "b", "config": {"batch_input_shape": [null, 3], "name": "b"}, "inbound_nodes": []},
                  {"class_name": "Add", "name": "sum", "config": {"name": "sum"}, "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]}],
                 "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["sum", 0, 0]]}}""")
                .hasMessageContaining("the model has 2 inputs [a, b]")
                .hasMessageContaining("exactly one input");
    }

    @Test
    void twoModelOutputs() {
        failing("""
                {"class_name": "Functional", "config": {"name": "f", "layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [null, 3], "name": "a"}, "inbound_nodes": []},
                  {"class_name": "ReLU", "name": "r", "config": {"name": "r"}, "inbound_nodes": [[["a", 0, 0, {}]]]}],
                 "input_layers": [["a", 0, 0]], "output_layers": [["r", 0, 0], ["a", 0, 0]]}}""")
                .hasMessageContaining("the model has 2 outputs");
    }

    @Test
    void sharedLayer() {
        failing("""
                {"class_name": "Functional", "config": {"name": "f", "layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [null, 3], "name": "a"}, "inbound_nodes": []},
                  {"class_name": "ReLU", "name": "twice", "config": {"name": "twice"},
                   "inbound_nodes": [[["a", 0, 0, {}]], [["twice", 0, 0, {}]]]}],
                 "input_layers": [["a", 0, 0]], "output_layers": [["twice", 1, 0]]}}""")
                .hasMessageContaining("layer 'twice' (ReLU) is called 2 times (a shared layer)");
    }

    @Test
    void nestedModel() {
        failing("""
                {"class_name": "Functional", "config": {"name": "f", "layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [null, 3], "name": "a"}, "inbound_nodes": []},
                  {"class_name": "Sequential", "name": "inner", "config": {"name": "inner", "layers": []},
                   "inbound_nodes": [[["a", 0, 0, {}]]]}],
                 "input_layers": [["a", 0, 0]], "output_layers": [["inner", 0, 0]]}}""")
                .hasMessageContaining("layer 'inner' (Sequential) is a model inside the model");
    }

    @Test
    void subclassedModel() {
        failing("{\"class_name\": \"MyNet\", \"config\": {}}")
                .hasMessageContaining("'MyNet', not a Sequential or functional Keras model");
    }

    @Test
    void readsAnUnknownLayer() {
        failing("""
                {"class_name": "Functional", "config": {"name": "f", "layers": [
                  {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [null, 3], "name": "a"}, "inbound_nodes": []},
                  {"class_name": "ReLU", "name": "r", "config": {"name": "r"}, "inbound_nodes": [[["ghost", 0, 0, {}]]]}],
                 "input_layers": [["a", 0, 0]], "output_layers": [["r", 0, 0]]}}""")
                .hasMessageContaining("layer 'r' (ReLU) reads 'ghost'");
    }

    @Test
    void malformedJson() {
        failing("{\"class_name\": \"Sequential\", \"config\": [")
                .hasMessageContaining("model_config is not valid JSON");
    }

    @Test
    void noInputShape() {
        failing("""
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 2}}]}}""")
                .hasMessageContaining("does not record its input shape");
    }
}
