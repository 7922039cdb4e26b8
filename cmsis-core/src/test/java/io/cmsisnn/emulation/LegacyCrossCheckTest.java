package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.testing.Needs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our C kernels (cmsis-nn module) against the Java emulation, byte for byte, on seeded random calls
 * of every function: compiled with the host gcc as plain C, with ARM_MATH_DSP, and with
 * ARM_NN_TRUNCATE. This shows the two implementations agree; the hand-derived tests are the
 * independent evidence that they are right.
 */
class LegacyCrossCheckTest {
    private static final Path C_ROOT = Paths.get("..", "cmsis-nn", "src", "main", "c");
    private static final int PER_FUNCTION = 12; // x 31 calls per round, about 370 cases per build

    @TempDir
    Path dir;

    @ParameterizedTest(name = "dsp={0} truncate={1}")
    @CsvSource({"false,false", "true,false", "false,true"})
    void cKernelsMatchEmulation(boolean dsp, boolean truncate) throws Exception {
        assumeGcc();
        List<String> flags = new ArrayList<>();
        if (dsp) {
            flags.add("-DARM_MATH_DSP");
        }
        if (truncate) {
            flags.add("-DARM_NN_TRUNCATE");
        }
        Path exe = build(flags);
        List<LegacyCase> cases = new LegacyCaseGenerator(20240611L + (dsp ? 1 : 0) + (truncate ? 2 : 0))
                .cases(PER_FUNCTION);
        StringBuilder input = new StringBuilder();
        for (LegacyCase c : cases) {
            c.write(input);
        }
        List<String> lines = run(exe, input.toString());

        int line = 0;
        int errorReturns = 0;
        for (LegacyCase c : cases) {
            List<Object> arrays = c.copyArrays();
            int status = c.emulation.run(arrays, dsp, truncate);
            errorReturns += status != 0 ? 1 : 0;
            assertThat(Integer.parseInt(lines.get(line++).trim())).as("status of %s", c).isEqualTo(status);
            for (int i = 0; i < arrays.size(); i++) {
                assertThat(lines.get(line++).trim()).as("array %d of %s", i, c).isEqualTo(LegacyCase.render(arrays.get(i)));
            }
        }
        assertThat(line).isEqualTo(lines.size());
        assertThat(errorReturns).as("constraint failures covered").isPositive();
    }

    private Path build(List<String> flags) throws Exception {
        Path driver = dir.resolve("legacy_driver.c");
        try (InputStream in = getClass().getResourceAsStream("legacy_driver.c")) {
            Files.write(driver, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of("gcc", "-std=c99", "-O2", "-fwrapv", "-Wall", "-Wextra",
                "-Werror", "-pedantic", "-I" + C_ROOT.resolve("Include")));
        cmd.addAll(flags);
        cmd.add(driver.toString());
        try (Stream<Path> s = Files.list(C_ROOT.resolve("Source").resolve("Legacy"))) {
            cmd.addAll(s.filter(p -> p.toString().endsWith(".c")).map(Path::toString).sorted()
                    .collect(Collectors.toList()));
        }
        Path exe = dir.resolve("legacy_driver" + String.join("", flags).replace("-D", "_"));
        cmd.add("-o");
        cmd.add(exe.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("gcc failed:%n%s", log).isZero();
        return exe;
    }

    private List<String> run(Path exe, String input) throws Exception {
        Path in = dir.resolve("cases.txt");
        Files.writeString(in, input);
        Process p = new ProcessBuilder(exe.toString()).redirectInput(in.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return List.of(out.split("\n", -1)).subList(0, (int) out.chars().filter(ch -> ch == '\n').count());
    }

    private static void assumeGcc() {
        io.cmsisnn.testing.CPrograms.assumeGcc();
        Needs.that(Files.isDirectory(C_ROOT), "C sources not found at " + C_ROOT.toAbsolutePath());
    }
}
