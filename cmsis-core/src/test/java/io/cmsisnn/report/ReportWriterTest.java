package io.cmsisnn.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The report's wording and its layer table, on hand-made layers. */
class ReportWriterTest {

    private static VerificationReport.LayerReport affine(String name, Double snr) {
        return new VerificationReport.LayerReport(name, "Dense", "arm_fully_connected_s8", 10, 20, snr, "only choice",
                "scale 0.5, zero point -128", "scale 0.25, zero point 3", "int8 symmetric per output channel", "int32", null, null,
                List.of());
    }

    /** Top-1 float 0.9000, compiled 0.9016: the drop is -0.16 points, which is a gain. */
    @Test
    void aGainReadsAsAGain() {
        assertThat(ReportWriter.dropText((0.9000 - 0.9016) * 100)).isEqualTo("+0.16 points better than float");
        assertThat(ReportWriter.dropText(0.19)).isEqualTo("0.19 points below float");
        assertThat(ReportWriter.dropText(0.001)).isEqualTo("same top-1 as float");
        assertThat(ReportWriter.dropText(null)).startsWith("no labels");
    }

    /** s8 layers have no shifts and were not profiled: those columns go, the formats stay. */
    @Test
    void emptyColumnsAreDropped() {
        List<String> headings = ReportWriter.layerColumns(List.of(affine("a", 30.0), affine("b", null))).stream()
                .map(c -> c.heading()).toList();
        assertThat(headings).containsExactly("layer", "op", "function", "input", "output", "weights", "bias", "MACs",
                "weight bytes", "SNR dB");
        VerificationReport.LayerReport f32 = new VerificationReport.LayerReport("c", "Conv1D", "arm_convolve_f32", 5, 8, null,
                null, null, null, null, null, null, null, List.of());
        assertThat(ReportWriter.layerColumns(List.of(f32)).stream().map(c -> c.heading()).toList())
                .containsExactly("layer", "op", "function", "MACs", "weight bytes", "SNR dB");
    }

    private static VerificationReport.LayerReport counted(String name, long outputs, long saturated) {
        return affine(name, 20.0).withSaturation(new VerificationReport.Saturation(outputs, saturated, saturated, 0, 0, 0, 0));
    }

    /**
     * "Frequent" is more than 1 % of the outputs: a 10 of 1000 (exactly 1 %) is not, b 11 of 1000 is,
     * c 50 of 1000 is too but comes later, so b is named.
     */
    @Test
    void firstFrequentlySaturatingLayerIsNamed() {
        String text = ReportWriter.saturationText(List.of(counted("a", 1000, 10), counted("b", 1000, 11), counted("c", 1000, 50)));
        assertThat(text).startsWith("First layer where saturation is frequent: b, 11 (1.1 %) of its 1,000 outputs")
                .contains("more than 1 % of a layer's outputs");
        assertThat(ReportWriter.saturationText(List.of(counted("a", 1000, 10), affine("d", 1.0))))
                .startsWith("No layer saturates frequently");
        assertThat(ReportWriter.saturationText(List.of(affine("d", 1.0)))).isNull();
    }

    /** The counts sit beside the SNR in the table and in report.json; an s8 layer has no bias_shift column. */
    @Test
    void countsSitBesideTheSnr() {
        VerificationReport.LayerReport a = affine("a", 30.0).withSaturation(new VerificationReport.Saturation(200, 3, 2, 50, 1, 0, 0));
        List<ReportWriter.Column> columns = ReportWriter.layerColumns(List.of(a, affine("b", null)));
        assertThat(columns.stream().map(c -> c.heading()).toList()).containsSubsequence("SNR dB", "clipped", "int32 overflows")
                .doesNotContain("bias bits dropped");
        // 2 of 200 clipped = 1 %, 1 of 200 overflowed = 0.5 %; b was not counted
        assertThat(columns.stream().filter(c -> c.heading().equals("clipped")).findFirst().orElseThrow().cell().apply(a))
                .isEqualTo("2 (1 %)");
        assertThat(columns.stream().filter(c -> c.heading().equals("int32 overflows")).findFirst().orElseThrow().cell()
                .apply(a)).isEqualTo("1 (0.5 %)");
        assertThat(columns.stream().filter(c -> c.heading().equals("clipped")).findFirst().orElseThrow().cell()
                .apply(affine("b", null))).isNull();
    }

    @Test
    void formatsFitOneLine() {
        assertThat(ReportWriter.shortFormat("scale 0.007837255, zero point -128")).isEqualTo("s 0.007837 zp -128");
        assertThat(ReportWriter.shortFormat("int8 symmetric per output channel")).isEqualTo("int8 per channel");
        assertThat(ReportWriter.shortFormat("Q2.5")).isEqualTo("Q2.5");
    }

    /** The worst layer is the lowest finite SNR; exact layers (null) never are. */
    @Test
    void worstLayerIsTheLowestFiniteSnr() {
        assertThat(SnrChart.worst(List.of(affine("a", 30.0), affine("b", null), affine("c", 12.5), affine("d", 40.0)))).isEqualTo(2);
        assertThat(SnrChart.worst(List.of(affine("a", null)))).isEqualTo(-1);
    }

