package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.importer.ModelImporter;
import io.cmsisnn.passes.GraphLowering;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-layer equalization in the conversion of the HAR depthwise fixture (issue #15): its three
 * depthwise/pointwise blocks are equalized for the fixed-point schemes and listed in the notes
 * the report carries; the imported graph, the float reference, is left as the file has it.
 */
class DepthwiseEqualizationPassTest {
    private static final Path MODEL = Path.of("..", "fixtures", "depthwise", "dwsep_har.onnx");

    private static ConversionSettings settings(String scheme) {
        Needs.that(Files.isRegularFile(MODEL), "fixture not found: " + MODEL.toAbsolutePath());
        return ConversionSettings.builder(MODEL).scheme(Scheme.parse(scheme))
                .calibrationData(Needs.sharedFile("models/onnx/har_rnn_test_x.npy")).calibrationSamples(200).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"q7", "s8"})
    void equalizesTheThreeBlocksAndSaysSo(String scheme) {
        Conversion on = new Generator(BuildLog.SILENT).convert(settings(scheme));
        List<String> notes = on.backend().quantizationReport("minmax", 99.99, on.calibration(), "har_rnn_test_x.npy", null).notes();
        // stem conv -> block 1 depthwise and the residual Add: two readers, so not a pair; the three depthwise convs
        // each feed only their pointwise conv through their ReLU
        assertThat(notes.stream().filter(n -> n.contains(": equalized with '"))
                .map(n -> n.substring(0, n.indexOf("channel scales ") + "channel scales ".length())).toList()).containsExactly(
                note("/blocks/blocks.0/relu/Relu", "/blocks/blocks.0/pw/Conv"),
                note("/blocks/blocks.1/relu/Relu", "/blocks/blocks.1/relu_1/Relu"),
                note("/blocks/blocks.2/relu/Relu", "/blocks/blocks.2/pw/Conv"));

        Graph fresh = new ModelImporter().read(MODEL, null).graph();
        assertSameWeights(on.imported(), fresh); // the float reference
        Graph lowered = new GraphLowering().lower(fresh);
        assertThat(weights(on.lowered(), "/blocks/blocks.0/relu/Relu")).isNotEqualTo(weights(lowered, "/blocks/blocks.0/relu/Relu"));
        assertThat(weights(on.lowered(), "/stem/stem.2/Relu")).isEqualTo(weights(lowered, "/stem/stem.2/Relu"));

        Conversion off = new Generator(BuildLog.SILENT).convert(settings(scheme).toBuilder().equalization(false).build());
        assertThat(off.backend().quantizationReport("minmax", 99.99, off.calibration(), "x", null).notes())
                .noneMatch(n -> n.contains("equalized"));
        assertSameWeights(off.lowered(), lowered);
    }

    /** The note's fixed parts, up to its scales (which the pass tests derive by hand). */
    private static String note(String first, String second) {
        return "layer '" + first + "': equalized with '" + second + "': channel scales ";
    }

    private static void assertSameWeights(Graph actual, Graph expected) {
        assertThat(actual.nodes()).extracting(Node::name).containsExactlyElementsOf(expected.nodes().stream().map(Node::name).toList());
        for (Node n : expected.nodes()) {
            assertThat(weights(actual, n.name())).as(n.name()).isEqualTo(weights(expected, n.name()));
        }
    }

    private static float[] weights(Graph g, String name) {
        Op op = g.node(name).op();
        if (op instanceof Op.Conv2D c) {
            return c.weights();
        }
        if (op instanceof Op.DepthwiseConv2D d) {
            return d.weights();
        }
        if (op instanceof Op.Dense d) {
            return d.weights();
        }
        return new float[0];
    }
}
