package io.cmsisnn.importer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.NdArray;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.importer.ModelImportException;
import io.cmsisnn.importer.SharedModels;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.Conversion;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.pipeline.Scheme;
import io.cmsisnn.testing.Needs;
import io.cmsisnn.toolchain.HostToolchain;
import io.cmsisnn.toolchain.NetworkRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The generated f32 C of ONNX models, compiled with the host gcc, against ONNX Runtime: the C
 * network takes each sample in HWC order, ONNX Runtime the whole batch in NCHW, and their outputs
 * must agree within 1e-4 (absolute or relative), as must the Java engine's. The NCHW → HWC
 * transposition of inputs and outputs is the test's own ({@link OnnxTestFiles#channelsLast}).
 */
class OnnxCompiledVsOnnxRuntimeTest {

    @TempDir
    Path tmp;

    @Test
    void andreyLenetOnMnistImagesAndRandomInputs() throws Exception {
        Path file = OnnxTestFiles.sharedModel("andrey_mnist_lenet5_pt20.onnx");
        float[] x = concat(mnistImages(32), random(8 * 784, 1));
        assertCompiledMatchesOracle(file, x, new long[] {40, 1, 28, 28}, 40);
    }

    /** The file fixes the batch at 10: ONNX Runtime gets four batches of ten. */
    @Test
    void ccoltongLenetOnMnistImagesAndRandomInputs() throws Exception {
        Path file = OnnxTestFiles.sharedModel("ccoltong_mnist_lenet_bn_pt13_b10.onnx");
        float[] x = concat(mnistImages(30), random(10 * 784, 2));
        assertCompiledMatchesOracle(file, x, new long[] {10, 1, 28, 28}, 40);
    }

    static Stream<String> conformanceCases() throws Exception {
        return OnnxConformanceTest.cases();
    }

    /** Each conformance case that imports: C against the suite's expected output, and against ONNX Runtime where it loads the model. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("conformanceCases")
    void conformanceCase(String name) throws Exception {
        Path dir = OnnxTestFiles.CONFORMANCE.resolve(name);
        Needs.that(Files.isDirectory(dir), "Debian libonnx-testdata is not installed");
        Path file = dir.resolve("model.onnx");
        OnnxModel model;
        try {
            model = new OnnxModelReader().read(file, "conformance");
        } catch (ModelImportException e) {
            // what the importer does not take must be refused cleanly, naming the file and saying what
            // (OnnxConformanceTest.enoughCasesImport guards how many cases do import)
            assertThat(e.getMessage()).startsWith(file + ": ").hasSizeGreaterThan(file.toString().length() + 20);
            return;
        }
        TensorProto in = OnnxTestFiles.tensor(dir.resolve("test_data_set_0/input_0.pb"));
        TensorProto out = OnnxTestFiles.tensor(dir.resolve("test_data_set_0/output_0.pb"));
        float[] x = OnnxTestFiles.floats(in);
        long[] shape = in.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int batch = (int) shape[0];
        int inChannels = shape.length >= 2 ? (int) shape[1] : 1;
        int outChannels = out.getDimsCount() >= 2 ? (int) out.getDims(1) : 1;
        float[][] compiled = compile(file, hwcSamples(x, batch, inChannels));
        float[] expected = OnnxTestFiles.floats(out);
        double worst = compare(name + " C vs expected", compiled, expected, batch, outChannels);
        Optional<OrtRunner> ort = OrtRunner.tryOpen(file);
        if (ort.isPresent()) {
            try (OrtRunner runner = ort.get()) {
                float[] oracle = runner.run(x, shape, model.output().name()).values();
                worst = Math.max(worst, compare(name + " C vs ONNX Runtime", compiled, oracle, batch, outChannels));
            }
        }
        System.out.printf(Locale.ROOT, "%s: compiled C max |diff| %.3g (%s)%n", name, worst,
                ort.isPresent() ? "expected output and ONNX Runtime" : "expected output; ONNX Runtime cannot load it");
    }

    static List<OracleCase> oracleCases() {
        return OracleCases.all();
    }

    /** The op matrix built in the tests, compiled, against ONNX Runtime. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("oracleCases")
    void builtModel(OracleCase c) throws Exception {
        Path file = c.model().write(tmp, "case.onnx");
        long[] dims = c.inputDims().clone();
        if (dims[0] < 0) {
            dims[0] = 3;
        }
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= (int) dims[i];
        }
        assertCompiledMatchesOracle(c.name(), file, random((int) dims[0] * size, c.name().hashCode()), dims, (int) dims[0],
                c.channelsLast());
    }

    private void assertCompiledMatchesOracle(Path file, float[] x, long[] batchShape, int samples) throws Exception {
        assertCompiledMatchesOracle(file.getFileName().toString(), file, x, batchShape, samples, false);
    }

    /**
     * Runs {@code samples} samples of {@code x} (NCHW, row-major) through ONNX Runtime in batches of
     * {@code batchShape[0]}, and through the compiled network and the Java engine one by one in HWC.
     */
    private void assertCompiledMatchesOracle(String label, Path file, float[] x, long[] batchShape, int samples,
                                             boolean channelsLast) throws Exception {
        OnnxModel model = new OnnxModelReader().read(file, "case");
        int batch = (int) batchShape[0];
        int size = x.length / samples;
        int inChannels = channelsLast || batchShape.length < 2 ? 1 : (int) batchShape[1];
        float[] oracle = new float[0];
        long[] outDims = null;
        try (OrtRunner ort = OrtRunner.open(file)) {
            for (int start = 0; start < samples; start += batch) {
                float[] part = new float[batch * size];
                System.arraycopy(x, start * size, part, 0, part.length);
                OrtRunner.Output o = ort.run(part, batchShape, model.output().name());
                oracle = concat(oracle, o.values());
                outDims = o.dims();
            }
        }
        int outChannels = channelsLast || outDims.length < 2 ? 1 : (int) outDims[1];
        float[][] inputs = hwcSamples(x, samples, inChannels);
        float[][] compiled = compile(file, inputs);
        double worstC = compare(label + ": C vs ONNX Runtime", compiled, oracle, samples, outChannels);
        FloatEngine engine = new FloatEngine(model.graph());
        float[][] java = new float[samples][];
        for (int s = 0; s < samples; s++) {
            java[s] = engine.run(inputs[s]);
        }
        double worstJava = compare(label + ": Java engine vs ONNX Runtime", java, oracle, samples, outChannels);
        System.out.printf(Locale.ROOT, "%s: %d samples, max |diff| vs ONNX Runtime: compiled C %.3g, Java engine %.3g%n",
                label, samples, worstC, worstJava);
    }

