package io.cmsisnn.toolchain;

import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.codegen.ProfileHook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a generated network for a Cortex-M target with arm-none-eabi-gcc into an ELF program that
 * {@link QemuRunner} runs: the network, the bundled kernels, the {@link TargetHarness}, the
 * start-up code and a {@link LinkerScript} for the target's QEMU board, compiled with the host
 * build's {@link HostToolchain#FLAGS} (so no fused multiply-add changes a float result) plus the
 * target's CPU flags, and linked against newlib-nano.
 */
public final class CrossToolchain {
    /** Flags added to the host build's: let the linker drop what the program does not call. */
    public static final List<String> SECTION_FLAGS = List.of("-ffunction-sections", "-fdata-sections");

    static final String STARTUP_SOURCE = "cmsis_startup.c";
    static final String STARTUP_HEADER = "cmsis_startup.h";

    private static final String PACKAGES = "install the Debian packages gcc-arm-none-eabi and libnewlib-arm-none-eabi "
            + "(apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)";

    private final CortexMTarget target;
    private final String compiler;
    private final Duration timeout;
    private final KernelSource kernels;

    /** Builds with arm-none-eabi-gcc from the PATH and the bundled kernels. */
    public CrossToolchain(CortexMTarget target) {
        this(target, "arm-none-eabi-gcc", Duration.ofMinutes(30), new BundledKernels());
    }

    /**
     * @param compiler {@code arm-none-eabi-gcc}, or a path to it
     * @param kernels  the bundled kernels, or an {@link UpstreamKernels upstream tree}
     */
    public CrossToolchain(CortexMTarget target, String compiler, Duration timeout, KernelSource kernels) {
        if (compiler == null || compiler.isBlank()) {
            throw new ToolchainException("no cross compiler given: use arm-none-eabi-gcc");
        }
        this.target = target;
        this.compiler = compiler;
        this.timeout = timeout;
        this.kernels = kernels;
    }

    public CortexMTarget target() {
        return target;
    }

    /**
     * Fails at once, before any long work, when the compiler or newlib-nano (whose {@code nano.specs}
     * the link uses) is not installed.
     */
    public void requireInstalled() {
        if (Executables.find(compiler).isEmpty()) {
            throw new ToolchainException("arm-none-eabi-gcc not found: " + PACKAGES
                    + (compiler.equals("arm-none-eabi-gcc") ? "" : " (could not find '" + compiler + "')"));
        }
        try {
            Process p = new ProcessBuilder(compiler, "-print-file-name=nano.specs").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || !java.nio.file.Files.isRegularFile(Path.of(out))) {
                throw new ToolchainException("newlib for arm-none-eabi not found: " + PACKAGES + " (" + compiler
                        + " knows no nano.specs)");
            }
        } catch (java.io.IOException e) {
            throw new ToolchainException("arm-none-eabi-gcc not found: " + PACKAGES + " (could not run '" + compiler + "')", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolchainException("interrupted while asking " + compiler + " for newlib", e);
        }
    }

    /**
     * Compiles and links the network in {@code workDirectory} (created if needed; files of an
     * earlier build there are replaced). The project's own code (network, harness, start-up,
     * bundled kernels) is held to {@link HostToolchain#FLAGS}; an upstream tree is compiled apart
     * with {@link HostToolchain#UPSTREAM_FLAGS}, as the host build does.
     *
     * @throws ToolchainException when the compiler or newlib is missing, the code does not compile
     *                            or fit the board, or a q7/q15 network was generated for the other
     *                            kernel path than this target takes
     */
    public CrossBuild build(GeneratedNetwork network, Path workDirectory) {
        return build(network, workDirectory, false);
    }

