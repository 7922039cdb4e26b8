package io.cmsisnn.pipeline;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code scheme} auto and auto-legacy: which candidate wins, on hand-made costs and on real models with their labels. */
class SchemeSearchTest {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private static VerificationReport.Candidate candidate(String scheme, double drop, boolean meets, long ram, long instructions,
                                                          long weights) {
        return new VerificationReport.Candidate(scheme, 0.9, 0.9 - drop / 100, drop, meets, ram, 0, instructions, weights);
    }

    @Test
    void theCheapestCandidateWithinTheDropWinsByRamThenInstructionsThenWeights() {
        // s8 is cheaper but loses too much: s16 wins although it needs twice the RAM
        assertThat(SchemeSearch.choose(List.of(candidate("s8", 0.8, false, 1000, 50, 10), candidate("s16", 0.1, true, 2000, 50, 10))))
                .isEqualTo(1);
        // both within: the one with less RAM, whatever its drop
        assertThat(SchemeSearch.choose(List.of(candidate("s16", 0.0, true, 2000, 50, 10), candidate("s8", 0.4, true, 1000, 90, 90))))
                .isEqualTo(1);
        // equal RAM: fewer instructions, then fewer weight bytes, then the first tried
        assertThat(SchemeSearch.choose(List.of(candidate("a", 0, true, 1000, 60, 1), candidate("b", 0, true, 1000, 50, 9)))).isEqualTo(1);
        assertThat(SchemeSearch.choose(List.of(candidate("a", 0, true, 1000, 50, 9), candidate("b", 0, true, 1000, 50, 8)))).isEqualTo(1);
        assertThat(SchemeSearch.choose(List.of(candidate("a", 0, true, 1000, 50, 8), candidate("b", 0, true, 1000, 50, 8)))).isEqualTo(0);
        // none within: the least drop
        assertThat(SchemeSearch.choose(List.of(candidate("q7", 3.0, false, 1, 1, 1), candidate("q15", 1.5, false, 2, 2, 2)))).isEqualTo(1);
    }

    @Test
    void instructionsAreMacsOverTheInnerLoopsMacsPerInstruction() {
        // the depthwise fixture's MACs are fixed by its shapes; with DSP two per instruction, rounded up
        io.cmsisnn.graph.Graph g = new io.cmsisnn.importer.ModelImporter().read(Path.of("..", "fixtures", "depthwise", "dwsep_har.onnx"),
                null).graph();
        long macs = g.nodes().stream().mapToLong(io.cmsisnn.graph.LayerCost::macs).sum();
        assertThat(SchemeSearch.instructions(g, false)).isEqualTo(macs);
        assertThat(SchemeSearch.instructions(g, true)).isEqualTo((macs + 1) / 2);
    }

    /**
     * The Fashion-MNIST depthwise fixture, calibrated on 1,000 training images and measured on 2,000 others
     * against their labels: s8 loses 0.01 points on the full test set (DepthwiseGatesTest), so within 0.5 it
     * must win over s16 with less RAM (int8 activations take half the arena).
     */
    @Test
    void autoChoosesS8OnTheDepthwiseFixture() {
        Needs.that(Files.isDirectory(FASHION), "needs Debian's dataset-fashion-mnist: " + FASHION);
        Conversion c = new Generator(BuildLog.SILENT).convert(auto(AutoScheme.Family.AUTO, 0.5));
        VerificationReport.SchemeSearch s = c.schemeSearch();
        assertThat(c.scheme()).isEqualTo(Scheme.S8);
        assertThat(s.chosen()).isEqualTo("s8");
        assertThat(s.candidates()).extracting(VerificationReport.Candidate::scheme).containsExactly("s8", "s16");
        VerificationReport.Candidate s8 = s.candidates().get(0);
        VerificationReport.Candidate s16 = s.candidates().get(1);
        assertThat(s8.meetsDrop()).isTrue();
        assertThat(s8.ramBytes()).isLessThan(s16.ramBytes());
        assertThat(s8.activationBytes()).isEqualTo(c.network().activationBytes());
        assertThat(s.evaluatedOn()).contains("2000 samples").contains("calibration did not use").contains("train-labels").doesNotContain(
                "float model's top class");
        // the float model's top-1 on 2,000 training images the fixture was trained on lies near PyTorch's test figure or above
        assertThat(s8.floatTop1()).isGreaterThan(0.84);
    }