    /**
     * A regression run without labels, profiled on a Cortex-M: an error histogram instead of a
     * confusion matrix, and one instruction bar per layer.
     */
    @Test
    void regressionRunShowsErrorsAndProfile() throws Exception {
        List<VerificationReport.LayerReport> layers = List.of(affine("a", 30.0).withInstructions(400), affine("b", 20.0)
                .withInstructions(100), affine("c", null));
        VerificationReport.Agreement agreement = new VerificationReport.Agreement(null, 0.5, 0.25, 0.1, 0.99);
        VerificationReport.Diagnostics d = new VerificationReport.Diagnostics(
                List.of(new VerificationReport.OutputMetrics("out", agreement, agreement)), null,
                new VerificationReport.ErrorHistogram("compiled minus float", -1, 1, List.of(1L, 5L, 1L)), List.of(), null);
        VerificationReport r = new VerificationReport("m.h5", "s8", "net", 7, "x.npy", new VerificationReport.FloatResult(null, null),
                new VerificationReport.EmulatedResult(null, 0.5), new VerificationReport.CompiledResult(null, "gcc", "cortex-m4",
                "bundled", true, 0, 0, 0, 1000.0, 1100L, 0.03), null, new VerificationReport.Memory(64, 0, 100, 2000L), layers,
                null, true, List.of(), null, d);
        Element html = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(ReportWriter.html(r)))).getDocumentElement();
        NodeList svgs = html.getElementsByTagName("svg");
        List<String> kinds = new java.util.ArrayList<>();
        for (int i = 0; i < svgs.getLength(); i++) {
            kinds.add(((Element) svgs.item(i)).getAttribute("class"));
        }
        assertThat(kinds).containsExactly("chart errors", "chart snr", "chart profile");
        Element profile = (Element) svgs.item(2);
        assertThat(profile.getElementsByTagName("rect").getLength()).isEqualTo(3);
        // 400 instructions for a's 10 MACs: 0.025 MACs per instruction, written with two decimals
        assertThat(profile.getTextContent()).contains("0.03").contains("0.10");
        assertThat(((Element) svgs.item(0)).getElementsByTagName("rect").getLength()).isEqualTo(3);
        assertThat(ReportWriter.html(r)).doesNotContain("class=\"cm\"");
        String md = ReportWriter.markdown(r);
        assertThat(md).contains("| compiled vs float | n/a | 0.500 | 0.250 | 0.100 | 0.990000 |").contains("report.html");
        // counted with the bundled kernels: the reports say those are not the firmware's CMSIS-NN build
        assertThat(md).contains("counted with the plugin's bundled portable kernels (plain C: no DSP or Helium instructions");
        assertThat(ReportWriter.html(r)).contains("set cmsisNnDirectory to count a CMSIS-NN build");
        assertThat(Json.write(ReportWriter.toMap(r))).startsWith("{\n  \"schemaVersion\": 2,");
    }

    /** A scheme search's candidates appear in all three reports, the chosen one marked; the HTML stays well formed. */
    @Test
    void schemeSearchListsEveryCandidate() throws Exception {
        VerificationReport.SchemeSearch search = new VerificationReport.SchemeSearch("auto", 0.5, "2000 samples of c.npy",
                List.of(new VerificationReport.Candidate("s8", 0.9, 0.8, 10.0, false, 1000, 24, 500, 64),
                        new VerificationReport.Candidate("s16", 0.9, 0.9, 0.0, true, 2000, 48, 500, 64)),
                "s16", "the cheapest candidate within 0.50 points");
        VerificationReport r = new VerificationReport("m.h5", "s16", "net", 7, "x.npy", new VerificationReport.FloatResult(null, null),
                new VerificationReport.EmulatedResult(null, 0.5), new VerificationReport.CompiledResult(null, "gcc", "host", "bundled", true,
                0, 0, 0, null, null, null), null, new VerificationReport.Memory(64, 2000, 48, null), List.of(affine("a", 30.0)), null,
                true, List.of(), null, null, search);
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(ReportWriter.html(r))));
        // RAM is activations plus scratch: 1000 + 24 and 2000 + 48
        assertThat(ReportWriter.markdown(r)).contains("## Scheme search (`auto`)")
                .contains("| s8 | 0.8000 | 10.00 | no | 1024 | 1000 | 24 | 500 | 64 |")
                .contains("| s16 (chosen) | 0.9000 | 0.00 | yes | 2048 | 2000 | 48 | 500 | 64 |");
        assertThat(ReportWriter.html(r)).contains("<td>s16 (chosen)</td>");
        String json = Json.write(ReportWriter.toMap(r));
        assertThat(json).contains("\"schemeSearch\"").contains("\"chosen\": \"s16\"").contains("\"ramBytes\": 1024");
    }

    /** The build cache keeps reports by Java serialization: every part of the pictures' data must survive it. */
    @Test
    void diagnosticsSurviveSerialization() throws Exception {
        VerificationReport.Agreement agreement = new VerificationReport.Agreement(0.9, 0.5, 0.25, 0.1, 0.99);
        VerificationReport.Diagnostics d = new VerificationReport.Diagnostics(
                List.of(new VerificationReport.OutputMetrics("out", agreement, agreement)),
                new VerificationReport.ConfusionMatrix(List.of(List.of(3L, 1L), List.of(0L, 4L))), null,
                List.of(new VerificationReport.ActivationHistogram("a", 10, 2, -3, List.of(1L, 7L), -1, 0.99, 0.1, "exact")),
                new VerificationReport.MemoryTimeline(32, 24, 3, List.of(new VerificationReport.TensorRegion("in", 0, 16, 0, 1))));
        VerificationReport r = new VerificationReport("m.h5", "q7", "net", 8, "x.npy", new VerificationReport.FloatResult(0.5, null),
                new VerificationReport.EmulatedResult(0.5, 0.1), new VerificationReport.CompiledResult(0.5, "gcc", "host", "bundled",
                true, 0, 0, 0), 0.0, new VerificationReport.Memory(32, 0, 10, null), List.of(affine("a", 20.0)), null, true,
                List.of(), null, d);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(r);
        }
    }
}
