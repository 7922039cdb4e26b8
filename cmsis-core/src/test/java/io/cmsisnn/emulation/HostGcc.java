package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.testing.Needs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Compiles C test drivers with the host gcc and runs them on a stdin file (tests only). */
final class HostGcc {
    /** The project's C kernels, seen from cmsis-core's working directory. */
    static final Path C_ROOT = Paths.get("..", "cmsis-nn", "src", "main", "c");
    /** Strict flags every kernel file must pass. */
    static final List<String> STRICT = List.of("gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic");

    private HostGcc() {
    }

    /** Skips the calling test when gcc or the C sources are missing. */
    static void assumeAvailable() {
        io.cmsisnn.testing.CPrograms.assumeGcc();
        Needs.that(Files.isDirectory(C_ROOT), "C sources not found at " + C_ROOT.toAbsolutePath());
    }

    /** The .c files directly in a folder of the C tree, sorted. */
    static List<Path> sources(String folder) throws IOException {
        try (Stream<Path> s = Files.list(C_ROOT.resolve(folder))) {
            return s.filter(p -> p.toString().endsWith(".c")).sorted().collect(Collectors.toList());
        }
    }

    /** Runs a command, failing the test with its output when it does not exit with 0. */
    static String exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", command, log).isZero();
        return log;
    }

    /** gcc with {@link #STRICT} flags, the extra flags, -I for the kernel headers, the sources, -o exe. */
    static Path build(Path exe, List<String> flags, List<Path> sources) throws Exception {
        List<String> cmd = new ArrayList<>(STRICT);
        cmd.addAll(flags);
        cmd.add("-I" + C_ROOT.resolve("Include"));
        for (Path s : sources) {
            cmd.add(s.toString());
        }
        cmd.add("-o");
        cmd.add(exe.toString());
        exec(cmd);
        return exe;
    }

    /** Runs an executable on the given stdin; returns its stdout lines. */
    static List<String> run(Path exe, String input, Path dir) throws Exception {
        Path in = dir.resolve(exe.getFileName() + ".in");
        Path err = dir.resolve(exe.getFileName() + ".err");
        Files.writeString(in, input);
        Process p = new ProcessBuilder(exe.toString()).redirectInput(in.toFile()).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed:%n%s", exe, Files.readString(err)).isZero();
        List<String> lines = new ArrayList<>(Arrays.asList(out.split("\n", -1)));
        lines.remove(lines.size() - 1); // after the last newline
        return lines;
    }
}
