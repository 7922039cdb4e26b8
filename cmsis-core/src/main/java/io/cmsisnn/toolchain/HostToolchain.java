package io.cmsisnn.toolchain;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a generated network with the host C compiler into a test executable (see
 * {@link NetworkRunner}): copies the bundled kernels and the generated files into a work
 * directory, adds the test harness and compiles everything with
 * {@code -std=c99 -O2 -ffp-contract=off -Wall -Wextra -Werror} plus {@code -D} for each of the
 * network's {@link GeneratedNetwork#compileDefinitions() compile definitions} (e.g.
 * {@code ARM_MATH_DSP}), so any warning in generated code fails the build and no fused
 * multiply-add changes a result.
 */
public final class HostToolchain {
    /** Flags of every host build. */
    public static final List<String> FLAGS = List.of("-std=c99", "-O2", "-ffp-contract=off", "-Wall", "-Wextra", "-Werror");

    private static final String MISSING = "gcc not found: install the Debian package gcc (apt-get install gcc)";

    private final String compiler;
    private final Duration timeout;
    private final BundledKernels kernels;

    /** @param compiler {@code gcc}, another compiler on the PATH, or a path to one */
    public HostToolchain(String compiler) {
        this(compiler, Duration.ofMinutes(30), new BundledKernels());
    }

    public HostToolchain(String compiler, Duration timeout, BundledKernels kernels) {
        if (compiler == null || compiler.isBlank()) {
            throw new ToolchainException("no C compiler given: use gcc");
        }
        this.compiler = compiler;
        this.timeout = timeout;
        this.kernels = kernels;
    }

    public String compiler() {
        return compiler;
    }

    /**
     * Compiles the network and its harness in {@code workDirectory} (created if needed; files of an
     * earlier build there are replaced).
     *
     * @return the executable
     * @throws ToolchainException when the compiler is missing or reports an error
     */
    public Path build(GeneratedNetwork network, Path workDirectory) {
        Path work = workDirectory.toAbsolutePath().normalize();
        Path sourceDir = work.resolve("network");
        Path exe = work.resolve(network.name() + "_test");
        List<String> command = new ArrayList<>();
        try {
            Files.createDirectories(sourceDir);
            BundledKernels.Extracted k = kernels.extract(work.resolve("kernels"));
            List<Path> sources = new ArrayList<>();
            for (Map.Entry<String, String> e : network.files().entrySet()) {
                Path f = sourceDir.resolve(e.getKey());
                Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
                if (e.getKey().endsWith(".c")) {
                    sources.add(f);
                }
            }
            Path harness = sourceDir.resolve(Harness.FILE);
            Files.writeString(harness, Harness.source(network.name(), network.fixedPointIo()), StandardCharsets.UTF_8);
            sources.add(harness);
            sources.addAll(k.sources());
            Files.deleteIfExists(exe);

            command.add(compiler);
            command.addAll(FLAGS);
            for (String definition : network.compileDefinitions()) {
                command.add("-D" + definition);
            }
            command.add("-I" + k.includeDirectory());
            command.add("-I" + sourceDir);
            for (Path s : sources) {
                command.add(s.toString());
            }
            command.add("-o");
            command.add(exe.toString());
            command.add("-lm");
        } catch (IOException e) {
            throw new ToolchainException("cannot prepare the C build of network '" + network.name() + "' in " + work + ": " + e.getMessage(), e);
        }
        ProcessResult result;
        try {
            result = ProcessResult.run(command, work, work.resolve("compile.log"), timeout);
        } catch (IOException e) {
            throw new ToolchainException(MISSING + (compiler.equals("gcc") ? "" : " (could not run '" + compiler + "')"), e);
        }
        if (result.exitCode() != 0 || !Files.isRegularFile(exe)) {
            throw new ToolchainException("compiling network '" + network.name() + "' with " + compiler + " failed (" + result.ending()
                    + ") in " + work + ":\n" + result.output());
        }
        return exe;
    }
}
