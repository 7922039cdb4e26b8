package io.cmsisnn.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Compiles and runs small C test programs with the host gcc. */
public final class CPrograms {
    private CPrograms() {
    }

    /** Skips the calling test where gcc is not installed. */
    public static void assumeGcc() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            Needs.that(p.waitFor() == 0, "gcc does not run");
        } catch (IOException | InterruptedException e) {
            Needs.missing("gcc is not installed: " + e.getMessage());
        }
    }

    /** {@code gcc <arguments> -o <exe>}; fails the test with the compiler's output. */
    public static Path compile(List<String> arguments, Path exe) {
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(arguments);
        cmd.add("-o");
        cmd.add(exe.toString());
        String out = run(cmd, null);
        if (!Files.isExecutable(exe)) {
            throw new AssertionError("gcc failed: " + String.join(" ", cmd) + "\n" + out);
        }
        return exe;
    }

    /** Runs {@code exe} (stdin from {@code input} when given) and returns its stdout; a non-zero exit fails. */
    public static String execute(Path exe, Path input) {
        return run(List.of(exe.toString()), input);
    }

    private static String run(List<String> cmd, Path input) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (input != null) {
                pb.redirectInput(input.toFile());
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            if (p.exitValue() != 0 && !cmd.get(0).equals("gcc")) {
                throw new AssertionError(cmd.get(0) + " exited with " + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
