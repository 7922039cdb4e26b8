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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * layerPrecision through the whole verify pipeline on the ST HAR CNN: the host-compiled network is
 * bit-exact with the emulation, the report marks the widened layer's tensors int16 with an int64
 * bias and lists the requantize steps, and the memory timeline gives the widened tensor two bytes
 * per element of its shape; a name the network does not have stops the build naming it.
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
        Path x = Needs.sharedFile("datasets/st_har/har_frames_x.npy");
        Path y = Needs.sharedFile("datasets/st_har/har_frames_y.npy");
        return new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(x).testLabels(y)
                .testSamples(SAMPLES).randomSamples(10).maxAccuracyDrop(100.0).workDirectory(tmp.resolve("work"))
                .reportDirectory(tmp.resolve("report")).build());
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
}
