package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.quant.WeightQuantization;
import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.Needs;
import io.cmsisnn.toolchain.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * verify against the unmodified upstream archives in {@code ../shared/upstream} (unpacked into
 * {@code target/upstream}, never into the source tree): CMSIS-NN 99f736a6 and v7.0.0 for s8/s16 in
 * both rounding modes on the host and on Cortex-M4/M55 under QEMU, and CMSIS 5.9.0's NN for q7/q15
 * with and without the DSP paths. The compiled network, built from upstream's own kernels, must give
 * exactly the emulation's outputs on every sample; the dataset's labels bound its accuracy.
 */
class UpstreamArchivesTest {
    private static final int HOST_SAMPLES = 300;
    private static final int QEMU_SAMPLES = 20;

    @TempDir
    Path tmp;

    private static Path shared(String relative) {
        return Needs.sharedFile(relative);
    }

    private static Path tree(String version) throws IOException, InterruptedException {
        return io.cmsisnn.testing.UpstreamTrees.root(version);
    }

    private static void needCrossTools() {
        Needs.crossTools();
    }

    private VerificationReport verifyHar(String scheme, String rounding, boolean dsp, String target, int samples, Path tree) {
        Path x = shared("datasets/st_har/har_frames_x.npy");
        Path y = shared("datasets/st_har/har_frames_y.npy");
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5"))
                .scheme(Scheme.parse(scheme)).calibrationData(x).calibrationSamples(500).armMathDsp(dsp)
                .roundingMode(RoundingMode.parse(rounding)).build();
        return new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(x).testLabels(y)
                .testSamples(samples).randomSamples(10).maxAccuracyDrop(100.0).target(Target.parse(target))
                .cmsisNnDirectory(tree).workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build());
    }

    private static void assertUpstreamAndExact(VerificationReport r, Path tree, int samples) {
        VerificationReport.CompiledResult c = r.compiled();
        assertThat(c.kernels()).startsWith("upstream ").endsWith(tree.toAbsolutePath().normalize().toString());
        assertThat(r.samples()).isEqualTo(samples);
        assertThat(c.bitExactWithEmulation()).as("compiled against %s vs emulation", tree).isTrue();
        assertThat(c.mismatchedSamples()).isZero();
        // ../shared/models/README.md: float top-1 0.9891 over all 6,900 frames
        assertThat(c.top1()).isGreaterThanOrEqualTo(0.9);
    }

    @ParameterizedTest(name = "{0} {1} {2} on the host")
    @CsvSource({"99f736a6, s8, default", "99f736a6, s8, single", "99f736a6, s16, default", "99f736a6, s16, single",
            "v7.0.0, s8, default", "v7.0.0, s8, single", "v7.0.0, s16, default", "v7.0.0, s16, single"})
    void cmsisNnOnTheHostGivesTheEmulationsOutputs(String version, String scheme, String rounding) throws Exception {
        Path tree = tree(version);
        VerificationReport r = verifyHar(scheme, rounding, false, "host", HOST_SAMPLES, tree);
        assertUpstreamAndExact(r, tree, HOST_SAMPLES);
        if (scheme.equals("s16")) {
            assertDenseLayersRun(r, "arm_convolve_wrapper_s16", "int8 symmetric per output channel");
        }
        // both trees' pack descriptions say 0.0.0; their API headers' $Revision lines (read off the archives) tell them apart
        assertThat(r.compiled().kernels()).contains("(arm_nnfunctions.h " + (version.equals("v7.0.0") ? "V.18.0.0" : "V.19.1.0")
                + ")");
    }

    /**
     * The HAR CNN's two dense layers in s16: with per-channel weights (the default, checked above)
     * they run as a 1x1 arm_convolve_wrapper_s16 with one multiplier per output, which
     * arm_fully_connected_s16 cannot take; per-tensor weights keep arm_fully_connected_s16, whose
     * outputs must still be the emulation's.
     */
    @ParameterizedTest(name = "{0} s16 per-tensor on the host")
    @CsvSource({"99f736a6", "v7.0.0"})
    void s16DenseLayersWithPerTensorWeightsKeepTheFullyConnectedKernel(String version) throws Exception {
        Path tree = tree(version);
        Path x = shared("datasets/st_har/har_frames_x.npy");
        Path y = shared("datasets/st_har/har_frames_y.npy");
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5")).scheme(Scheme.S16)
                .calibrationData(x).calibrationSamples(500).weightQuantization(WeightQuantization.PER_TENSOR).build();
        VerificationReport r = new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(x).testLabels(y)
                .testSamples(HOST_SAMPLES).randomSamples(10).maxAccuracyDrop(100.0).cmsisNnDirectory(tree)
                .workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build());
        assertUpstreamAndExact(r, tree, HOST_SAMPLES);
        assertDenseLayersRun(r, "arm_fully_connected_s16", "int8 symmetric per tensor");
    }

    /**
     * Every dense layer of the report calls {@code function}, its weights described as {@code weights}
     * (the last Dense's softmax is a layer of its own, without weights).
     */
    private static void assertDenseLayersRun(VerificationReport r, String function, String weights) {
        java.util.List<VerificationReport.LayerReport> dense = r.layers().stream()
                .filter(l -> l.op().startsWith("Dense") && !l.function().startsWith("arm_softmax")).toList();
        assertThat(dense).hasSize(2).allSatisfy(l -> {
            assertThat(l.function()).isEqualTo(function);
            assertThat(l.weightFormat()).isEqualTo(weights);
            assertThat(l.biasFormat()).isEqualTo("int64");
        });
    }

    @ParameterizedTest(name = "{0} {1} {2} on {3}")
    @CsvSource({"99f736a6, s8, default, cortex-m4", "99f736a6, s8, single, cortex-m55", "99f736a6, s16, default, cortex-m55",
            "v7.0.0, s8, default, cortex-m4", "v7.0.0, s16, single, cortex-m4"})
    void cmsisNnOnCortexMGivesTheEmulationsOutputs(String version, String scheme, String rounding, String target)
            throws Exception {
        needCrossTools();
        Path tree = tree(version);
        VerificationReport r = verifyHar(scheme, rounding, false, target, QEMU_SAMPLES, tree);
        assertUpstreamAndExact(r, tree, QEMU_SAMPLES);
        assertThat(r.compiled().target()).isEqualTo(target);
    }

    @ParameterizedTest(name = "{0} armMathDsp={1} on {2}")
    @CsvSource({"q7, false, host", "q7, true, host", "q15, false, host", "q15, true, host", "q7, true, cortex-m4",
            "q15, true, cortex-m4"})
    void cmsis5LegacyKernelsGiveTheEmulationsOutputs(String scheme, boolean dsp, String target) throws Exception {
        if (!target.equals("host")) {
            needCrossTools();
        }
        Path tree = tree("5.9.0");
        int samples = target.equals("host") ? HOST_SAMPLES : QEMU_SAMPLES;
        VerificationReport r = verifyHar(scheme, null, dsp, target, samples, tree);
        assertUpstreamAndExact(r, tree, samples);
    }

    /**
     * Every shared model that imports, in s8 on the host against CMSIS-NN 99f736a6: compiled ==
     * emulation on every sample. Models without data calibrate and test on seeded random inputs.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.cmsisnn.testing.SharedModels#cnns")
    void everySharedModelInS8MatchesTheEmulationAgainstCmsisNn(io.cmsisnn.testing.SharedModels.SharedModel m)
            throws Exception {
        Path tree = tree("99f736a6");
        Path file = m.dataFile(tmp);
        String model = m.model();
        ConversionSettings settings = ConversionSettings.builder(m.modelFile()).scheme(Scheme.S8).calibrationData(file)
                .dataKey(m.key()).inputScale(m.scale()).calibrationSamples(200).build();
        VerificationReport r = new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(file)
                .testSamples(40).randomSamples(10).maxAccuracyDrop(100.0).cmsisNnDirectory(tree)
                .workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build());
        assertThat(r.compiled().kernels()).startsWith("upstream ");
        assertThat(r.samples()).isEqualTo(40);
        assertThat(r.compiled().bitExactWithEmulation()).as("%s against %s", model, tree).isTrue();
        assertThat(r.compiled().mismatchedSamples()).isZero();
    }

    /**
     * CMSIS-NN 99f736a6 has a public float API (arm_fully_connected_f32, arm_softmax_f32, ...). A
     * firmware that links all of upstream, float extensions on, together with an f32 network and
     * the bundled float kernels must link (no name in common) and run the network as the Java
     * engine does.
     */
    @org.junit.jupiter.api.Test
    void anF32NetworkLinksTogetherWithCmsisNnsFloatApi() throws Exception {
        io.cmsisnn.testing.CPrograms.assumeGcc();
        Path tree = tree("99f736a6");
        Path model = shared("models/keras/st_har_cnn1d.h5");
        Path net = tmp.resolve("net");
        new Generator(BuildLog.SILENT).generate(ConversionSettings.builder(model).scheme(Scheme.F32).networkName("har").build(), net);
        Path kernels = tmp.resolve("kernels");
        new io.cmsisnn.toolchain.BundledKernels().extract(kernels);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-std=c99", "-O1", "-w", "-fwrapv",
                "-DARM_NN_ENABLE_F32=1", "-DARM_NN_ENABLE_F16=0", "-I" + tree.resolve("Include"), "-I" + kernels.resolve("Include"),
                "-I" + net));
        try (var files = Files.walk(tree.resolve("Source"))) {
            files.filter(f -> f.toString().endsWith(".c") && !f.toString().contains("/Bindings/") && !f.toString().endsWith("_f16.c"))
                    .sorted().forEach(f -> args.add(f.toString()));
        }
        assertThat(args).anySatisfy(a -> assertThat(a).endsWith("arm_fully_connected_f32.c"));
        try (var files = Files.walk(kernels.resolve("Source"))) {
            files.filter(f -> f.getFileName().toString().startsWith("cnn_f32_")).sorted().forEach(f -> args.add(f.toString()));
        }
        args.add(net.resolve("har.c").toString());
        Path main = tmp.resolve("main.c");
        Files.writeString(main, """
                #include <stdio.h>
                #include "har.h"
                extern int arm_fully_connected_f32(); /* upstream's, only to make the linker keep it */
                int main(void) {
                    static har_input_t in[HAR_INPUT_SIZE];
                    har_output_t out[HAR_OUTPUT_SIZE];
                    for (int i = 0; i < HAR_INPUT_SIZE; i++) in[i] = (float) (i % 7) / 7.0f - 0.4f;
                    har_run(in, out);
                    printf("%p\\n", (void *) &arm_fully_connected_f32);
                    for (int i = 0; i < HAR_OUTPUT_SIZE; i++) printf("%.9g\\n", out[i]);
                    return 0;
                }
                """);
        args.add(main.toString());
        args.add("-lm");
        String[] lines = io.cmsisnn.testing.CPrograms.execute(io.cmsisnn.testing.CPrograms.compile(args, tmp.resolve("fw")), null)
                .strip().split("\\R");
        float[] x = new float[26 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (i % 7) / 7.0f - 0.4f;
        }
        float[] expected = new io.cmsisnn.engine.FloatEngine(new io.cmsisnn.passes.GraphLowering().lower(
                new io.cmsisnn.importer.ModelImporter().load(model))).run(x);
        assertThat(lines).hasSize(1 + expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.parseFloat(lines[1 + i])).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