    /** The f32 network generated from the file, compiled with the host gcc and run on HWC samples. */
    private float[][] compile(Path file, float[][] hwcInputs) {
        Conversion c = new Generator(BuildLog.SILENT).convert(ConversionSettings.builder(file).scheme(Scheme.F32)
                .networkName("net").build());
        Path work = tmp.resolve("work");
        Path exe = new HostToolchain("gcc").build(c.network(), work);
        return new NetworkRunner().run(exe, hwcInputs, c.lowered().outputShape().size(), work);
    }

    /** Each sample's channels-first output rearranged channels last, compared within 1e-4; returns the largest difference. */
    private static double compare(String what, float[][] actual, float[] expectedNchw, int samples, int outChannels) {
        int outSize = expectedNchw.length / samples;
        double worst = 0;
        for (int s = 0; s < samples; s++) {
            float[] want = OnnxTestFiles.channelsLast(OnnxTestFiles.sample(expectedNchw, s, outSize), outChannels);
            FloatMatch.assertClose(what + ", sample " + s, actual[s], want);
            for (int i = 0; i < want.length; i++) {
                worst = Math.max(worst, Math.abs((double) actual[s][i] - want[i]));
            }
        }
        return worst;
    }

    private static float[][] hwcSamples(float[] nchw, int samples, int channels) {
        int size = nchw.length / samples;
        float[][] out = new float[samples][];
        for (int s = 0; s < samples; s++) {
            out[s] = OnnxTestFiles.channelsLast(OnnxTestFiles.sample(nchw, s, size), channels);
        }
        return out;
    }

    /** The first n MNIST test images, pixel/255 (one channel: NCHW and HWC are the same). */
    private static float[] mnistImages(int n) {
        Path images = SharedModels.sharedDir().resolve("datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz");
        Needs.that(Files.isRegularFile(images), "MNIST test set not available: " + images);
        NdArray all = DataFiles.read(images, null);
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (all.data()[i] / 255.0);
        }
        return x;
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
