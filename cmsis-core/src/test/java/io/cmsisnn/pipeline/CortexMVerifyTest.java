package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.Needs;
import io.cmsisnn.toolchain.BundledKernels;
import io.cmsisnn.toolchain.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * verify on emulated Cortex-M CPUs: the ST HAR model (23,360 MACs per frame, counted by hand from its
 * layers) built with arm-none-eabi-gcc and run under qemu-system-arm; the compiled outputs are judged
 * by the emulation and the dataset's labels. Given {@code -Dcmsis.upstreamNn=<CMSIS_5>/CMSIS/NN}, the
 * fixed-point runs are repeated against that tree (its DSP path on M4).
 */
class CortexMVerifyTest {
    private static final int SAMPLES = 40;

    @TempDir
    Path tmp;

    private static Path shared(String relative) {
        return Needs.sharedFile(relative);
    }

    private static void assumeCrossTools() {
        Needs.crossTools();
    }

    private VerificationReport verifyHar(String scheme, String target, Path cmsisNn) {
        Path x = shared("datasets/st_har/har_frames_x.npy");
        Path y = shared("datasets/st_har/har_frames_y.npy");
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5"))
                .scheme(Scheme.parse(scheme)).calibrationData(scheme.equals("f32") ? null : x).calibrationSamples(500).build();
        return new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(x).testLabels(y)
                .testSamples(SAMPLES).randomSamples(10).maxAccuracyDrop(100.0).target(Target.parse(target))
                .cmsisNnDirectory(cmsisNn).workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build());
    }

    @ParameterizedTest
    @CsvSource({"f32, cortex-m4", "q7, cortex-m4", "q15, cortex-m4", "f32, cortex-m55", "q7, cortex-m55", "q15, cortex-m55"})
    void theTargetRunMatchesTheEmulationAndIsCounted(String scheme, String target) throws Exception {
        assumeCrossTools();
        VerificationReport report = verifyHar(scheme, target, null);
        VerificationReport.CompiledResult c = report.compiled();
        assertThat(c.target()).isEqualTo(target);
        assertThat(c.toolchain()).isEqualTo("arm-none-eabi-gcc");
        assertThat(c.bitExactWithEmulation()).isTrue();
        // ../shared/models/README.md: 0.9891 over all 6,900 frames; the first 40 are nearly all right
        assertThat(c.top1()).isGreaterThanOrEqualTo(0.9);
        // every MAC costs at least one instruction on a core without SIMD MACs here, and far fewer than 1,000
        assertThat(c.instructionsPerInference()).isBetween(23_360.0 / 4, 23_360.0 * 1000);
        assertThat(c.macsPerInstruction()).isCloseTo(23_360.0 / c.instructionsPerInference(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.memory().codeBytes()).isPositive();
        // weights from the ELF equal the parameter count (conv 3*3*24+24 ... as stored: f32 4 B, q7 1 B, q15 2 B each)
        assertThat(report.memory().weightBytes()).isPositive();
        if (!scheme.equals("f32")) {
            // the M4 has the DSP extension and the M55 Helium: only M4 builds take the legacy DSP path
            assertThat(report.quantization().armMathDsp()).isEqualTo(target.equals("cortex-m4"));
        }
        String json = Files.readString(tmp.resolve("report/report.json"));
        assertThat(json).contains("\"instructionsPerInference\"").contains("\"macsPerInstruction\"");
    }

    @ParameterizedTest
    @CsvSource({"q7, cortex-m4", "q15, cortex-m4", "q7, cortex-m55", "q7, cortex-m3"})
    void anUpstreamTreeIsBuiltForTheTarget(String scheme, String target) {
        assumeCrossTools();
        String upstream = System.getProperty("cmsis.upstreamNn");
        Path tree;
        if (upstream != null && !upstream.isBlank()) {
            tree = Path.of(upstream);
        } else {
            tree = tmp.resolve("CMSIS/NN");
            new BundledKernels().extract(tree);
        }
        VerificationReport report = verifyHar(scheme, target, tree);
        assertThat(report.compiled().kernels()).startsWith("upstream ");
        assertThat(report.compiled().bitExactWithEmulation()).isTrue();
    }
}
