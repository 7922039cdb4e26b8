package io.cmsisnn.toolchain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Exit code and combined stdout/stderr of a finished external command. */
record ProcessResult(int exitCode, String output) {

    private static final int MAX_OUTPUT = 20_000;

    /**
     * Runs a command in {@code directory}, its output going to {@code log}.
     *
     * @throws IOException when the command cannot be started (not found, not executable)
     */
    static ProcessResult run(List<String> command, Path directory, Path log, Duration timeout) throws IOException {
        return run(command, directory, log, timeout, null);
    }

    /** As {@link #run(List, Path, Path, Duration)}, calling {@code whileWaiting} (if not null) about once a second. */
    static ProcessResult run(List<String> command, Path directory, Path log, Duration timeout, Runnable whileWaiting)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean finished = false;
            while (!finished && System.nanoTime() < deadline) {
                finished = p.waitFor(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS);
                if (!finished && whileWaiting != null) {
                    whileWaiting.run();
                }
            }
            if (!finished) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new ToolchainException("'" + command.get(0) + "' did not finish within " + timeout.toSeconds() + " s; its output is in " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ToolchainException("interrupted while waiting for '" + command.get(0) + "'", e);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (out.length() > MAX_OUTPUT) {
            out = out.substring(0, MAX_OUTPUT) + "\n[... " + (out.length() - MAX_OUTPUT) + " more characters in " + log + "]";
        }
        return new ProcessResult(p.exitValue(), out);
    }

    /** How the command ended, for messages: "exit code 2" or "killed by signal 11 (crash)". */
    String ending() {
        if (exitCode > 128 && exitCode < 160) {
            return "killed by signal " + (exitCode - 128) + " (crash)";
        }
        return "exit code " + exitCode;
    }
}
