package io.cmsisnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The stage rule of DESIGN.md, read off the sources: a stage of cmsis-core uses only the stages
 * before it that it has a reason to, never a later one, and the emulator and the C emitter (two
 * readers of the same quantized network and plan) never use each other. Every reference counts,
 * imports and fully qualified names alike; comments do not. The plan (kernel choice, scratch
 * sizes) comes before the emulation here, as the emulated kernels take the planned scratch.
 */
class StructureTest {
    /** The stages in pipeline order. */
    private static final List<String> ORDER = List.of("graph", "importer", "passes", "engine", "data", "calibration",
            "quant", "plan", "emulation", "codegen", "toolchain", "report", "metrics", "backend", "cache", "pipeline");

    /** What each stage may use besides itself and the root package io.cmsisnn (as its package-info says). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("graph", Set.of()),
            Map.entry("importer", Set.of("graph")),
            Map.entry("passes", Set.of("graph")),
            Map.entry("engine", Set.of("graph")),
            Map.entry("data", Set.of("graph")),
            Map.entry("calibration", Set.of("graph", "engine")),
            Map.entry("quant", Set.of("graph")),
            Map.entry("emulation", Set.of("graph", "engine", "quant", "plan")),
            Map.entry("plan", Set.of("graph", "quant")),
            Map.entry("codegen", Set.of("graph", "quant", "plan")),
            Map.entry("toolchain", Set.of("codegen")),
            Map.entry("report", Set.of("calibration")),
            Map.entry("metrics", Set.of("report")),
            Map.entry("backend", Set.of("graph", "engine", "data", "calibration", "quant", "plan", "emulation", "codegen",
                    "report", "metrics")),
            Map.entry("cache", Set.of()),
            Map.entry("pipeline", Set.of("graph", "importer", "passes", "engine", "data", "calibration", "quant",
                    "emulation", "plan", "codegen", "toolchain", "report", "metrics", "backend", "cache")));

    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.cmsisnn\\.([a-z]+)(\\.([a-z]+))?");
    private static final Path SOURCES = Path.of("src/main/java/io/cmsisnn");

    @Test
    void theRulesThemselvesOnlyLookBack() {
        assertThat(ALLOWED.keySet()).containsExactlyInAnyOrderElementsOf(ORDER);
        ALLOWED.forEach((stage, uses) -> assertThat(uses).as(stage)
                .allMatch(used -> ORDER.indexOf(used) < ORDER.indexOf(stage)));
    }

    @Test
    void everyStageUsesOnlyWhatItMay() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : sources()) {
            String stage = stageOf(file);
            String code = withoutComments(Files.readString(file));
            Matcher m = REFERENCE.matcher(code);
            while (m.find()) {
                String used = m.group(1);
                boolean isPackage = ORDER.contains(used);
                if (!isPackage || used.equals(stage)) {
                    continue; // the root package (io.cmsisnn.CmsisException) or the stage itself
                }
                if (!ALLOWED.get(stage).contains(used)) {
                    broken.add(SOURCES.relativize(file) + " uses io.cmsisnn." + used);
                } else if (used.equals("importer") && m.group(3) != null && Set.of("onnx", "keras").contains(m.group(3))) {
                    broken.add(SOURCES.relativize(file) + " reaches into io.cmsisnn.importer." + m.group(3));
                }
            }
        }
        assertThat(new TreeSet<>(broken)).as("references against the stage rule").isEmpty();
    }

    @Test
    void everyStageSaysWhatItDoes() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            for (Path dir : dirs.filter(Files::isDirectory).filter(d -> !d.equals(SOURCES)).toList()) {
                if (!Files.exists(dir.resolve("package-info.java"))) {
                    missing.add(SOURCES.relativize(dir).toString());
                }
            }
        }
        assertThat(missing).as("packages without a package-info.java").isEmpty();
    }

    @Test
    void theScanSeesTheKnownReferences() throws IOException {
        // guards the scan itself: the pipeline is known to use every stage
        String generator = withoutComments(Files.readString(SOURCES.resolve("pipeline/Generator.java")));
        assertThat(REFERENCE.matcher(generator).results().map(r -> r.group(1))).contains("importer", "calibration",
                "codegen");
        assertThat(withoutComments("a /* io.cmsisnn.x */ b // io.cmsisnn.y\n c")).doesNotContain("io.cmsisnn");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> !f.getParent().equals(SOURCES))
                    .sorted().toList();
        }
    }

    private static String stageOf(Path file) {
        return SOURCES.relativize(file).getName(0).toString();
    }

    /** The code without block and line comments (string literals naming packages are code). */
    static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }
}
