package io.cmsisnn.importer.onnx;

import io.cmsisnn.backend.SampleMap;
import io.cmsisnn.graph.Op;
import io.cmsisnn.passes.FinalLogSoftmaxAsSoftmax;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.Scheme;
import io.cmsisnn.quant.QuantizationException;
import io.cmsisnn.pipeline.Conversion;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.pipeline.VerificationSettings;
import io.cmsisnn.pipeline.Verifier;
import io.cmsisnn.report.VerificationReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.cmsisnn.importer.onnx.OnnxModelBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A classifier ending in LogSoftmax (PyTorch's log_softmax after the last Linear) through
 * {@code verify}: f32 computes the log-probabilities themselves, q7/q15 a softmax with the same
 * arg-max and say so. Expected outputs and labels are ONNX Runtime's.
 */
class OnnxLogSoftmaxTest {
    private static final int N = 1000;
    private static final int FEATURES = 12;
    private static final int CLASSES = 6;

    @TempDir
    Path tmp;

    private Path model;
    private Path data;
    private Path expected;
    private Path labels;
    private float[] x;

    @BeforeEach
    void modelDataAndOracle() throws Exception {
        model = classifier(true).write(tmp, "classifier.onnx");
        Random r = new Random(5);
        x = new float[N * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 4 - 2;
        }
        float[] oracle;
        try (OrtRunner ort = OrtRunner.open(model)) {
            oracle = ort.run(x, new long[] {N, FEATURES}, "log_probs").values();
        }
        long[] classes = new long[N];
        for (int s = 0; s < N; s++) {
            for (int k = 1; k < CLASSES; k++) {
                classes[s] = oracle[s * CLASSES + k] > oracle[s * CLASSES + (int) classes[s]] ? k : classes[s];
            }
        }
        data = write("x.npy", "<f4", "(" + N + ", " + FEATURES + ")", floats(x));
        expected = write("log_probs.npy", "<f4", "(" + N + ", " + CLASSES + ")", floats(oracle));
        labels = write("labels.npy", "<i8", "(" + N + ",)", longs(classes));
    }

    @Test
    void importedAsLogSoftmax() {
        OnnxModel m = new OnnxModelReader().read(model, "classifier");
        assertThat(m.graph().nodes().get(m.graph().nodes().size() - 1).op()).isEqualTo(new Op.LogSoftmax());
    }

    /** The f32 C computes log-probabilities: the engine within 1e-4 of ONNX Runtime, the C within 1e-4 of the engine. */
    @Test
    void f32OutputsTheLogProbabilities() throws IOException {
        VerificationReport report = verify("f32", expected);
        assertThat(report.floatResult().rmse()).isLessThan(1e-5);
        assertThat(report.compiled().mismatchedSamples()).isZero();
        assertThat(report.compiled().maxAbsDiffVsEmulation()).isLessThanOrEqualTo(1e-4);
        assertThat(report.floatResult().top1()).isEqualTo(1.0);
        assertThat(report.compiled().top1()).isEqualTo(1.0);
        assertThat(Files.readString(tmp.resolve("generated-f32.c"))).contains("classifier_log_softmax(");
    }

    /**
     * q7/q15 output probabilities through the legacy softmax, and the report and header say so. The
     * final layer changes no prediction: sample by sample, the emulated network predicts what the same
     * network without the LogSoftmax (its logits) predicts. (This random network loses 1.4 points of
     * top-1 in q7 either way: quantization, not the softmax.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"q7", "q15"})
    void fixedPointComputesASoftmaxAndSaysSo(String scheme) throws IOException {
        VerificationReport report = verify(scheme, null);
        assertThat(report.compiled().bitExactWithEmulation()).isTrue();
        assertThat(report.floatResult().top1()).isEqualTo(1.0);
        assertThat(report.quantization().notes()).contains(FinalLogSoftmaxAsSoftmax.NOTE);
        assertThat(report.layers().get(report.layers().size() - 1).function()).isEqualTo("arm_softmax_" + scheme);
        assertThat(Files.readString(tmp.resolve("generated-" + scheme + ".h")))
                .contains("Output: the model's final LogSoftmax is computed as a softmax");

        Path logitsModel = classifier(false).write(tmp, "logits.onnx");
        int[] withSoftmax = predictions(model, scheme);
        int[] fromLogits = predictions(logitsModel, scheme);
        assertThat(withSoftmax).containsExactly(fromLogits);
        if (scheme.equals("q15")) {
            assertThat(report.accuracyDrop()).isLessThanOrEqualTo(0.2);
        }
    }

    /** Only a final LogSoftmax has a fixed-point stand-in; one that feeds another layer stops q7 with the layer named. */
    @Test
    void aLogSoftmaxInsideTheNetworkIsRefusedInQ7() throws IOException {
        Path file = new OnnxModelBuilder(13).input("features", -1, FEATURES).randomWeight("w1", 16, FEATURES)
                .randomWeight("w2", CLASSES, 16).output("y")
                .node("Gemm", List.of("features", "w1"), "h", attr("transB", 1L))
                .node("LogSoftmax", "inner_log_softmax", List.of("h"), List.of("l"), attr("axis", 1L))
                .node("Gemm", List.of("l", "w2"), "y", attr("transB", 1L))
                .write(tmp, "inner.onnx");
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).convert(ConversionSettings.builder(file).scheme(Scheme.Q7)
                .calibrationData(data).build()))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("inner_log_softmax")
                .hasMessageContaining("LogSoftmax")
                .hasMessageContaining("use scheme f32");
    }

    /** Arg-max of the emulated fixed-point network on every sample (the compiled one is bit-exact with it). */
    private int[] predictions(Path file, String scheme) {
        Conversion c = new Generator(BuildLog.SILENT).convert(ConversionSettings.builder(file).scheme(Scheme.parse(scheme))
                .calibrationData(data).build());
        float[][] samples = new float[N][FEATURES];
        for (int s = 0; s < N; s++) {
            System.arraycopy(x, s * FEATURES, samples[s], 0, FEATURES);
        }
        float[][] codes = c.backend().emulate(samples, SampleMap.SEQUENTIAL).raw();
        int[] out = new int[N];
        for (int s = 0; s < N; s++) {
            float[] y = codes[s];
            for (int k = 1; k < y.length; k++) {
                out[s] = y[k] > y[out[s]] ? k : out[s];
            }
        }
        return out;
    }

    /** Two Gemms with a Relu between, then LogSoftmax over the classes (or nothing: the logits are the output). */
    private static OnnxModelBuilder classifier(boolean logSoftmax) {
        OnnxModelBuilder b = new OnnxModelBuilder(11).input("features", -1, FEATURES).randomWeight("w1", 16, FEATURES)
                .randomWeight("b1", 16).randomWeight("w2", CLASSES, 16).randomWeight("b2", CLASSES)
                .output(logSoftmax ? "log_probs" : "logits")
                .node("Gemm", List.of("features", "w1", "b1"), "h", attr("transB", 1L))
                .node("Relu", List.of("h"), "r")
                .node("Gemm", List.of("r", "w2", "b2"), "logits", attr("transB", 1L));
        return logSoftmax ? b.node("LogSoftmax", List.of("logits"), "log_probs", attr("axis", 1L)) : b;
    }

    private VerificationReport verify(String scheme, Path expectedOutputs) throws IOException {
        ConversionSettings settings = ConversionSettings.builder(model).scheme(Scheme.parse(scheme))
                .calibrationData(scheme.equals("f32") ? null : data).build();
        VerificationReport report = new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(data)
                .testLabels(labels).expectedOutputs(expectedOutputs).randomSamples(10).maxAccuracyDrop(100.0)
                .workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build());
        // the sources verify compiled: keep the API header and the network source for the assertions
        Path sources = tmp.resolve("work").resolve("network");
        Files.copy(sources.resolve("classifier.h"), tmp.resolve("generated-" + scheme + ".h"));
        Files.copy(sources.resolve("classifier.c"), tmp.resolve("generated-" + scheme + ".c"));
        return report;
    }

    private Path write(String name, String descr, String shape, byte[] values) throws IOException {
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.toString().getBytes(StandardCharsets.ISO_8859_1)).put(values);
        return Files.write(tmp.resolve(name), b.array());
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static byte[] longs(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long l : v) {
            b.putLong(l);
        }
        return b.array();
    }
}
