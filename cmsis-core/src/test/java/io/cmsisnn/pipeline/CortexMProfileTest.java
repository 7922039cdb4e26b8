package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.Needs;
import io.cmsisnn.toolchain.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * verify with {@code profile} (issue #6): ST's HAR model on an emulated Cortex-M4 gets the instructions of
 * each layer, while its outputs stay bit-exact with the emulation and its whole-inference count keeps its
 * meaning; on the host, profile is ignored with one warning.
 */
class CortexMProfileTest {
    private static final int SAMPLES = 40;
    /** Instructions per SysTick tick on the M4's MPS2 board (25 MHz): what one count is good to. */
    private static final double TICK = 40;

    @TempDir
    Path tmp;

    private static Path shared(String relative) {
        return Needs.sharedFile(relative);
    }

    private static void assumeTools(String... tools) {
        for (String tool : tools) {
            try {
                Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                Needs.that(p.waitFor() == 0, tool + " does not run");
            } catch (IOException | InterruptedException e) {
                Needs.missing(tool + " is not installed");
            }
        }
    }

    private VerificationReport verifyHar(String scheme, String target, boolean profile, BuildLog log, String run) {
        Path x = shared("datasets/st_har/har_frames_x.npy");
        Path y = shared("datasets/st_har/har_frames_y.npy");
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5"))
                .scheme(Scheme.parse(scheme)).calibrationData(scheme.equals("f32") ? null : x).calibrationSamples(500).build();
        return new Verifier(log).verify(settings, VerificationSettings.builder().testData(x).testLabels(y).testSamples(SAMPLES)
                .randomSamples(10).maxAccuracyDrop(100.0).target(Target.parse(target)).workDirectory(tmp.resolve(run + "/work"))
                .reportDirectory(tmp.resolve(run + "/report")).profile(profile).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f32", "q7"})
    void eachLayerIsCountedOnTheM4(String scheme) throws IOException {
        assumeTools("arm-none-eabi-gcc", "qemu-system-arm");
        VerificationReport plain = verifyHar(scheme, "cortex-m4", false, BuildLog.SILENT, "plain");
        VerificationReport profiled = verifyHar(scheme, "cortex-m4", true, BuildLog.SILENT, "profiled");

        // the marks change nothing the network computes
        assertThat(profiled.compiled().bitExactWithEmulation()).isTrue();
        assertThat(profiled.compiled().mismatchedSamples()).isZero();
        // ../shared/models/README.md: 98.9 % top-1 over all frames
        assertThat(profiled.compiled().top1()).isGreaterThanOrEqualTo(0.9).isEqualTo(plain.compiled().top1());
        assertThat(plain.layers()).allSatisfy(l -> assertThat(l.instructions()).isNull());
        List<VerificationReport.LayerReport> layers = profiled.layers();
        assertThat(layers).allSatisfy(l -> assertThat(l.instructions()).as(l.name()).isNotNull().isNotNegative());

        // Conv1D 'conv1d': 16 filters of kernel 3 over 3 axes, valid on 26 frames -> 24 positions: 24 * 16 * 3 * 3
        VerificationReport.LayerReport first = layers.get(0);
        assertThat(first.name()).isEqualTo("conv1d");
        assertThat(first.macs()).isEqualTo(24 * 16 * 3 * 3);
        // SMLAD, the M4's widest multiply-accumulate, does 2 MACs per instruction
        List<VerificationReport.LayerReport> macLayers = new ArrayList<>();
        for (VerificationReport.LayerReport l : layers) {
            if (l.op().startsWith("Conv") || l.op().equals("Dense")) {
                if (l.macs() > 0) {
                    macLayers.add(l);
                    assertThat(l.instructions()).as(l.name()).isGreaterThanOrEqualTo(l.macs() / 2.0);
                    assertThat(l.macsPerInstruction()).as(l.name()).isCloseTo(l.macs() / l.instructions(), within(1e-9));
                }
            }
        }
        // two Conv1D and two Dense layers
        assertThat(macLayers).hasSize(4);

        double sum = layers.stream().mapToDouble(VerificationReport.LayerReport::instructions).sum();
        double whole = plain.compiled().instructionsPerInference();
        int marks = layers.size();
        // What the profiled build runs besides the network and the hooks (whose calibrated cost is taken out):
        // the harness noting the start (2 instructions), register moves around each mark's call (at most 2),
        // and each mean is good to a tick.
        double extra = 4 + 2 * marks + TICK;
        assertThat(profiled.compiled().instructionsPerInference()).isCloseTo(whole, within(extra));
        // The layers cover the inference up to the last mark. After it come the rest of that hook call (its
        // return and bookkeeping, under 50 instructions), copying 3 outputs out (a call and a short loop or
        // memcpy, under 60) and the harness's SysTick read (under 20), and the counts are good to a tick.
        assertThat(whole - sum).isBetween(-extra, 50 + 60 + 20 + TICK);

        String json = Files.readString(tmp.resolve("profiled/report/report.json"));
        // within the layer's object, which holds one nested object (its saturation counts)
        assertThat(json).containsPattern("\"name\": \"conv1d\",(?:[^{}]|\\{[^{}]*\\})*\"instructions\": [0-9.]+,\\s*"
                + "\"macsPerInstruction\": [0-9.]+");
        String md = Files.readString(tmp.resolve("profiled/report/report.md"));
        assertThat(md).contains("| instructions | MACs/instruction |").contains("CMSIS_NN_PROFILE_LAYER");
        assertThat(Files.readString(tmp.resolve("profiled/report/report.html"))).contains("<th>MACs/instruction</th>");
        assertThat(Files.readString(tmp.resolve("plain/report/report.md"))).doesNotContain("MACs/instruction");
    }

    @Test
    void onTheHostProfileWarnsOnceAndVerifies() {
        assumeTools("gcc");
        WarningLog log = new WarningLog();
        List<String> warnings = log.warnings();
        VerificationReport report = verifyHar("f32", "host", true, log, "host");
        assertThat(report.passed()).isTrue();
        assertThat(report.compiled().instructionsPerInference()).isNull();
        assertThat(report.layers()).allSatisfy(l -> assertThat(l.instructions()).isNull());
        assertThat(warnings).singleElement().asString().contains("profile").contains("Cortex-M");
    }
}
