package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.backend.LegacyBackend;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code rangeMethod accuracy} through the generator: which schemes take it, where its samples come from. */
class AccuracyRangeMethodTest {
    private static final Path NO_MODEL = Path.of("does-not-exist.h5");

    private static Path shared(String relative) {
        Path file = Path.of(System.getProperty("cmsis.shared.dir", "../../shared")).resolve(relative);
        Needs.that(Files.exists(file), "needs ../shared: " + file);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"s8", "s16"})
    void theAffineSchemesRefuseItBeforeTheModelIsRead(String scheme) {
        ConversionSettings s = ConversionSettings.builder(NO_MODEL).scheme(Scheme.parse(scheme)).rangeMethod(RangeMethod.ACCURACY)
                .build();
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).convert(s)).isInstanceOf(ConfigurationException.class)
                .hasMessage("rangeMethod accuracy searches the power-of-two formats of the legacy schemes q7 and q15; scheme "
                        + scheme + " has scales and zero points instead: use scheme q7 or q15 with it, or rangeMethod minmax, "
                        + "percentile or search with " + scheme);
    }

    @Test
    void itsBudgetAndSampleCountMustBePositive() {
        ConversionSettings.Builder q7 = ConversionSettings.builder(NO_MODEL).scheme(Scheme.Q7).rangeMethod(RangeMethod.ACCURACY);
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).convert(q7.accuracySamples(0).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("accuracySamples must be positive for rangeMethod accuracy, got 0 (default 500)");
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).convert(q7.accuracySamples(10).accuracyTrials(-1).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("accuracyTrials must be positive for rangeMethod accuracy, got -1 (default 120)");
    }

    @Test
    void heldApartSamplesLieBetweenTheCalibrationOnes() {
        float[][] ten = new float[10][];
        for (int i = 0; i < 10; i++) {
            ten[i] = new float[] {i};
        }
        // calibration takes i * 10 / 4 for i < 4: samples 0, 2, 5, 7; the rest are 1, 3, 4, 6, 8, 9,
        // of which three spread evenly are positions 0, 2, 4: samples 1, 4, 8
        assertThat(firsts(Generator.spread(ten, 4))).containsExactly(0f, 2f, 5f, 7f);
        assertThat(firsts(Generator.heldApart(ten, 4, 3))).containsExactly(1f, 4f, 8f);
        assertThat(firsts(Generator.heldApart(ten, 4, 100))).containsExactly(1f, 3f, 4f, 6f, 8f, 9f);
        // calibrating on all of them leaves none
        assertThat(Generator.heldApart(ten, 0, 3)).isEmpty();
        assertThat(Generator.heldApart(ten, 10, 3)).isEmpty();
    }

    private static List<Float> firsts(float[][] samples) {
        List<Float> out = new ArrayList<>();
        for (float[] s : samples) {
            out.add(s[0]);
        }
        return out;
    }

    @Test
    void aCalibrationThatUsesEverySampleLeavesNoneToValidateOn() {
        Path x = shared("datasets/st_har/har_frames_x.npy");
        ConversionSettings s = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5")).scheme(Scheme.Q7)
                .calibrationData(x).calibrationSamples(0).rangeMethod(RangeMethod.ACCURACY).build();
        // ../shared/models/README.md: har_frames_x.npy holds 6,900 frames
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).convert(s)).isInstanceOf(ConfigurationException.class)
                .hasMessage("rangeMethod accuracy scores formats on calibration samples that calibration did not use, but "
                        + "calibrationSamples 0 takes all 6900 samples of " + x + ": set calibrationSamples below 6900 (e.g. 3450) "
                        + "or use a larger calibration file");
    }

    @Test
    void theSharedHarModelLogsAndNotesTheSearch() {
        Path x = shared("datasets/st_har/har_frames_x.npy");
        ConversionSettings s = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5")).scheme(Scheme.Q7)
                .calibrationData(x).calibrationSamples(1000).rangeMethod(RangeMethod.ACCURACY).accuracySamples(200)
                .accuracyTrials(30).build();
        List<String> logged = new ArrayList<>();
        BuildLog log = new BuildLog() {
            @Override
            public void info(String message) {
                logged.add(message);
            }

            @Override
            public void warn(String message) {
                logged.add(message);
            }
        };
        Conversion c = new Generator(log).convert(s);
        List<String> notes = ((LegacyBackend) c.backend()).quantized().notes();
        // 6,900 frames, 1,000 for calibration: 200 of the other 5,900 validate
        assertThat(logged).contains("cmsis: rangeMethod accuracy: validating on 200 samples of " + x
                + " held apart from the 1000 calibration samples, at most 30 trials");
        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("rangeMethod accuracy: 30 of 30 trials on 200 held-apart"));
        List<String> changes = notes.stream().filter(n -> n.startsWith("rangeMethod accuracy: tensor ")).toList();
        for (String change : changes) {
            assertThat(logged).contains("cmsis: " + change);
        }
        assertThat(c.network().files().values()).anySatisfy(f -> assertThat(f).contains("rangeMethod accuracy: 30 of 30 trials"));
    }

    /**
     * The q7 wide-range Concat fixture, whose minmax formats lose the most even with bias correction
     * (fixtures/precision/README.md): the formats the search changes still compile to C that gives the
     * emulation's outputs bit for bit, and the report lists the changes.
     */
    @Test
    void aSearchedNetworkCompilesBitExactWithItsEmulation(@org.junit.jupiter.api.io.TempDir Path tmp) {
        Path model = Path.of("..", "fixtures", "precision", "concat_fashion.onnx");
        Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
        Needs.that(Files.isRegularFile(model) && Files.isDirectory(fashion), "needs the fixture and dataset-fashion-mnist");
        ConversionSettings s = ConversionSettings.builder(model).scheme(Scheme.Q7)
                .calibrationData(fashion.resolve("train-images-idx3-ubyte.gz")).inputScale(1 / 255.0).calibrationSamples(1000)
                .rangeMethod(RangeMethod.ACCURACY).build();
        io.cmsisnn.report.VerificationReport report = new Verifier(BuildLog.SILENT).verify(s, VerificationSettings.builder()
                .testData(fashion.resolve("t10k-images-idx3-ubyte.gz")).testLabels(fashion.resolve("t10k-labels-idx1-ubyte.gz"))
                .testSamples(1000).randomSamples(10).maxAccuracyDrop(100.0).workDirectory(tmp.resolve("work"))
                .reportDirectory(tmp.resolve("report")).build());
        assertThat(report.compiled().bitExactWithEmulation()).isTrue();
        assertThat(report.compiled().mismatchedSamples()).isZero();
        assertThat(report.quantization().rangeMethod()).isEqualTo("accuracy");
        assertThat(report.quantization().notes()).anySatisfy(n -> assertThat(n).startsWith("rangeMethod accuracy: tensor '"));
    }

    /**
     * On the depthwise fixture bias correction already recovers what the formats lost (q7 drop 0.11 points),
     * so whatever the search changes without it must not replace minmax unless it is significantly better
     * with the correction too; here it is not, and the minmax formats are generated, saying so.
     */
    @Test
    void withBiasCorrectionTheSearchedFormatsMustBeatMinmaxCorrectedToo() {
        Path model = Path.of("..", "fixtures", "depthwise", "dwsep_fashion.onnx");
        Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
        Needs.that(Files.isRegularFile(model) && Files.isDirectory(fashion), "needs the fixture and dataset-fashion-mnist");
        ConversionSettings.Builder b = ConversionSettings.builder(model).scheme(Scheme.Q7)
                .calibrationData(fashion.resolve("train-images-idx3-ubyte.gz")).inputScale(1 / 255.0).calibrationSamples(1000);
        Conversion searched = new Generator(BuildLog.SILENT).convert(b.rangeMethod(RangeMethod.ACCURACY).build());
        Conversion minmax = new Generator(BuildLog.SILENT).convert(b.rangeMethod(RangeMethod.MINMAX).build());
        java.util.List<String> notes = ((io.cmsisnn.backend.LegacyBackend) searched.backend()).quantized().notes();
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("the minmax formats are kept"));
        assertThat(((io.cmsisnn.backend.LegacyBackend) searched.backend()).quantized().formats())
                .isEqualTo(((io.cmsisnn.backend.LegacyBackend) minmax.backend()).quantized().formats());
    }
}
