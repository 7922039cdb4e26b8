package io.cmsisnn.importer.onnx;

import io.cmsisnn.engine.FloatEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.cmsisnn.importer.onnx.OnnxModelBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ONNX Runtime runs each model on a batch in NCHW; the float engine runs the converted graph on
 * each sample in HWC. The two must agree within 1e-4.
 */
class OnnxRuntimeOracleTest {

    @TempDir
    Path tmp;

    @Test
    void andreyLenetMatchesOnnxRuntime() throws Exception {
        Path file = OnnxTestFiles.sharedModel("andrey_mnist_lenet5_pt20.onnx");
        assertMatchesOracle(file, new OnnxModelReader().read(file, "andrey"), new long[] {4, 1, 28, 28}, false, 0f);
    }

    /** The file fixes the batch at 10: ONNX Runtime gets ten samples at once, the engine one at a time. */
    @Test
    void ccoltongLenetMatchesOnnxRuntimeSampleBySample() throws Exception {
        Path file = OnnxTestFiles.sharedModel("ccoltong_mnist_lenet_bn_pt13_b10.onnx");
        assertMatchesOracle(file, new OnnxModelReader().read(file, "ccoltong"), new long[] {10, 1, 28, 28}, false, 0f);
    }

    static List<OracleCase> cases() {
        return OracleCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void builtModelMatchesOnnxRuntime(OracleCase c) throws Exception {
        Path file = c.model().write(tmp, "case.onnx");
        OnnxModel model = new OnnxModelReader().read(file, "case");
        c.check().accept(model.graph());
        long[] dims = c.inputDims().clone();
        if (dims[0] < 0) {
            dims[0] = 2;
        }
        assertMatchesOracle(file, model, dims, c.channelsLast(), -1f);
    }

    @Test
    void severalOutputsFirstByDefaultOrChosenByName() throws Exception {
        Path file = new OnnxModelBuilder(13).input("x", -1, 3, 4, 4).randomWeight("w", 2, 3, 1, 1).output("features").output("probs")
                .node("Conv", List.of("x", "w"), "features")
                .node("Softmax", List.of("features"), "probs", attr("axis", 1L))
                .write(tmp, "two_outputs.onnx");
        OnnxModel first = new OnnxModelReader().read(file, "two");
        assertThat(first.output().name()).isEqualTo("features");
        assertThat(OracleCases.kinds(first.graph())).containsExactly("Conv2D");
        assertMatchesOracle(file, first, new long[] {2, 3, 4, 4}, false, -1f);
        OnnxModel second = new OnnxModelReader().read(file, "two", "probs");
        assertThat(second.output().name()).isEqualTo("probs");
        assertThat(OracleCases.kinds(second.graph())).containsExactly("Conv2D", "Softmax");
        assertMatchesOracle(file, second, new long[] {2, 3, 4, 4}, false, -1f);
    }

    /**
     * Runs random inputs (uniform from {@code low} to 1) through ONNX Runtime and the engine and
     * compares sample by sample, after an NCHW → HWC transposition written independently of the importer.
     */
    private static void assertMatchesOracle(Path file, OnnxModel model, long[] dims, boolean channelsLast, float low)
            throws Exception {
        int batch = (int) dims[0];
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= (int) dims[i];
        }
        Random random = new Random(file.getFileName().toString().hashCode());
        float[] x = new float[batch * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = low + random.nextFloat() * (1 - low);
        }
        OrtRunner.Output oracle;
        try (OrtRunner ort = OrtRunner.open(file)) {
            oracle = ort.run(x, dims, model.output().name());
        }
        int inChannels = channelsLast || dims.length < 2 ? 1 : (int) dims[1];
        int outChannels = channelsLast || oracle.dims().length < 2 ? 1 : (int) oracle.dims()[1];
        int outSize = oracle.values().length / batch;
        FloatEngine engine = new FloatEngine(model.graph());
        for (int s = 0; s < batch; s++) {
            float[] in = OnnxTestFiles.channelsLast(OnnxTestFiles.sample(x, s, size), inChannels);
            float[] want = OnnxTestFiles.channelsLast(OnnxTestFiles.sample(oracle.values(), s, outSize), outChannels);
            FloatMatch.assertClose(file.getFileName() + " sample " + s, engine.run(in), want);
        }
    }
}