    /**
     * With no drop allowed, s8 misses on the fixture (it disagrees with the labels on some of 500 training
     * images where float does not), so layers are widened to 16x8: each candidate names widenable
     * layers of the network, at most three of them, and s16 is tried last.
     */
    @Test
    void anS8ThatMissesTheDropTriesLayersWidenedTo16x8() {
        Needs.that(Files.isDirectory(FASHION), "needs Debian's dataset-fashion-mnist: " + FASHION);
        ConversionSettings s = auto(AutoScheme.Family.AUTO, 0.0).toBuilder()
                .auto(new AutoScheme(AutoScheme.Family.AUTO, 0.0, FASHION.resolve("train-labels-idx1-ubyte.gz"), null, 500)).build();
        Conversion c = new Generator(BuildLog.SILENT).convert(s);
        VerificationReport.SchemeSearch search = c.schemeSearch();
        List<String> names = search.candidates().stream().map(VerificationReport.Candidate::scheme).toList();
        assertThat(names.get(0)).isEqualTo("s8");
        assertThat(names.get(names.size() - 1)).isEqualTo("s16");
        assertThat(search.candidates().get(0).meetsDrop()).isFalse();
        List<String> widened = names.subList(1, names.size() - 1);
        assertThat(widened).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith("s8+s16 "));
        java.util.Set<String> widenable = new java.util.HashSet<>();
        for (io.cmsisnn.graph.Node n : c.lowered().nodes()) {
            if (io.cmsisnn.quant.WidenedGraph.widenable(n)) {
                widenable.add(n.name());
            }
        }
        for (String n : widened) {
            String[] layers = n.substring("s8+s16 ".length()).split(",");
            assertThat(layers.length).isBetween(1, 2 * SchemeSearch.WIDEN_CANDIDATES);
            assertThat(widenable).contains(layers);
        }
    }

    /**
     * The wide-range Concat fixture (../fixtures/precision): s8 misses 0.5 points, and the search must
     * find that widening the Concat with the layer reading it meets the drop with less RAM than s16.
     */
    @Test
    void onTheConcatFixtureAutoChoosesS8WithTheConcatWidened() {
        Needs.that(Files.isDirectory(FASHION), "needs Debian's dataset-fashion-mnist: " + FASHION);
        ConversionSettings s = ConversionSettings.builder(Path.of("..", "fixtures", "precision", "concat_fashion.onnx"))
                .calibrationData(FASHION.resolve("train-images-idx3-ubyte.gz")).inputScale(1 / 255.0).calibrationSamples(1000)
                .auto(new AutoScheme(AutoScheme.Family.AUTO, 0.5, FASHION.resolve("train-labels-idx1-ubyte.gz"), null, 2000)).build();
        Conversion c = new Generator(BuildLog.SILENT).convert(s);
        VerificationReport.SchemeSearch search = c.schemeSearch();
        VerificationReport.Candidate s8 = search.candidates().get(0);
        VerificationReport.Candidate s16 = search.candidates().get(search.candidates().size() - 1);
        assertThat(s8.scheme()).isEqualTo("s8");
        assertThat(s8.meetsDrop()).isFalse();
        assertThat(search.chosen()).startsWith("s8+s16 ").contains("/Concat");
        VerificationReport.Candidate chosen = search.candidates().stream().filter(k -> k.scheme().equals(search.chosen())).findFirst()
                .orElseThrow();
        assertThat(chosen.meetsDrop()).isTrue();
        assertThat(chosen.ramBytes()).isLessThan(s16.ramBytes());
        assertThat(c.scheme()).isEqualTo(Scheme.S8);
        assertThat(c.network().activationBytes()).isEqualTo(chosen.activationBytes());
    }

    /** Without labels the float model's own top class is the label, so the float model scores exactly 1. */
    @Test
    void withoutLabelsEveryDisagreementWithFloatCountsAsALoss() {
        Needs.that(Files.isDirectory(FASHION), "needs Debian's dataset-fashion-mnist: " + FASHION);
        ConversionSettings s = auto(AutoScheme.Family.AUTO_LEGACY, 0.0).toBuilder()
                .auto(new AutoScheme(AutoScheme.Family.AUTO_LEGACY, 0.0, null, null, 500)).build();
        Conversion c = new Generator(BuildLog.SILENT).convert(s);
        VerificationReport.SchemeSearch search = c.schemeSearch();
        assertThat(search.evaluatedOn()).contains("500 samples").contains("float model's top class");
        List<String> names = search.candidates().stream().map(VerificationReport.Candidate::scheme).toList();
        assertThat(names.get(0)).isEqualTo("q7");
        assertThat(names).contains("q15");
        // a q7 that misses the drop is tried again with refined formats before q15
        if (!search.candidates().get(0).meetsDrop()) {
            assertThat(names.get(1)).isEqualTo("q7 (rangeMethod accuracy)");
        }
        assertThat(search.candidates()).allSatisfy(k -> assertThat(k.floatTop1()).isEqualTo(1.0));
        assertThat(search.candidates()).allSatisfy(k -> assertThat(k.meetsDrop()).isEqualTo(k.drop() <= 0.0));
        assertThat(c.scheme().id()).isEqualTo(search.chosen());
        if (search.candidates().stream().noneMatch(VerificationReport.Candidate::meetsDrop)) {
            assertThat(search.reason()).startsWith("no candidate lost at most 0.00 points");
        }
    }

    @Test
    void autoRefusesAModelWithoutClassScores() {
        // x (4 values) -> one regression output: there is no top-1 to compare
        io.cmsisnn.graph.Op.Dense dense = new io.cmsisnn.graph.Op.Dense(4, 1, new float[] {1, 2, 3, 4}, new float[] {0},
                io.cmsisnn.graph.Activation.LINEAR);
        io.cmsisnn.graph.Graph g = new io.cmsisnn.graph.Graph("reg", "x", io.cmsisnn.graph.Shape.vector(4),
                List.of(new io.cmsisnn.graph.Node("y", "Dense", dense, List.of("x"), io.cmsisnn.graph.Shape.vector(1))), "y");
        ConversionSettings s = ConversionSettings.builder(Path.of("reg.onnx")).calibrationData(Path.of("x.npy"))
                .auto(new AutoScheme(AutoScheme.Family.AUTO, 0.5, null, null, 100)).build();
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).convert(s, new io.cmsisnn.importer.ImportedModel(g, null, null), null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("scheme auto chooses by top-1 accuracy, but reg.onnx has 1 output value(s), not class scores; set <scheme> "
                        + "to one of [s8, s16]");
    }

    @Test
    void autoNeedsCalibrationData() {
        Path model = Path.of("..", "fixtures", "depthwise", "dwsep_har.onnx");
        ConversionSettings s = ConversionSettings.builder(model).auto(new AutoScheme(AutoScheme.Family.AUTO, 0.5, null, null, 100)).build();
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).convert(s)).isInstanceOf(ConfigurationException.class)
                .hasMessage("scheme auto measures the candidates on calibration data: set <calibrationData> (or -Dcmsis.calibrationData)");
    }

    @Test
    void anImpossibleDropOrSampleCountIsRefused() {
        assertThatThrownBy(() -> new AutoScheme(AutoScheme.Family.AUTO, -1, null, null, 10)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maxAccuracyDrop must be a finite number of points >= 0 for scheme auto");
        assertThatThrownBy(() -> new AutoScheme(AutoScheme.Family.AUTO_LEGACY, 1, null, null, 0)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("validationSamples must be positive for scheme auto-legacy");
        assertThat(AutoScheme.Family.of(" Auto-Legacy ")).isEqualTo(AutoScheme.Family.AUTO_LEGACY);
        assertThat(AutoScheme.Family.of("s8")).isNull();
    }

    private static ConversionSettings auto(AutoScheme.Family family, double drop) {
        return ConversionSettings.builder(Path.of("..", "fixtures", "depthwise", "dwsep_fashion.onnx"))
                .calibrationData(FASHION.resolve("train-images-idx3-ubyte.gz")).inputScale(1 / 255.0).calibrationSamples(1000)
                .auto(new AutoScheme(family, drop, FASHION.resolve("train-labels-idx1-ubyte.gz"), null, 2000)).build();
    }
}
