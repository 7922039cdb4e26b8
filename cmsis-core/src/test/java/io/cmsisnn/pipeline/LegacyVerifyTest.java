package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.report.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
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
        Assumptions.assumeTrue(Files.exists(file), "needs ../shared: " + file);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"q7", "q15"})
    void harFramesCompiledBitExactWithTheEmulation(String scheme) {
        Path x = shared("datasets/st_har/har_frames_x.npy");
        Path y = shared("datasets/st_har/har_frames_y.npy");
        ConversionSettings settings = new ConversionSettings(shared("models/keras/st_har_cnn1d.h5"), scheme, null, x, null, 1.0, 0.0,
                new ConversionSettings.Quantization(System.getProperty("probe.range", "minmax"), 99.99, 1000, false));
        VerificationReport report = new Verifier(BuildLog.SILENT).verify(settings, new VerificationSettings(x, y, null, null,
                Integer.getInteger("probe.samples", 6900), 10, 100.0, "gcc", "host", null, tmp.resolve("work"), tmp.resolve("report"),
                null));
        System.out.println(scheme + ": float " + report.floatResult().top1() + " emulated " + report.emulated().top1() + " compiled "
                + report.compiled().top1() + " mismatched " + report.compiled().mismatchedSamples());
        for (VerificationReport.LayerReport l : report.layers()) {
            System.out.println("  " + l.name() + " " + l.function() + " " + l.inputFormat() + "->" + l.outputFormat() + " w " + l.weightFormat()
                    + " b " + l.biasFormat() + " shifts " + l.biasShift() + "/" + l.outShift() + " snr " + l.snrDb() + " " + l.notes());
        }
        assertThat(report.compiled().bitExactWithEmulation()).isTrue();
    }
}
