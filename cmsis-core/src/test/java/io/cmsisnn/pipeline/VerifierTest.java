package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.data.DataException;
import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verify pipeline without Maven, on the shared HAR model (the ITs run the full data sets). */
class VerifierTest {
    @TempDir
    Path tmp;

    private static Path shared(String relative) {
        Path root = Path.of(System.getProperty("cmsis.shared.dir", "../../shared"));
        Path file = root.resolve(relative);
        Needs.that(Files.exists(file), "needs ../shared: " + file);
        return file;
    }

    private ConversionSettings har(String scheme) {
        return ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5")).scheme(Scheme.parse(scheme)).build();
    }

    private VerificationSettings on(Path data, Path labels, Integer samples) {
        return VerificationSettings.builder().testData(data).testLabels(labels).testSamples(samples).randomSamples(10)
                .workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report"))
                .generatedDirectory(tmp.resolve("generated")).build();
    }

    @Test
    void compiledHarNetworkMatchesTheEngineOnTheFirstFramesAndWritesReports() {
        VerificationReport report = new Verifier(BuildLog.SILENT).verify(har("f32"),
                on(shared("datasets/st_har/har_frames_x.npy"), shared("datasets/st_har/har_frames_y.npy"), 600));
        assertThat(report.samples()).isEqualTo(600);
        assertThat(report.network()).isEqualTo("st_har_cnn1d");
        assertThat(report.compiled().mismatchedSamples()).isZero();
        assertThat(report.compiled().maxAbsDiffVsEmulation()).isLessThanOrEqualTo(1e-4);
        assertThat(report.compiled().top1()).isEqualTo(report.floatResult().top1());
        assertThat(report.passed()).isTrue();
        // Conv1D x2, Flatten, Dense x2 (+ softmax): layers carry the kernels they call and their MACs
        assertThat(report.layers()).extracting(VerificationReport.LayerReport::op).contains("Conv1D", "Flatten");
        assertThat(report.layers().stream().mapToLong(VerificationReport.LayerReport::macs).sum()).isPositive();
        try (Stream<Path> files = Files.list(tmp.resolve("report"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("report.json", "report.md", "report.html");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void randomInputsWhenThereIsNoTestData() {
        VerificationReport report = new Verifier(BuildLog.SILENT).verify(har("f32"), on(null, null, null));
        assertThat(report.samples()).isEqualTo(10);
        assertThat(report.floatResult().top1()).isNull();
        assertThat(report.data()).startsWith("random");
        assertThat(report.compiled().mismatchedSamples()).isZero();
    }

    @Test
    void dataOfTheWrongShapeNamesTheFileAndBothShapes() {
        Path images = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
        Needs.that(Files.exists(images), "needs Debian dataset-fashion-mnist");
        assertThatThrownBy(() -> new Verifier(BuildLog.SILENT).verify(har("f32"), on(images, null, null)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("28")
                .hasMessageContaining("1x26x3");
        assertThat(tmp.resolve("report")).doesNotExist();
    }

    @Test
    void generateWritesTheNetworkItsBuildFilesAndNothingOnFailure() throws Exception {
        Path out = tmp.resolve("out");
        new Generator(BuildLog.SILENT).generate(har("f32"), out);
        try (Stream<Path> files = Files.list(out)) {
            // besides the writer's hidden manifest of the files it owns: the four network files, the firmware
            // build fragments and the copied kernels
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .containsExactlyInAnyOrder("st_har_cnn1d.h", "st_har_cnn1d.c", "st_har_cnn1d_weights.h", "st_har_cnn1d_parameters.h",
                            "st_har_cnn1d_sources.cmake", "st_har_cnn1d_sources.mk", "st_har_cnn1d_sources.txt", "cmsis-nn");
        }
        Path bad = tmp.resolve("bad-out");
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).generate(
                ConversionSettings.builder(tmp.resolve("missing.h5")).scheme(Scheme.F32).build(), bad))
                .hasMessageContaining("missing.h5");
        assertThat(bad).doesNotExist();
    }
}
