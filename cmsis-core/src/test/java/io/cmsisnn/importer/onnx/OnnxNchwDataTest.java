package io.cmsisnn.importer.onnx;

import io.cmsisnn.calibration.TensorStatistics;
import io.cmsisnn.data.DataException;
import io.cmsisnn.data.DataLayout;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.Conversion;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.pipeline.Scheme;
import io.cmsisnn.pipeline.VerificationSettings;
import io.cmsisnn.pipeline.Verifier;
import io.cmsisnn.report.VerificationReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.cmsisnn.importer.onnx.OnnxModelBuilder.intsAttr;
import static io.cmsisnn.importer.onnx.OnnxModelBuilder.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Data files in PyTorch's NCHW order for a three-channel ONNX model, where the order matters:
 * {@code verify} and calibration must rearrange them to the network's HWC. The expected outputs
 * and labels come from ONNX Runtime running the same NCHW batch.
 */
class OnnxNchwDataTest {
    private static final int N = 24;
    private static final int C = 3;
    private static final int H = 6;
    private static final int W = 5;
    private static final int CLASSES = 5;

    @TempDir
    Path tmp;

    private Path model;
    private float[] x;
    private Path nchw;
    private Path expected;
    private Path labels;
    private float[] oracle;

    /** Conv 3→4 (pad 1), Relu, Flatten of 4×6×5, Gemm to 5 classes: the Gemm reads a flattened C×H×W tensor. */
    @BeforeEach
    void modelDataAndOracle() throws Exception {
        model = new OnnxModelBuilder(13).input("image", -1, C, H, W).randomWeight("w", 4, C, 3, 3).randomWeight("b", 4)
                .randomWeight("fc", CLASSES, 4 * H * W).randomWeight("fcb", CLASSES).output("logits")
                .node("Conv", List.of("image", "w", "b"), "conv", intsAttr("pads", 1, 1, 1, 1))
                .node("Relu", List.of("conv"), "relu")
                .node("Flatten", List.of("relu"), "flat")
                .node("Gemm", List.of("flat", "fc", "fcb"), "logits", attr("transB", 1L))
                .write(tmp, "rgb.onnx");
        Random r = new Random(11);
        x = new float[N * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        try (OrtRunner ort = OrtRunner.open(model)) {
            oracle = ort.run(x, new long[] {N, C, H, W}, "logits").values();
        }
        long[] classes = new long[N];
        for (int s = 0; s < N; s++) {
            int best = 0;
            for (int k = 1; k < CLASSES; k++) {
                best = oracle[s * CLASSES + k] > oracle[s * CLASSES + best] ? k : best;
            }
            classes[s] = best;
        }
        nchw = npy("x_nchw.npy", x, N, C, H, W);
        expected = npy("ort_logits.npy", oracle, N, CLASSES);
        labels = Files.write(tmp.resolve("labels.npy"), npyBytes("<i8", "(" + N + ",)", int64s(classes)));
    }

    @Test
    void verifyRecognisesNchwSamplesOfTheOnnxInputShape() {
        VerificationReport report = verify(settings("f32", null, null), nchw);
        assertThat(report.data()).contains("channels first, rearranged to HWC");
        assertMatchesOnnxRuntime(report);
    }

    @Test
    void flatDataIsNchwWhenDeclared() throws IOException {
        Path flat = npy("x_flat.npy", x, N, C * H * W);
        assertMatchesOnnxRuntime(verify(settings("f32", null, "nchw"), flat));
    }

    /** The control: the same flat values read as HWC land in the wrong places, and the outputs show it. */
    @Test
    void flatNchwDataReadAsHwcDoesNotMatch() throws IOException {
        Path flat = npy("x_flat.npy", x, N, C * H * W);
        VerificationReport report = verify(settings("f32", null, "nhwc"), flat);
        assertThat(report.floatResult().rmse()).isGreaterThan(1e-2);
    }

    @Test
    void nchwSamplesDeclaredNhwcAreRefusedWithAHint() {
        assertThatThrownBy(() -> verify(settings("f32", null, "nhwc"), nchw))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("x_nchw.npy")
                .hasMessageContaining("channels-first")
                .hasMessageContaining("<dataLayout>nchw</dataLayout>");
    }

    @Test
    void aSampleShapeThatIsNotChannelsFirstIsRefusedUnderNchw() throws IOException {
        Path hwc = npy("x_hwc.npy", new float[N * C * H * W], N, H, W, C);
        assertThatThrownBy(() -> verify(settings("f32", null, "nchw"), hwc))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("x_hwc.npy")
                .hasMessageContaining("not the channels-first shape [3, 6, 5] of 'image'")
                .hasMessageContaining("<dataLayout>nhwc</dataLayout>");
    }

    @Test
    void anUnknownDataLayoutNamesTheChoices() {
        assertThatThrownBy(() -> verify(settings("f32", null, "chw"), nchw))
                .hasMessageContaining("dataLayout 'chw'").hasMessageContaining("auto, nchw, nhwc");
    }

    /**
     * Calibration reads the NCHW file as the network's HWC: the range it records for the logits is
     * the one of ONNX Runtime's logits on the same batch, and it is the network calibrated on the
     * same samples transposed here. Read as HWC, the flat values give other ranges.
     */
    @Test
    void calibrationRearrangesNchwData() throws IOException {
        float[] hwc = new float[x.length];
        int per = C * H * W;
        for (int s = 0; s < N; s++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        hwc[s * per + (h * W + w) * C + c] = x[s * per + (c * H + h) * W + w];
                    }
                }
            }
        }
        Conversion fromNchw = new Generator(BuildLog.SILENT).convert(settings("q7", nchw, null));
        TensorStatistics logits = fromNchw.calibration().statistics(fromNchw.lowered().outputName());
        assertThat(logits.max()).isCloseTo(max(oracle), within(1e-4));
        assertThat(logits.min()).isCloseTo(-max(negated(oracle)), within(1e-4));

        Conversion fromHwc = new Generator(BuildLog.SILENT).convert(settings("q7", npy("calib_hwc.npy", hwc, N, H, W, C), null));
        assertThat(fromNchw.network().files()).isEqualTo(fromHwc.network().files());

        Conversion misread = new Generator(BuildLog.SILENT).convert(settings("q7", npy("calib_flat.npy", x, N, per), "nhwc"));
        assertThat(Math.abs(misread.calibration().statistics(misread.lowered().outputName()).max() - max(oracle)))
                .isGreaterThan(1e-3);

        VerificationReport report = verify(settings("q7", nchw, null), nchw);
        assertThat(report.compiled().bitExactWithEmulation()).isTrue();
        assertThat(report.floatResult().top1()).isEqualTo(1.0);
    }

    private static double max(float[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }

    private static float[] negated(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    /** The header tells firmware where element (c, h, w) of the ONNX input goes: (h*5+w)*3+c. */
    @Test
    void headerSaysTheInputIsHwcAndHowTheOnnxOrderMapsToIt() {
        Conversion f32 = new Generator(BuildLog.SILENT).convert(settings("f32", null, null));
        String header = f32.network().files().get("rgb.h");
        assertThat(header).contains("in HWC order")
                .contains("input 'image' is [N, 3, 6, 5]")
                .contains("(h*5+w)*3+c");
    }

    private ConversionSettings settings(String scheme, Path calibration, String dataLayout) {
        return ConversionSettings.builder(model).scheme(Scheme.parse(scheme)).calibrationData(calibration)
                .dataLayout(DataLayout.parse(dataLayout)).build();
    }

    private VerificationReport verify(ConversionSettings settings, Path data) {
        return new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(data).testLabels(labels)
                .expectedOutputs(settings.scheme() == Scheme.F32 ? expected : null).randomSamples(10).maxAccuracyDrop(100.0)
                .workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build());
    }

    /** Float engine against ONNX Runtime's outputs, compiled C against the engine, top-1 against its labels. */
    private static void assertMatchesOnnxRuntime(VerificationReport report) {
        assertThat(report.samples()).isEqualTo(N);
        assertThat(report.floatResult().rmse()).isLessThan(1e-5);
        assertThat(report.floatResult().top1()).isEqualTo(1.0);
        assertThat(report.compiled().top1()).isEqualTo(1.0);
        assertThat(report.compiled().mismatchedSamples()).isZero();
    }

    private Path npy(String name, float[] values, int... shape) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        StringBuilder tuple = new StringBuilder("(");
        for (int d : shape) {
            tuple.append(d).append(", ");
        }
        return Files.write(tmp.resolve(name), npyBytes("<f4", tuple.append(')').toString(), b.array()));
    }

    private static byte[] int64s(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    /** A version 1.0 .npy file as NumPy's format description gives it: magic, header padded to 64 bytes, data. */
    private static byte[] npyBytes(String descr, String shape, byte[] data) {
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }
}
