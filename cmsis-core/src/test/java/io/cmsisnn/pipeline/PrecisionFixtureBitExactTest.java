package io.cmsisnn.pipeline;

import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.toolchain.Target;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wide-range Concat fixture of issue #15 (../fixtures/precision) through the s8 and s16 paths
 * with the default settings, compiled against the bundled kernels with host gcc (the whole
 * Fashion-MNIST test set) and for a Cortex-M4 under QEMU (the first 500 test images): every output
 * equals the Java emulation's, so the drops that bench/PrecisionDrops.java measures on the
 * emulation are the compiled network's too.
 */
class PrecisionFixtureBitExactTest {
    private static final Path MODEL = Path.of("..", "fixtures", "precision", "concat_fashion.onnx");
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    /** Under QEMU the first test images only, to keep the run short. */
    private static final int QEMU_SAMPLES = 500;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"s8, host", "s16, host", "s8, cortex-m4", "s16, cortex-m4"})
    void compiledEqualsEmulation(String scheme, String target) throws Exception {
        boolean host = target.equals("host");
        if (!host) {
            Needs.crossTools();
        }
        Needs.that(Files.isRegularFile(MODEL), "fixture not found: " + MODEL.toAbsolutePath());
        Path images = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = FASHION.resolve("t10k-labels-idx1-ubyte.gz");
        Path train = FASHION.resolve("train-images-idx3-ubyte.gz");
        Needs.that(Files.exists(images) && Files.exists(labels) && Files.exists(train),
                "needs Debian's dataset-fashion-mnist: " + FASHION);
        ConversionSettings settings = ConversionSettings.builder(MODEL).scheme(Scheme.parse(scheme)).calibrationData(train)
                .inputScale(1 / 255.0).calibrationSamples(1000).build();
        VerificationSettings v = VerificationSettings.builder().workDirectory(tmp.resolve("work"))
                .reportDirectory(tmp.resolve("report")).maxAccuracyDrop(100).testData(images).testLabels(labels)
                .testSamples(host ? null : QEMU_SAMPLES).target(Target.parse(target)).build();
        VerificationReport r = new Verifier(BuildLog.SILENT).verify(settings, v);
        assertThat(r.samples()).isEqualTo(host ? 10_000 : QEMU_SAMPLES);
        assertThat(r.compiled().target()).isEqualTo(target);
        assertThat(r.compiled().mismatchedSamples()).as(scheme + " compiled vs emulation").isZero();
        assertThat(r.compiled().bitExactWithEmulation()).isTrue();
    }
}