    /**
     * As {@link #build(GeneratedNetwork, Path)}; with {@code profile} the network's
     * {@code CMSIS_NN_PROFILE_LAYER} marks count the instructions of each layer (see
     * {@link TargetHarness}): run the program with {@link QemuRunner#run(CrossBuild, float[][], int, Path, int)}
     * and the network's {@link GeneratedNetwork#profiledLayers() mark count}.
     *
     * @throws ToolchainException as {@link #build(GeneratedNetwork, Path)}, or when {@code profile} is asked
     *                            of a network whose code has no marks
     */
    public CrossBuild build(GeneratedNetwork network, Path workDirectory, boolean profile) {
        if (profile && network.profiledLayers().isEmpty()) {
            throw new ToolchainException("network '" + network.name() + "' (" + network.scheme() + ") has no "
                    + ProfileHook.MACRO + " marks, so its layers cannot be profiled: verify it without profile");
        }
        requireMatchingKernelPath(network);
        Path work = workDirectory.toAbsolutePath().normalize();
        Path sourceDir = work.resolve("network");
        Path objectDir = work.resolve("objects");
        Path kernelObjectDir = objectDir.resolve("kernels");
        Path elf = work.resolve(network.name() + ".elf");
        List<Path> networkSources = new ArrayList<>();
        List<Path> ownSources = new ArrayList<>();
        List<String> ownFlags = new ArrayList<>(HostToolchain.FLAGS);
        KernelSource.KernelFiles k;
        try {
            Files.createDirectories(sourceDir);
            Files.createDirectories(kernelObjectDir);
            k = kernels.prepare(network, work.resolve("kernels"));
            for (Map.Entry<String, String> e : network.files().entrySet()) {
                Path f = sourceDir.resolve(e.getKey());
                Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
                if (e.getKey().endsWith(".c")) {
                    networkSources.add(f);
                }
            }
            ownSources.addAll(networkSources);
            Files.writeString(sourceDir.resolve(TargetHarness.FILE), TargetHarness.source(network.name(), network.fixedPointIo(),
                    profile ? network.profiledLayers().size() : 0), StandardCharsets.UTF_8);
            Path profileHeader = sourceDir.resolve(TargetHarness.PROFILE_HEADER);
            if (profile) {
                Files.writeString(profileHeader, TargetHarness.profileHeader(), StandardCharsets.UTF_8);
                ownFlags.add("-include");
                ownFlags.add(profileHeader.toString());
            } else {
                Files.deleteIfExists(profileHeader);
            }
            ownSources.add(sourceDir.resolve(TargetHarness.FILE));
            copyResource(STARTUP_HEADER, sourceDir);
            ownSources.add(copyResource(STARTUP_SOURCE, sourceDir));
            if (k.ownCode()) {
                ownSources.addAll(k.sources());
            }
            Files.writeString(work.resolve(LinkerScript.FILE), LinkerScript.source(target), StandardCharsets.UTF_8);
            Files.deleteIfExists(elf);
        } catch (IOException e) {
            throw new ToolchainException("cannot prepare the " + target.name() + " build of network '" + network.name() + "' in " + work
                    + ": " + e.getMessage(), e);
        }
        Map<Path, Path> objects = ObjectFiles.of(ownSources, objectDir);
        compile(ownFlags, ownSources, objectDir, sourceDir, network, k, "network '" + network.name() + "'");
        List<String> leftOut = new ArrayList<>();
        List<Path> kernelSources = new ArrayList<>(k.sources());
        if (!k.ownCode()) {
            leftOut = compileUpstream(kernelSources, kernelObjectDir, sourceDir, network, k);
            objects.putAll(ObjectFiles.of(kernelSources, kernelObjectDir));
        }

        List<String> link = new ArrayList<>();
        link.add(compiler);
        link.addAll(target.compilerFlags());
        link.add("-T" + work.resolve(LinkerScript.FILE));
        link.add("--specs=nano.specs");
        link.add("-nostartfiles");
        link.add("-Wl,--gc-sections");
        for (Path o : objects.values()) {
            link.add(o.toString());
        }
        link.add("-o");
        link.add(elf.toString());
        link.add("-lm");
        run(link, work, work.resolve("link.log"), network, "linking network '" + network.name() + "'"
                + (leftOut.isEmpty() ? "" : " (left out of the CMSIS-NN tree because they did not compile: " + String.join(", ", leftOut) + ")"));
        if (!Files.isRegularFile(elf)) {
            throw new ToolchainException("linking network '" + network.name() + "' for " + target.name() + " wrote no " + elf);
        }

        List<ElfFile> networkObjects = networkSources.stream().map(s -> ElfFile.read(objects.get(s))).toList();
        List<ElfFile> kernelObjects = kernelSources.stream().map(s -> ElfFile.read(objects.get(s))).toList();
        MemoryFootprint footprint = MemoryFootprint.measure(ElfFile.read(elf), networkObjects, kernelObjects, network.name());
        return new CrossBuild(elf, target, footprint, leftOut);
    }

    /**
     * Compiles an upstream tree. A network calls a handful of its functions, so a file the compiler
     * cannot build (GCC 12 stops with an internal error on CMSIS 5.9's arm_softmax_s8.c for Helium)
     * is left out and removed from {@code sources}; the link fails, naming it, if the network needed it.
     *
     * @return the files left out, each with the compiler's first error line
     */
    private List<String> compileUpstream(List<Path> sources, Path objectDir, Path sourceDir, GeneratedNetwork network,
                                         KernelSource.KernelFiles k) {
        Map<Path, Path> objects = ObjectFiles.of(sources, objectDir);
        try {
            for (Path o : objects.values()) {
                Files.deleteIfExists(o);
            }
        } catch (IOException e) {
            throw new ToolchainException("cannot clear " + objectDir + ": " + e.getMessage(), e);
        }
        String what = "the CMSIS-NN tree " + kernels.description();
        ProcessResult result = compile(HostToolchain.UPSTREAM_FLAGS, sources, objectDir, sourceDir, network, k, what, false);
        List<Path> failed = sources.stream().filter(s -> !Files.isRegularFile(objects.get(s))).toList();
        if (result.exitCode() == 0 && failed.isEmpty()) {
            return List.of();
        }
        if (failed.isEmpty() || failed.size() == sources.size()) {
            throw new ToolchainException("compiling " + what + " for " + target.name() + " with " + compiler + " failed ("
                    + result.ending() + ") in " + objectDir + ":\n" + result.output());
        }
        List<String> leftOut = new ArrayList<>();
        for (Path f : failed) {
            String name = f.getFileName().toString();
            String error = result.output().lines().filter(l -> l.contains(name) && l.contains("error")).findFirst().orElse("error");
            leftOut.add(name + " (" + error.strip() + ")");
        }
        sources.removeAll(failed);
        return leftOut;
    }

