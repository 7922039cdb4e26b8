package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared models without labelled data (models README: "structure and numerics only"): each
 * imports, and the compiled C network agrees with the Java engine within 1e-4 on seeded random inputs.
 */
class RandomInputAgreementTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tiny_ic_resnet8.h5", "tiny_ad01_autoencoder.h5", "shawn_fan_autoencoder.h5"})
    void compiledNetworkAgreesWithTheEngine(String model) {
        Path file = Path.of(System.getProperty("cmsis.shared.dir", "../../shared"), "models", "keras", model);
        Needs.that(Files.exists(file), "needs ../shared: " + file);
        VerificationReport report = new Verifier(BuildLog.SILENT).verify(
                ConversionSettings.builder(file).scheme(Scheme.F32).build(),
                VerificationSettings.builder().randomSamples(16).workDirectory(tmp.resolve("work"))
                        .reportDirectory(tmp.resolve("report")).build());
        assertThat(report.samples()).isEqualTo(16);
        assertThat(report.compiled().mismatchedSamples()).isZero();
        assertThat(report.compiled().maxAbsDiffVsEmulation()).isLessThanOrEqualTo(1e-4);
        assertThat(report.passed()).isTrue();
    }
}
