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
 * multiply-add changes a result. With an {@link UpstreamKernels upstream tree} the tree is compiled
 * apart with {@link #UPSTREAM_FLAGS} and linked in.
 */
public final class HostToolchain {
    /** Flags of every host build. */
    public static final List<String> FLAGS = List.of("-std=c99", "-O2", "-ffp-contract=off", "-Wall", "-Wextra", "-Werror");

    /** Flags of an upstream kernel tree: {@code -c}, no warnings, wrapping signed arithmetic. */
    public static final List<String> UPSTREAM_FLAGS = List.of("-c", "-O2", "-ffp-contract=off", "-fwrapv", "-w");

    /**
     * Host builds only: GCC's -O2 vectorises only loops that need no remainder; the verification
     * run of a whole test set is several times faster when it may (the same integer results: only
     * float sums could be reordered, and -ffp-contract=off with no -ffast-math forbids that).
     */
    static final List<String> HOST_SPEED_FLAGS = List.of("-fvect-cost-model=dynamic");
    private static final String DSP_STAND_INS = "Host/cnn_host_dsp_intrinsics.h";
    private static final String MISSING = "gcc not found: install the Debian package gcc (apt-get install gcc)";

    private final String compiler;
    private final Duration timeout;
    private final KernelSource kernels;

    /** @param compiler {@code gcc}, another compiler on the PATH, or a path to one */
    public HostToolchain(String compiler) {
        this(compiler, new BundledKernels());
    }

    /** @param kernels the bundled kernels, or an {@link UpstreamKernels upstream tree} */
    public HostToolchain(String compiler, KernelSource kernels) {
        this(compiler, Duration.ofMinutes(30), kernels);
    }

    public HostToolchain(String compiler, Duration timeout, KernelSource kernels) {
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

    /** Fails at once, before any long work, when the compiler is not installed. */
    public void requireInstalled() {
        if (Executables.find(compiler).isEmpty()) {
            throw new ToolchainException(MISSING + (compiler.equals("gcc") ? "" : " (could not find '" + compiler + "')"));
        }
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
        List<Path> objects;
        KernelSource.KernelFiles k;
        List<String> forced = new ArrayList<>();
        try {
            Files.createDirectories(sourceDir);
            k = kernels.prepare(network, work.resolve("kernels"));
            if (!k.ownCode() && network.compileDefinitions().contains("ARM_MATH_DSP")) {
                // Upstream's DSP paths call intrinsics only a Cortex-M compiler defines.
                Path standIns = new BundledKernels().extractFile(DSP_STAND_INS, work.resolve("host").resolve("cnn_host_dsp_intrinsics.h"));
                forced.add("-include");
                forced.add(standIns.toString());
            }
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
            if (k.ownCode()) {
                sources.addAll(k.sources());
                objects = List.of();
            } else {
                objects = compileUpstream(network, k, forced, work.resolve("kernel-objects"));
            }
            Files.deleteIfExists(exe);

            command.add(compiler);
            command.addAll(FLAGS);
            command.addAll(HOST_SPEED_FLAGS);
            command.addAll(definitions(network));
            command.addAll(forced);
            for (Path include : k.includeDirectories()) {
                command.add("-I" + include);
            }
            command.add("-I" + sourceDir);
            for (Path s : sources) {
                command.add(s.toString());
            }
            for (Path o : objects) {
                command.add(o.toString());
            }
            command.add("-o");
            command.add(exe.toString());
            command.add("-lm");
        } catch (IOException e) {
            throw new ToolchainException("cannot prepare the C build of network '" + network.name() + "' in " + work + ": " + e.getMessage(), e);
        }
        ProcessResult result = run(command, work, work.resolve("compile.log"));
        if (result.exitCode() != 0 || !Files.isRegularFile(exe)) {
            throw new ToolchainException("compiling network '" + network.name() + "' with " + compiler + " failed (" + result.ending()
                    + ") in " + work + ":\n" + result.output());
        }
        return exe;
    }

    /**
     * Compiles an upstream tree to objects with {@link #UPSTREAM_FLAGS}: its authors' code, so
     * their warnings are not ours to fail on, and {@code -fwrapv} because the legacy functions
     * shift negative biases left and let some 32-bit sums wrap, as the Cortex-M does.
     */
    private List<Path> compileUpstream(GeneratedNetwork network, KernelSource.KernelFiles k, List<String> forced, Path objectDir)
            throws IOException {
        Files.createDirectories(objectDir);
        Map<Path, Path> objects = ObjectFiles.of(k.sources(), objectDir);
        List<String> command = new ArrayList<>();
        command.add(compiler);
        command.addAll(UPSTREAM_FLAGS);
        command.addAll(definitions(network));
        command.addAll(forced);
        for (Path include : k.includeDirectories()) {
            command.add("-I" + include);
        }
        for (Path s : k.sources()) {
            Files.deleteIfExists(objects.get(s));
            command.add(s.toString());
        }
        ProcessResult result = run(command, objectDir, objectDir.resolve("compile.log"));
        if (result.exitCode() != 0) {
            throw new ToolchainException("compiling the CMSIS-NN tree " + k.includeDirectories().get(0).getParent() + " with " + compiler
                    + " failed (" + result.ending() + ") in " + objectDir + ":\n" + result.output());
        }
        return List.copyOf(objects.values());
    }

    private static List<String> definitions(GeneratedNetwork network) {
        return network.compileDefinitions().stream().map(d -> "-D" + d).toList();
    }

    private ProcessResult run(List<String> command, Path directory, Path log) {
        try {
            return ProcessResult.run(command, directory, log, timeout);
        } catch (IOException e) {
            throw new ToolchainException(MISSING + (compiler.equals("gcc") ? "" : " (could not run '" + compiler + "')"), e);
        }
    }
}
