package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.backend.AffineBackend;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.LayerPrecision;
import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.CPrograms;
import io.cmsisnn.testing.Needs;
import io.cmsisnn.testing.UpstreamTrees;
import io.cmsisnn.toolchain.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * layerPrecision through the whole verify pipeline on the ST HAR CNN: the host-compiled network is
 * bit-exact with the emulation, the report marks the widened layer's tensors int16 with an int64
 * bias and lists the requantize steps, and the memory timeline gives the widened tensor two bytes
 * per element of its shape; against upstream CMSIS-NN too, on the host and a Cortex-M4; a name the
 * network does not have stops the build naming it.
 */
class WidenedLayersVerifyTest {
    private static final int SAMPLES = 60;

    @TempDir
    Path tmp;

    private ConversionSettings.Builder har() {
        Path x = Needs.sharedFile("datasets/st_har/har_frames_x.npy");
        return ConversionSettings.builder(Needs.sharedFile("models/keras/st_har_cnn1d.h5")).scheme(Scheme.S8).calibrationData(x)
                .calibrationSamples(300);
    }

    private VerificationReport verify(ConversionSettings settings) {
        return verify(settings, VerificationSettings.builder().testSamples(SAMPLES));
    }

    private VerificationReport verify(ConversionSettings settings, VerificationSettings.Builder v) {
        Path x = Needs.sharedFile("datasets/st_har/har_frames_x.npy");
        Path y = Needs.sharedFile("datasets/st_har/har_frames_y.npy");
        return new Verifier(BuildLog.SILENT).verify(settings, v.testData(x).testLabels(y).randomSamples(10).maxAccuracyDrop(100.0)
                .workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build());
    }

    /** The first convolution and the first dense layer of the HAR CNN, by their lowered names. */
    private Map<String, LayerPrecision> firstConvolutionAndDense() {
        Graph lowered = new Generator(BuildLog.SILENT).convert(har().build()).lowered();
        String conv = lowered.nodes().stream().filter(n -> n.op() instanceof Op.Conv2D).map(Node::name).findFirst().orElseThrow();
        String dense = lowered.nodes().stream().filter(n -> n.op() instanceof Op.Dense).map(Node::name).findFirst().orElseThrow();
        return Map.of(conv, LayerPrecision.S16, dense, LayerPrecision.S16);
    }

    /**
     * Built against upstream CMSIS-NN's own _s16 and _s8 kernels (the unmodified archive, as
     * UpstreamArchivesTest unpacks it), on the host and on a Cortex-M4: the compiled codes are the emulation's.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"99f736a6, host, 200", "v7.0.0, host, 200", "99f736a6, cortex-m4, 20"})
    void upstreamKernelsGiveTheEmulationsOutputs(String version, String target, int samples) throws Exception {
        CPrograms.assumeGcc();
        if (!target.equals("host")) {
            Needs.crossTools();
        }
        Path tree = UpstreamTrees.root(version);
        VerificationReport report = verify(har().layerPrecision(firstConvolutionAndDense()).build(),
                VerificationSettings.builder().testSamples(samples).target(Target.parse(target)).cmsisNnDirectory(tree));
        assertThat(report.compiled().kernels()).startsWith("upstream ");
        assertThat(report.samples()).isEqualTo(samples);
        assertThat(report.compiled().bitExactWithEmulation()).isTrue();
        assertThat(report.compiled().mismatchedSamples()).isZero();
        assertThat(report.layers()).filteredOn(l -> l.function().endsWith("_s16")).hasSize(2);
    }

    @Test
    void aWidenedConvolutionIsBitExactAndReportedAsInt16() {
        CPrograms.assumeGcc();
        Graph lowered = new Generator(BuildLog.SILENT).convert(har().build()).lowered();
        String conv = lowered.nodes().stream().filter(n -> n.op() instanceof Op.Conv2D).map(Node::name).findFirst().orElseThrow();
        VerificationReport report = verify(har().layerPrecision(Map.of(conv, LayerPrecision.S16)).build());

        assertThat(report.compiled().bitExactWithEmulation()).isTrue();
        assertThat(report.compiled().mismatchedSamples()).isZero();
        VerificationReport.LayerReport widened = report.layers().stream().filter(l -> l.name().equals(conv)).findFirst()
                .orElseThrow();
        assertThat(widened.function()).isEqualTo("arm_convolve_wrapper_s16");
        assertThat(widened.outputFormat()).startsWith("int16 scale").endsWith("zero point 0");
        assertThat(widened.biasFormat()).isEqualTo("int64");
        assertThat(report.layers()).anyMatch(l -> l.op().equals("Requantize") && l.function().equals("generated requantize loop"));
        assertThat(report.quantization().notes()).anyMatch(n -> n.contains(conv) && n.contains("16x8"));

        VerificationReport.MemoryTimeline plan = report.diagnostics().memoryPlan();
        assertThat(plan).isNotNull();
        assertThat(plan.arenaBytes()).isEqualTo(report.memory().activationBytes());
        VerificationReport.TensorRegion region = plan.tensors().stream().filter(t -> t.tensor().equals(conv)).findFirst()
                .orElseThrow();
        assertThat(region.bytes()).isEqualTo(2L * lowered.node(conv).shape().size());
    }

    /**
     * A widened tensor is quantized as an s16 build of the same calibration quantizes it (int16
     * symmetric from its range), the next convolution as the s8 build does.
     */
    @Test
    void aWidenedTensorIsQuantizedAsS16QuantizesIt() {
        Generator generator = new Generator(BuildLog.SILENT);
        ConversionSettings s8 = har().build();
        Conversion plain = generator.convert(s8);
        List<Node> convs = plain.lowered().nodes().stream().filter(n -> n.op() instanceof Op.Conv2D).toList();
        String conv = convs.get(0).name();
        String next = convs.get(1).name();
        Conversion s16 = generator.convert(s8.toBuilder().scheme(Scheme.S16).build(), null, plain.calibration());
        Conversion mixed = generator.convert(s8.toBuilder().layerPrecision(Map.of(conv, LayerPrecision.S16)).build(), null,
                plain.calibration());
        AffineNetwork m = ((AffineBackend) mixed.backend()).quantized();
        assertThat(m.quant(conv)).isEqualTo(((AffineBackend) s16.backend()).quantized().quant(conv));
        assertThat(m.quant(next)).isEqualTo(((AffineBackend) plain.backend()).quantized().quant(next));
    }

    @Test
    void anUnknownLayerStopsTheBuildNamingIt() {
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).convert(har().layerPrecision(Map.of("conv2d_9", LayerPrecision.S16))
                .build())).isInstanceOf(ConfigurationException.class).hasMessageContaining("'conv2d_9'")
                .hasMessageContaining("layers that can run as s16");
    }

    /** An s8 entry changes nothing, but its name is checked all the same. */
    @Test
    void anUnknownLayerKeptAtS8StopsTheBuildToo() {
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).convert(har().layerPrecision(Map.of("conv2d_9", LayerPrecision.S8))
                .build())).isInstanceOf(ConfigurationException.class).hasMessageContaining("'conv2d_9'")
                .hasMessageContaining("is no layer of the converted network");
    }
}
