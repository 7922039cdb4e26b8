package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.Needs;
import io.cmsisnn.toolchain.BundledKernels;
import io.cmsisnn.toolchain.ToolchainException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * verify with {@code cmsisNnDirectory}. The tests lay the bundled kernels out as an upstream tree
 * ({@code Include/}, {@code Source/}) so the upstream path (tree checks, separate compile with the
 * upstream flags, DSP stand-ins, link) runs without a CMSIS checkout; the compiled outputs are judged
 * by the emulation. The real upstream trees are checked by {@link UpstreamArchivesTest}.
 */
class UpstreamKernelsVerifyTest {
    @TempDir
    Path tmp;

    private static Path shared(String relative) {
        return Needs.sharedFile(relative);
    }

    private Path bundledAsUpstreamTree() {
        Path nn = tmp.resolve("CMSIS/NN");
        new BundledKernels().extract(nn);
        return nn;
    }

    private VerificationReport verifyHar(String scheme, boolean dsp, Path cmsisNn) {
        Path x = shared("datasets/st_har/har_frames_x.npy");
        Path y = shared("datasets/st_har/har_frames_y.npy");
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5"))
                .scheme(Scheme.parse(scheme)).calibrationData(x).calibrationSamples(500).armMathDsp(dsp).build();
        return new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(x).testLabels(y)
                .testSamples(1000).randomSamples(10).maxAccuracyDrop(100.0).cmsisNnDirectory(cmsisNn)
                .workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build());
    }

    @ParameterizedTest
    @CsvSource({"q7, false", "q7, true", "q15, false"})
    void aTreeInUpstreamLayoutIsCompiledApartAndMatchesTheEmulation(String scheme, boolean dsp) {
        Path tree = bundledAsUpstreamTree();
        VerificationReport report = verifyHar(scheme, dsp, tree);
        assertThat(report.compiled().kernels()).isEqualTo("upstream " + tree.toAbsolutePath().normalize());
        assertThat(report.compiled().bitExactWithEmulation()).isTrue();
        assertThat(Files.exists(tmp.resolve("work/kernel-objects/cnn_legacy_pool.o"))).isTrue();
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = tmp.resolve("no/such/CMSIS/NN");
        assertThatThrownBy(() -> verifyHar("q7", false, missing)).isInstanceOf(ToolchainException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void aDirectoryWithoutTheHeaderIsNotATree() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("CMSIS"));
        assertThatThrownBy(() -> verifyHar("q7", false, dir)).isInstanceOf(ToolchainException.class)
                .hasMessageContaining("is not a CMSIS-NN tree").hasMessageContaining("Include/arm_nnfunctions.h");
    }

    @Test
    void halfACmsis5TreeNamesTheMissingHeader() throws Exception {
        Path nn = bundledAsUpstreamTree();
        Files.writeString(nn.resolve("Include/arm_nn_math_types.h"), "#include \"arm_math_types.h\"\n");
        assertThatThrownBy(() -> verifyHar("q7", false, nn)).isInstanceOf(ToolchainException.class)
                .hasMessageContaining("arm_math_types.h").hasMessageContaining("CMSIS/DSP/Include");
    }

    @Test
    void compilerHeadersBehindConditionsAreNotRequired() throws Exception {
        // CMSIS-NN's compiler header includes "intrin.h" for MSVC only: not a missing part of the tree
        Path nn = bundledAsUpstreamTree();
        Files.writeString(nn.resolve("Include/arm_nn_compiler_probe.h"), "#if defined(_MSC_VER)\n#include \"intrin.h\"\n#endif\n");
        assertThat(verifyHar("q7", false, nn).compiled().bitExactWithEmulation()).isTrue();
    }

    @Test
    void aTreeWithoutTheLegacyFunctionsSaysWhichVersionToUse() throws Exception {
        // what CMSIS-NN 4 and later look like to a q7 network: only the s8 API is declared
        Path nn = tmp.resolve("CMSIS-NN");
        Files.createDirectories(nn.resolve("Source"));
        Files.createDirectories(nn.resolve("Include"));
        Files.writeString(nn.resolve("Include/arm_nnfunctions.h"), "int arm_convolve_s8(void);\n");
        Files.writeString(nn.resolve("Source/arm_convolve_s8.c"), "int arm_convolve_s8(void) { return 0; }\n");
        assertThatThrownBy(() -> verifyHar("q7", false, nn)).isInstanceOf(ToolchainException.class)
                .hasMessageContaining("does not declare").hasMessageContaining("arm_convolve_HWC_q7")
                .hasMessageContaining("CMSIS 5.9");
    }

    @Test
    void f32IsBuiltWithTheBundledFloatKernelsAndSaysSo() {
        Path x = shared("datasets/st_har/har_frames_x.npy");
        Path y = shared("datasets/st_har/har_frames_y.npy");
        WarningLog log = new WarningLog();
        java.util.List<String> warnings = log.warnings();
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5")).scheme(Scheme.F32)
                .build();
        VerificationReport report = new Verifier(log).verify(settings, VerificationSettings.builder().testData(x).testLabels(y)
                .testSamples(50).randomSamples(10).maxAccuracyDrop(100.0).cmsisNnDirectory(tmp.resolve("no-tree-needed"))
                .workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build());
        assertThat(report.compiled().kernels()).isEqualTo("bundled");
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("cmsisNnDirectory").contains("f32"));
    }
}
