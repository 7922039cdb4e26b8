package io.cmsisnn.pipeline;

import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wide-range Concat fixture of issue #15 (../fixtures/precision) through the s8 and s16 paths
 * with the default settings, compiled with host gcc against the bundled kernels and run on the
 * whole Fashion-MNIST test set: every output equals the Java emulation's, so the drops that
 * bench/PrecisionDrops.java measures on the emulation are the compiled network's too.
 */
class PrecisionFixtureBitExactTest {
    private static final Path MODEL = Path.of("..", "fixtures", "precision", "concat_fashion.onnx");
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s8", "s16"})
    void compiledEqualsEmulation(String scheme) throws Exception {
        Needs.that(Files.isRegularFile(MODEL), "fixture not found: " + MODEL.toAbsolutePath());
        Path images = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = FASHION.resolve("t10k-labels-idx1-ubyte.gz");
        Path train = FASHION.resolve("train-images-idx3-ubyte.gz");
        Needs.that(Files.exists(images) && Files.exists(labels) && Files.exists(train),
                "needs Debian's dataset-fashion-mnist: " + FASHION);
        ConversionSettings settings = ConversionSettings.builder(MODEL).scheme(Scheme.parse(scheme)).calibrationData(train)
                .inputScale(1 / 255.0).calibrationSamples(1000).build();
        VerificationSettings v = VerificationSettings.builder().workDirectory(tmp.resolve("work"))
                .reportDirectory(tmp.resolve("report")).maxAccuracyDrop(100).testData(images).testLabels(labels).build();
        VerificationReport r = new Verifier(BuildLog.SILENT).verify(settings, v);
        assertThat(r.samples()).isEqualTo(10_000);
        assertThat(r.compiled().mismatchedSamples()).as(scheme + " compiled vs emulation").isZero();
        assertThat(r.compiled().bitExactWithEmulation()).isTrue();
    }
}
