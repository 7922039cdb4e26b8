package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.data.DataException;
import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** q7/q15 verify without Maven on the shared HAR model: calibrate, quantize, emulate, compile, compare. */
class LegacyVerifyTest {
    @TempDir
    Path tmp;

    private static Path shared(String relative) {
        Path root = Path.of(System.getProperty("cmsis.shared.dir", "../../shared"));
        Path file = root.resolve(relative);
        Needs.that(Files.exists(file), "needs ../shared: " + file);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"q7", "q15"})
    void harFramesCompiledBitExactWithTheEmulation(String scheme) {
        Path x = shared("datasets/st_har/har_frames_x.npy");
        Path y = shared("datasets/st_har/har_frames_y.npy");
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5"))
                .scheme(Scheme.parse(scheme)).calibrationData(x).calibrationSamples(1000).build();
        VerificationReport report = new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(x)
                .testLabels(y).testSamples(6900).randomSamples(10).maxAccuracyDrop(100.0).workDirectory(tmp.resolve("work"))
                .reportDirectory(tmp.resolve("report")).build());
        assertThat(report.compiled().bitExactWithEmulation()).isTrue();
        assertThat(report.compiled().mismatchedSamples()).isZero();
        // ../shared/models/README.md: float top-1 0.9891 (6,825 of 6,900); the gates: q7 1.0, q15 0.2 points
        assertThat(report.floatResult().top1()).isCloseTo(6825.0 / 6900, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.accuracyDrop()).isLessThanOrEqualTo(scheme.equals("q7") ? 1.0 : 0.2);
        assertThat(report.quantization().calibrationSamples()).isEqualTo(1000);
        assertThat(report.layers()).allSatisfy(l -> assertThat(l.outputFormat()).isNotNull());
    }

    /**
     * The two shared ONNX models (PyTorch exports, NCHW weights reordered to HWC) in q7 and q15 on the
     * first 2,000 MNIST test images, calibrated on 500 images spread over the set: every compiled output
     * equals the emulation's, and top-1 stays within the gates of the float model's.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"andrey_mnist_lenet5_pt20.onnx, q7", "andrey_mnist_lenet5_pt20.onnx, q15",
            "ccoltong_mnist_lenet_bn_pt13_b10.onnx, q7", "ccoltong_mnist_lenet_bn_pt13_b10.onnx, q15"})
    void onnxModelsCompiledBitExactWithTheEmulation(String model, String scheme) {
        Path x = shared("datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz");
        Path y = shared("datasets/mnist-test-idx/t10k-labels-idx1-ubyte.gz");
        ConversionSettings settings = ConversionSettings.builder(shared("models/onnx/" + model)).scheme(Scheme.parse(scheme))
                .calibrationData(x).inputScale(1.0 / 255).calibrationSamples(500).build();
        VerificationReport report = new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(x)
                .testLabels(y).testSamples(2000).randomSamples(10).maxAccuracyDrop(100.0).workDirectory(tmp.resolve("work"))
                .reportDirectory(tmp.resolve("report")).build());
        assertThat(report.compiled().bitExactWithEmulation()).isTrue();
        assertThat(report.accuracyDrop()).isLessThanOrEqualTo(scheme.equals("q7") ? 1.0 : 0.2);
    }

    @Test
    void aFixedPointSchemeWithoutCalibrationDataNamesTheParameterAndWritesNothing() {
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5")).scheme(Scheme.Q7)
                .build();
        Path out = tmp.resolve("generated");
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).generate(settings, out))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("<calibrationData>");
        assertThat(out).doesNotExist();
    }

    @Test
    void nanInCalibrationDataNamesTheFileAndSample() throws Exception {
        // two HAR frames (26 x 3 float32), the second with a NaN at position 4
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(2 * 78 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 2 * 78; i++) {
            data.putFloat(i == 78 + 4 ? Float.NaN : 0.1f);
        }
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 26, 3), }";
        header = header + " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        java.io.ByteArrayOutputStream npy = new java.io.ByteArrayOutputStream();
        npy.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        npy.write(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        npy.write(data.array());
        Path file = Files.write(tmp.resolve("calib_nan.npy"), npy.toByteArray());
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5")).scheme(Scheme.Q15)
                .calibrationData(file).build();
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).convert(settings))
                .isInstanceOf(DataException.class).hasMessageContaining("calib_nan.npy").hasMessageContaining("sample 1")
                .hasMessageContaining("NaN");
    }
}
