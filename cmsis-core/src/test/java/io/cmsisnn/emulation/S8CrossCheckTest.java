package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.testing.Needs;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The project's s8/s16 C kernels (cmsis-nn, Source/S8) against the Java emulation, byte for byte,
 * on seeded random calls of every function and buffer-size rule, built with the host gcc in both
 * rounding modes. This shows the two implementations agree; the hand-derived tests (S8ArithTest,
 * S8KernelsTest, the quant tests) are the independent evidence that they are right.
 */
class S8CrossCheckTest {
    private static final int PER_FUNCTION = 25; // x 45 kinds of call, about 1,600 calls per build

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(RoundingMode.class)
    void cKernelsMatchEmulation(RoundingMode mode) throws Exception {
        HostGcc.assumeAvailable();
        crossCheck(build(mode, List.of()), mode, 20260801L + mode.ordinal());
    }

    /** The same under the address and undefined-behaviour sanitizers: the kernels rely on no signed overflow. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(RoundingMode.class)
    void sanitizedKernelsMatchEmulation(RoundingMode mode) throws Exception {
        HostGcc.assumeAvailable();
        Needs.that(sanitizersWork(), "gcc sanitizer runtimes are not installed");
        crossCheck(build(mode, List.of("-fsanitize=address,undefined", "-fno-sanitize-recover=all")), mode,
                20260811L + mode.ordinal());
    }

    private void crossCheck(Path exe, RoundingMode mode, long seed) throws Exception {
        List<S8Case> cases = new S8CaseGenerator(seed).cases(PER_FUNCTION);
        StringBuilder input = new StringBuilder();
        for (S8Case c : cases) {
            c.write(input);
        }
        List<String> lines = HostGcc.run(exe, input.toString(), dir);

        Map<String, Integer> calls = new TreeMap<>();
        Map<String, Integer> failures = new TreeMap<>();
        int line = 0;
        for (S8Case c : cases) {
            List<S8Case.Arr> arrays = c.copyArrays();
            long status = c.emulation.run(arrays, mode);
            assertThat(Long.parseLong(lines.get(line++).trim())).as("status of %s", c).isEqualTo(status);
            for (int i = 0; i < arrays.size(); i++) {
                assertThat(lines.get(line++)).as("array %d of %s", i, c).isEqualTo(arrays.get(i).render());
            }
            calls.merge(c.name, 1, Integer::sum);
            if (status < 0) {
                failures.merge(c.name, 1, Integer::sum);
            }
        }
        assertThat(line).isEqualTo(lines.size());
        assertThat(calls).hasSize(45);
        // every argument check of upstream's plain-C path is exercised
        assertThat(failures).containsKeys("conv_s8", "conv_1x1_fast_s8", "conv_1x1_s8", "conv_1xn_s8", "conv_s16",
                "dw_opt_s8", "dw_3x3_s8", "dw_fast_s16", "max_pool_s8", "avgpool_s8", "max_pool_s16", "avgpool_s16",
                "softmax_s16", "transpose_s8");
    }

    /** The generated calls reach cases where the two rounding modes give different bytes. */
    @Test
    void roundingModesDifferOnSomeCalls() {
        List<S8Case> cases = new S8CaseGenerator(20260801L).cases(PER_FUNCTION);
        int differing = 0;
        for (S8Case c : cases) {
            List<S8Case.Arr> a = c.copyArrays();
            List<S8Case.Arr> b = c.copyArrays();
            c.emulation.run(a, RoundingMode.DEFAULT);
            c.emulation.run(b, RoundingMode.SINGLE);
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).render().equals(b.get(i).render())) {
                    differing++;
                    break;
                }
            }
        }
        assertThat(differing).isBetween(5, cases.size() / 4);
    }

    private boolean sanitizersWork() {
        try {
            Path c = Files.writeString(dir.resolve("probe.c"), "int main(void) { return 0; }\n");
            Path exe = dir.resolve("probe");
            HostGcc.exec(List.of("gcc", "-fsanitize=address,undefined", c.toString(), "-o", exe.toString()));
            return new ProcessBuilder(exe.toString()).start().waitFor() == 0;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    private Path build(RoundingMode mode, List<String> extra) throws Exception {
        Path driver = dir.resolve("s8_driver.c");
        try (InputStream in = getClass().getResourceAsStream("s8_driver.c")) {
            Files.write(driver, in.readAllBytes());
        }
        List<String> flags = new ArrayList<>(List.of("-Wconversion"));
        flags.addAll(extra);
        if (mode.compileDefinition() != null) {
            flags.add("-D" + mode.compileDefinition());
        }
        // the kernels themselves must also pass -Wconversion; the driver is compiled with them
        List<Path> sources = new ArrayList<>(HostGcc.sources("Source/S8"));
        sources.add(0, driver);
        return HostGcc.build(dir.resolve("s8_driver_" + mode + (extra.isEmpty() ? "" : "_san")), flags, sources);
    }
}