    /** {@code gcc -c} of {@code sources} into {@code objectDir}, with the target's flags after {@code flags}. */
    private ProcessResult compile(List<String> flags, List<Path> sources, Path objectDir, Path sourceDir, GeneratedNetwork network,
                                  KernelSource.KernelFiles k, String what) {
        return compile(flags, sources, objectDir, sourceDir, network, k, what, true);
    }

    private ProcessResult compile(List<String> flags, List<Path> sources, Path objectDir, Path sourceDir, GeneratedNetwork network,
                                  KernelSource.KernelFiles k, String what, boolean failOnError) {
        List<String> command = new ArrayList<>();
        command.add(compiler);
        command.addAll(flags.stream().filter(f -> !f.equals("-c")).toList());
        command.addAll(target.compilerFlags());
        command.addAll(SECTION_FLAGS);
        for (String definition : network.compileDefinitions()) {
            command.add("-D" + definition);
        }
        for (Path include : k.includeDirectories()) {
            command.add("-I" + include);
        }
        command.add("-I" + sourceDir);
        command.add("-c");
        for (Path s : sources) {
            command.add(s.toString());
        }
        return failOnError ? run(command, objectDir, objectDir.resolve("compile.log"), network, "compiling " + what)
                : start(command, objectDir, objectDir.resolve("compile.log"));
    }

    /**
     * The q7/q15 kernels pool differently on upstream's DSP path, and they choose it from the CPU
     * (DSP extension, not Helium) or {@code -DARM_MATH_DSP}: the network, and the emulation it is
     * compared with, must have been generated for the path this target takes.
     */
    private void requireMatchingKernelPath(GeneratedNetwork network) {
        if (!network.scheme().equals("q7") && !network.scheme().equals("q15")) {
            return;
        }
        boolean generatedForDsp = network.compileDefinitions().contains("ARM_MATH_DSP");
        boolean dspPathHere = (generatedForDsp || target.dsp()) && !target.mve();
        if (generatedForDsp != dspPathHere) {
            throw new ToolchainException("network '" + network.name() + "' (" + network.scheme() + ") was generated for the kernels' "
                    + (generatedForDsp ? "DSP" : "plain-C") + " path, but " + target.name() + " builds take the "
                    + (dspPathHere ? "DSP" : "plain-C") + " path: generate it with armMathDsp " + target.legacyDspPath()
                    + " for this target");
        }
    }

    private static Path copyResource(String name, Path directory) throws IOException {
        Path to = directory.resolve(name);
        try (InputStream in = CrossToolchain.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ToolchainException("the start-up file io/cmsisnn/toolchain/" + name + " is not on the classpath: the cmsis-core jar is incomplete");
            }
            Files.write(to, in.readAllBytes());
        }
        return to;
    }

    private ProcessResult start(List<String> command, Path directory, Path log) {
        try {
            return ProcessResult.run(command, directory, log, timeout);
        } catch (IOException e) {
            throw new ToolchainException("arm-none-eabi-gcc not found: " + PACKAGES
                    + (compiler.equals("arm-none-eabi-gcc") ? "" : " (could not run '" + compiler + "')"), e);
        }
    }

    /** @param what e.g. "compiling network 'har'", for the message of a failure */
    private ProcessResult run(List<String> command, Path directory, Path log, GeneratedNetwork network, String what) {
        ProcessResult result = start(command, directory, log);
        if (result.exitCode() == 0) {
            return result;
        }
        String out = result.output();
        if (out.contains("nano.specs") || out.contains("cannot find -lc") || out.contains("cannot find -lm")
                || out.matches("(?s).*\\b(stdint|string|math|stddef)\\.h: No such file.*")) {
            throw new ToolchainException("newlib for arm-none-eabi not found: " + PACKAGES + "; " + compiler + " said:\n" + out);
        }
        if (out.contains(LinkerScript.NO_ROOM) || out.contains("overflowed by")) {
            throw new ToolchainException("network '" + network.name() + "' does not fit the memory of " + target.name() + " on QEMU "
                    + target.qemuMachine() + " (code " + target.code().length() / 1024 + " KB, RAM " + target.ram().length() / 1024
                    + " KB" + (target.constants().equals(target.code()) ? "" : ", constants " + target.constants().length() / 1024 + " KB")
                    + "):\n" + out);
        }
        throw new ToolchainException(what + " for " + target.name() + " with " + compiler + " failed ("
                + result.ending() + ") in " + directory + ":\n" + out);
    }
}
