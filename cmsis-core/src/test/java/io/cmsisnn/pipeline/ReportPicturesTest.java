package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.Labels;
import io.cmsisnn.testing.Needs;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The report of a real run (ST's HAR Conv1D model on all 6,900 frames of its three classes) read back: report.html
 * parsed as XML, its pictures held against the figures of report.json and the dataset's labels.
 */
class ReportPicturesTest {
    private static final int SAMPLES = 6900;

    @TempDir
    Path tmp;

    private static Path sharedRoot() {
        Path root = Path.of(System.getProperty("cmsis.shared.dir", "../../shared"));
        Needs.that(Files.exists(root.resolve("models/keras/st_har_cnn1d.h5")), "needs ../shared: " + root);
        return root;
    }

    /** One layer of report.json: its name and SNR (null for an exact layer). */
    private record JsonLayer(String name, Double snr) {
    }

    private static List<JsonLayer> jsonLayers(String json) {
        Matcher m = Pattern.compile("\"name\": \"([^\"]+)\",\\s*\"op\": \"[^\"]*\",\\s*\"function\": \"[^\"]*\",\\s*\"macs\": \\d+,"
                + "\\s*\"weightBytes\": \\d+,\\s*\"snrDb\": ([^,\\s]+)").matcher(json);
        List<JsonLayer> out = new ArrayList<>();
        while (m.find()) {
            out.add(new JsonLayer(m.group(1), m.group(2).equals("null") ? null : Double.parseDouble(m.group(2))));
        }
        return out;
    }

    private static long jsonLong(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        assertThat(m.find()).as(key).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static List<Element> elements(Element root, String tag, String cssClass) {
        NodeList all = root.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cssClass == null || List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
                out.add(e);
            }
        }
        return out;
    }

    private static double num(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    /** With -Dcmsis.report.keep=DIR the reports are copied to DIR/scheme, to look at them in a browser. */
    private static void keepForLooking(Path reports, String scheme) throws java.io.IOException {
        String keep = System.getProperty("cmsis.report.keep");
        if (keep != null) {
            Path to = Files.createDirectories(Path.of(keep, scheme));
            for (String f : List.of("report.json", "report.md", "report.html")) {
                Files.copy(reports.resolve(f), to.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"s8", "q7"})
    void picturesMatchTheReportedFigures(String scheme) throws Exception {
        Path root = sharedRoot();
        Path x = root.resolve("datasets/st_har/har_frames_x.npy");
        Path y = root.resolve("datasets/st_har/har_frames_y.npy");
        ConversionSettings settings = ConversionSettings.builder(root.resolve("models/keras/st_har_cnn1d.h5"))
                .scheme(Scheme.parse(scheme)).calibrationData(x).calibrationSamples(500).build();
        Path reports = tmp.resolve("report");
        new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(x).testLabels(y)
                .randomSamples(10).maxAccuracyDrop(100.0).workDirectory(tmp.resolve("work")).reportDirectory(reports)
                .baseDirectory(root).build());
        keepForLooking(reports, scheme);
        String json = Files.readString(reports.resolve("report.json"));
        Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(Files.readString(reports.resolve("report.html")))));
        Element body = html.getDocumentElement();

        assertThat(json).startsWith("{\n  \"schemaVersion\": 2,");
        // named relative to the base directory given, whatever the working directory is
        assertThat(json).contains("\"model\": \"models/keras/st_har_cnn1d.h5\"").contains("datasets/st_har/har_frames_x.npy")
                .doesNotContain(root.toAbsolutePath().normalize().toString());

        // SNR: one bar per generated layer; the marked one is report.json's minimum
        List<JsonLayer> layers = jsonLayers(json);
        assertThat(layers).hasSizeGreaterThanOrEqualTo(4);
        Element snr = elements(body, "svg", "snr").get(0);
        List<Element> bars = elements(snr, "rect", "bar");
        assertThat(bars).hasSize(layers.size());
        int worst = -1;
        for (int i = 0; i < layers.size(); i++) {
            Double v = layers.get(i).snr();
            if (v != null && (worst < 0 || v < layers.get(worst).snr())) {
                worst = i;
            }
        }
        assertThat(worst).isNotNegative();
        String worstName = layers.get(worst).name();
        List<Element> marked = elements(snr, "rect", "worst");
        assertThat(marked).hasSize(1);
        assertThat(bars.indexOf(marked.get(0))).isEqualTo(worst);
        assertThat(marked.get(0).getTextContent()).startsWith(layers.get(worst).name() + " ");
        assertThat(elements(snr, "text", "worst-label")).singleElement()
                .satisfies(t -> assertThat(t.getTextContent()).contains(worstName));
        // a taller bar is a higher SNR
        for (int i = 0; i < layers.size(); i++) {
            Double v = layers.get(i).snr();
            if (v != null && i != worst) {
                assertThat(num(bars.get(i), "height")).isGreaterThan(num(bars.get(worst), "height"));
            }
        }

        // one histogram per layer, each with values in its power-of-two bins
        List<Element> histograms = elements(body, "svg", "histogram");
        assertThat(histograms).hasSize(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            Element h = histograms.get(i);
            assertThat(h.getAttribute("aria-label")).isEqualTo("activation histogram of " + layers.get(i).name());
            List<Element> bins = elements(h, "rect", "bin");
            assertThat(bins.stream().filter(b -> !b.getAttribute("class").contains("zeros")).mapToDouble(b -> num(b, "height")).max()
                    .orElse(0)).as(layers.get(i).name()).isPositive();
            assertThat(elements(h, "line", "range")).hasSize(1);
        }

        // memory: one rectangle per planned tensor, none above the peak line, the bound at or below it
        Matcher tensorsJson = Pattern.compile("\"tensor\": \"([^\"]+)\"").matcher(json);
        List<String> tensors = new ArrayList<>();
        while (tensorsJson.find()) {
            tensors.add(tensorsJson.group(1));
        }
        assertThat(tensors).contains(layers.get(0).name());
        // the input and every layer's output have memory of their own, except Flatten, which aliases its input
        long flattens = Pattern.compile("\"op\": \"Flatten\"").matcher(json).results().count();
        assertThat(tensors).hasSize(1 + layers.size() - (int) flattens);
        Element memory = elements(body, "svg", "memory").get(0);
        List<Element> rects = elements(memory, "rect", "tensor");
        assertThat(rects).hasSize(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            assertThat(rects.get(i).getTextContent()).startsWith(tensors.get(i) + ": ");
        }
        Element peak = elements(memory, "line", "peak").get(0);
        Element bound = elements(memory, "line", "bound").get(0);
        double topOfTensors = rects.stream().mapToDouble(r -> num(r, "y")).min().orElseThrow();
        assertThat(num(peak, "y1")).isLessThanOrEqualTo(topOfTensors + 0.01);
        assertThat(num(bound, "y1")).isGreaterThanOrEqualTo(num(peak, "y1"));
        assertThat(jsonLong(json, "lowerBoundBytes")).isLessThanOrEqualTo(jsonLong(json, "arenaBytes"));
        assertThat(jsonLong(json, "arenaBytes")).isEqualTo(jsonLong(json, "activationBytes"));

        // the confusion matrix counts each class's frames as the dataset's labels do
        int[] labels = Labels.labels(DataFiles.read(y, null), SAMPLES, y.toString());
        long[] perClass = new long[java.util.Arrays.stream(labels).max().orElseThrow() + 1];
        for (int i = 0; i < SAMPLES; i++) {
            perClass[labels[i]]++;
        }
        Element cm = elements(body, "table", "cm").get(0);
        NodeList rows = cm.getElementsByTagName("tr");
        assertThat(rows.getLength()).isEqualTo(1 + perClass.length);
        for (int c = 0; c < perClass.length; c++) {
            long sum = 0;
            for (Element td : elements((Element) rows.item(c + 1), "td", null)) {
                sum += Long.parseLong(td.getTextContent());
            }
            assertThat(sum).as("class " + c).isEqualTo(perClass[c]);
        }
        // not profiled on the host: no instructions picture
        assertThat(elements(body, "svg", "profile")).isEmpty();
    }
}
