package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.importer.ModelImportException;
import io.cmsisnn.testing.Needs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ONNX's own conformance cases exported from PyTorch (Debian libonnx-testdata): every case whose
 * ops import runs in the float engine and must match the expected output the suite ships, and
 * ONNX Runtime's output where ONNX Runtime still loads the (mostly opset 6) model.
 */
class OnnxConformanceTest {

    private static final List<String> SUITES = List.of("pytorch-converted", "pytorch-operator");

    /**
     * Cases that import, counted by hand on libonnx-testdata 1.12.0: 41 of 82 pytorch-converted (with
     * test_LogSoftmax and test_log_softmax_lastdim) and 4 of 35 pytorch-operator. More may import as
     * ops are added; fewer means a regression.
     */
    private static final int MINIMUM_IMPORTED = 45;
    /** Cases ONNX Runtime loads too (measured: 38 of the 46 that import; the rest use ops of old opsets). */
    private static final int MINIMUM_ORT = 38;

    static Stream<String> cases() throws IOException {
        List<String> names = new ArrayList<>();
        for (String suite : SUITES) {
            Path dir = OnnxTestFiles.CONFORMANCE.resolve(suite);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).map(p -> suite + "/" + p.getFileName())
                            .sorted().forEach(names::add);
                }
            }
        }
        return names.isEmpty() ? Stream.of("(libonnx-testdata not installed)") : names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheExpectedOutput(String name) throws Exception {
        Path dir = OnnxTestFiles.CONFORMANCE.resolve(name);
        Needs.that(Files.isDirectory(dir), "Debian libonnx-testdata is not installed");
        OnnxModel model;
        try {
            model = new OnnxModelReader().read(dir.resolve("model.onnx"), "conformance");
        } catch (ModelImportException e) {
            // what the importer does not take must be refused cleanly, naming the file and saying what
            // (enoughCasesImport guards how many cases do import)
            String file = dir.resolve("model.onnx").toString();
            assertThat(e.getMessage()).startsWith(file + ": ").hasSizeGreaterThan(file.length() + 20);
            return;
        }
        TensorProto in = OnnxTestFiles.tensor(dir.resolve("test_data_set_0/input_0.pb"));
        TensorProto out = OnnxTestFiles.tensor(dir.resolve("test_data_set_0/output_0.pb"));
        float[] x = OnnxTestFiles.floats(in);
        float[] expected = OnnxTestFiles.floats(out);
        int batch = (int) in.getDims(0);
        int inSize = x.length / batch;
        int outSize = expected.length / batch;
        int inChannels = in.getDimsCount() >= 2 ? (int) in.getDims(1) : 1;
        int outChannels = out.getDimsCount() >= 2 ? (int) out.getDims(1) : 1;
        FloatEngine engine = new FloatEngine(model.graph());
        float[][] results = new float[batch][];
        for (int s = 0; s < batch; s++) {
            float[] nchw = OnnxTestFiles.sample(x, s, inSize);
            float[] hwc = OnnxTestFiles.channelsLast(nchw, inChannels);
            // the importer's own account of the layout must agree with the independent transposition
            assertThat(model.input().toGraphOrder(nchw)).as("input layout").containsExactly(hwc);
            results[s] = engine.run(hwc);
            float[] want = OnnxTestFiles.channelsLast(OnnxTestFiles.sample(expected, s, outSize), outChannels);
            FloatMatch.assertClose(name + " sample " + s, results[s], want);
        }
        Optional<OrtRunner> ort = OrtRunner.tryOpen(dir.resolve("model.onnx"));
        if (ort.isPresent()) {
            try (OrtRunner runner = ort.get()) {
                long[] shape = in.getDimsList().stream().mapToLong(Long::longValue).toArray();
                float[] oracle = runner.run(x, shape, model.output().name()).values();
                for (int s = 0; s < batch; s++) {
                    float[] want = OnnxTestFiles.channelsLast(OnnxTestFiles.sample(oracle, s, outSize), outChannels);
                    FloatMatch.assertClose(name + " vs ONNX Runtime, sample " + s, results[s], want);
                }
            }
        }
    }

    /** Imports every case once, prints what ran and why the rest are skipped, and guards the count. */
    @Test
    void enoughCasesImport() throws IOException {
        Needs.that(Files.isDirectory(OnnxTestFiles.CONFORMANCE), "Debian libonnx-testdata is not installed");
        List<String> imported = new ArrayList<>();
        Map<String, List<String>> skipped = new TreeMap<>();
        int ortLoads = 0;
        for (String name : cases().toList()) {
            Path model = OnnxTestFiles.CONFORMANCE.resolve(name).resolve("model.onnx");
            try {
                new OnnxModelReader().read(model, "conformance");
                imported.add(name);
                Optional<OrtRunner> ort = OrtRunner.tryOpen(model);
                if (ort.isPresent()) {
                    ortLoads++;
                    ort.get().close();
                }
            } catch (ModelImportException e) {
                skipped.computeIfAbsent(reason(e), k -> new ArrayList<>()).add(name.substring(name.indexOf('/') + 1));
            } catch (Exception e) {
                throw new AssertionError(name + ": " + e, e);
            }
        }
        StringBuilder report = new StringBuilder("ONNX conformance: ").append(imported.size()).append(" cases run (")
                .append(ortLoads).append(" also checked against ONNX Runtime), ")
                .append(skipped.values().stream().mapToInt(List::size).sum()).append(" skipped:\n");
        skipped.forEach((reason, names) -> report.append("  ").append(names.size()).append(" × ").append(reason)
                .append(": ").append(String.join(", ", names)).append('\n'));
        System.out.println(report);
        assertThat(imported.size()).as(report.toString()).isGreaterThanOrEqualTo(MINIMUM_IMPORTED);
        // a runtime that failed to load would otherwise drop every ONNX Runtime comparison silently
        assertThat(ortLoads).as(report.toString()).isGreaterThanOrEqualTo(MINIMUM_ORT);
    }

    private static final Pattern NODE = Pattern.compile("node .*?\\((\\w+), opset \\d+\\) (.*)");

    /** A short, groupable reason: the op type and what is wrong, without the file, node names or advice. */
    static String reason(ModelImportException e) {
        String msg = e.getMessage();
        msg = msg.substring(msg.indexOf(": ") + 2);
        Matcher m = NODE.matcher(msg);
        if (m.matches()) {
            msg = m.group(1) + " " + m.group(2);
        }
        msg = msg.replaceAll("input '[^']*'", "input").replaceAll("output '[^']*'", "output")
                .replaceAll("\\[N[^\\]]*\\]", "[..]").replaceAll("inputs \\[[^\\]]*\\]", "inputs");
        int end = msg.length();
        for (String stop : new String[] {"; ", ". ", " ("}) {
            int at = msg.indexOf(stop);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        return msg.substring(0, end).replaceAll("\\.$", "");
    }
}
