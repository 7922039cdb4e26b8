package io.cmsisnn.toolchain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs a Cortex-M test program built by {@link CrossToolchain} under qemu-system-arm on many
 * samples in one run, and counts the instructions of each inference.
 *
 * <p>{@code -icount shift=0} makes QEMU's virtual clock advance exactly one nanosecond per guest
 * instruction, so SysTick, clocked by the board's CPU clock, ticks once per fixed number of
 * instructions (40 on the 25 MHz MPS2 boards, 31.25 on the 32 MHz AN547). The harness measures that
 * number with two loops of known instruction counts before it runs the network; when the
 * measurement confirms the board's clock (within 0.1 %), instructions are ticks times the exact
 * ratio, otherwise times the measured one. Counts are good to one tick.
 */
public final class QemuRunner {
    /** Status the harness exits with on a CPU fault. */
    static final int FAULT_STATUS = 70;
    /** How far the measured instructions per tick may be from the board's clock and still be taken as it. */
    static final double CALIBRATION_TOLERANCE = 1e-3;

    private static final String MISSING = "qemu-system-arm not found: install the Debian package qemu-system-arm "
            + "(apt-get install qemu-system-arm)";

    private final String qemu;
    private final Duration timeout;

    public QemuRunner() {
        this("qemu-system-arm", Duration.ofMinutes(30));
    }

    /** @param qemu {@code qemu-system-arm}, or a path to it */
    public QemuRunner(String qemu, Duration timeout) {
        if (qemu == null || qemu.isBlank()) {
            throw new ToolchainException("no emulator given: use qemu-system-arm");
        }
        this.qemu = qemu;
        this.timeout = timeout;
    }

    /** Fails at once, before any long work, when the emulator is not installed. */
    public void requireInstalled() {
        if (Executables.find(qemu).isEmpty()) {
            throw new ToolchainException(MISSING + (qemu.equals("qemu-system-arm") ? "" : " (could not find '" + qemu + "')"));
        }
    }

    /** The QEMU command that runs {@code elf} on the target's board. */
    public List<String> command(Path elf, CortexMTarget target) {
        return List.of(qemu, "-M", target.qemuMachine(), "-nographic", "-monitor", "none", "-serial", "none",
                "-semihosting-config", "enable=on,target=native", "-icount", "shift=0", "-kernel", elf.toAbsolutePath().toString());
    }

    public TargetRun run(CrossBuild build, float[][] inputs, int outputSize, Path workDirectory) {
        return run(build.elf(), build.target(), inputs, outputSize, workDirectory);
    }

    /**
     * Runs a program built with {@link CrossToolchain#build(io.cmsisnn.codegen.GeneratedNetwork, Path, boolean) profiling}.
     *
     * @param layers the network's profiling marks ({@code profiledLayers().size()}), or 0 for a build without profiling
     */
    public TargetRun run(CrossBuild build, float[][] inputs, int outputSize, Path workDirectory, int layers) {
        return run(build.elf(), build.target(), inputs, outputSize, workDirectory, layers);
    }

    public TargetRun run(Path elf, CortexMTarget target, float[][] inputs, int outputSize, Path workDirectory) {
        return run(elf, target, inputs, outputSize, workDirectory, 0);
    }

    /**
     * @param inputs     one row per sample, each the network's input in HWC order
     * @param outputSize values per output sample
     * @param layers     the profiling marks the program was built with, 0 without profiling
     * @throws ToolchainException when QEMU is missing, the program fails, faults, runs out of time or
     *                            writes the wrong amount
     */
    public TargetRun run(Path elf, CortexMTarget target, float[][] inputs, int outputSize, Path workDirectory, int layers) {
        return run(elf, target, inputs, outputSize, workDirectory, layers, null);
    }

    /** As {@link #run(CrossBuild, float[][], int, Path, int)}; {@code progress} (if not null) hears about once a second how many samples are done. */
    public TargetRun run(CrossBuild build, float[][] inputs, int outputSize, Path workDirectory, int layers, IntConsumer progress) {
        return run(build.elf(), build.target(), inputs, outputSize, workDirectory, layers, progress);
    }

    private TargetRun run(Path elf, CortexMTarget target, float[][] inputs, int outputSize, Path workDirectory, int layers,
                          IntConsumer progress) {
        if (layers < 0) {
            throw new IllegalArgumentException("negative layer count " + layers);
        }
        if (inputs.length == 0) {
            return new TargetRun(new float[0][], new long[0], target.instructionsPerTick(), Double.NaN, new double[0], Double.NaN);
        }
        int inputSize = SampleFiles.inputSize(inputs);
        Path work = workDirectory.toAbsolutePath().normalize();
        Path in = work.resolve(TargetHarness.INPUTS);
        Path out = work.resolve(TargetHarness.OUTPUTS);
        Path ticks = work.resolve(TargetHarness.TICKS);
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(out);
            Files.deleteIfExists(ticks);
        } catch (IOException e) {
            throw new ToolchainException("cannot write the test inputs to " + in + ": " + e.getMessage(), e);
        }
        SampleFiles.write(in, inputs, inputSize);
        ProcessResult result;
        try {
            result = ProcessResult.run(command(elf, target), work, work.resolve("qemu.log"), timeout,
                    progress == null ? null : () -> progress.accept(SampleFiles.written(out, outputSize)));
        } catch (IOException e) {
            throw new ToolchainException(MISSING + (qemu.equals("qemu-system-arm") ? "" : " (could not run '" + qemu + "')"), e);
        }
        if (result.exitCode() != 0) {
            String why = result.exitCode() == FAULT_STATUS ? "a CPU fault, exit code " + FAULT_STATUS : result.ending();
            throw new ToolchainException("the network " + elf.getFileName() + " failed on " + target.name() + " under QEMU "
                    + target.qemuMachine() + " (" + why + ") on " + inputs.length + " samples:\n" + result.output());
        }
        float[][] outputs = readOutputs(out, inputs.length, outputSize);
        return readTicks(ticks, target, inputs.length, outputs, layers);
    }

    private static float[][] readOutputs(Path out, int samples, int outputSize) {
        return SampleFiles.outputs(readAll(out, "outputs"), samples, outputSize, "the network");
    }

    /**
     * Calibration record, then the ticks of each sample's inference: see {@link TargetHarness}. A
     * profiled run also gives the ticks of each layer; the profiling hook's own instructions,
     * measured by its calibration loops, are taken out of the layers' and the inferences' counts, so
     * that these keep meaning the instructions of the network alone.
     */
    private static TargetRun readTicks(Path file, CortexMTarget target, int samples, float[][] outputs, int layers) {
        byte[] bytes = readAll(file, "instruction counts");
        long header = 16 + (layers > 0 ? 12 : 0);
        long record = 8 + 4L * layers;
        if (bytes.length != header + record * samples) {
            throw new ToolchainException("the harness wrote " + bytes.length + " bytes of instruction counts to " + file + " for " + samples
                    + " samples" + (layers > 0 ? " of " + layers + " profiled layers" : "") + ", expected " + (header + record * samples)
                    + " (was the program built " + (layers > 0 ? "with profiling for " + layers + " layers" : "without profiling") + "?)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long shortLoop = Integer.toUnsignedLong(b.getInt());
        long shortTicks = Integer.toUnsignedLong(b.getInt());
        long longLoop = Integer.toUnsignedLong(b.getInt());
        long longTicks = Integer.toUnsignedLong(b.getInt());
        // the difference of the loops cancels the fixed cost of reading SysTick
        long extraTicks = longTicks - shortTicks;
        if (extraTicks <= 0) {
            throw new ToolchainException("SysTick did not count while the harness ran (" + shortTicks + " and " + longTicks
                    + " ticks for loops of " + 2 * shortLoop + " and " + 2 * longLoop + " instructions): is QEMU run with -icount?");
        }
        double measured = 2.0 * (longLoop - shortLoop) / extraTicks;
        // each reading is good to one tick, so the loops confirm the board's exact ratio rather than replace it
        double expected = target.instructionsPerTick();
        double perTick = Math.abs(measured / expected - 1) < CALIBRATION_TOLERANCE ? expected : measured;
        double hook = layers > 0 ? hookInstructions(b, perTick) : Double.NaN;
        long[] instructions = new long[samples];
        double[] layerSums = new double[layers];
        for (int i = 0; i < samples; i++) {
            long ticks = b.getLong();
            instructions[i] = Math.round(ticks * perTick - (layers > 0 ? layers * hook : 0));
            for (int l = 0; l < layers; l++) {
                layerSums[l] += Integer.toUnsignedLong(b.getInt()) * perTick - hook;
            }
        }
        double[] layerMeans = new double[layers];
        for (int l = 0; l < layers; l++) {
            layerMeans[l] = layerSums[l] / samples;
        }
        return new TargetRun(outputs, instructions, perTick, measured, layerMeans, hook);
    }

    /**
     * Instructions of one call of the profiling hook (from the mark in the network to the return):
     * n calls and 2n calls in loops of the same shape, so their difference is n calls.
     */
    private static double hookInstructions(ByteBuffer b, double perTick) {
        long calls = Integer.toUnsignedLong(b.getInt());
        long once = Integer.toUnsignedLong(b.getInt());
        long twice = Integer.toUnsignedLong(b.getInt());
        if (calls == 0 || twice <= once) {
            throw new ToolchainException("the profiling hook's calibration measured nothing (" + once + " and " + twice + " ticks for "
                    + calls + " and " + 2 * calls + " calls): is QEMU run with -icount?");
        }
        return (twice - once) * perTick / calls;
    }

    private static byte[] readAll(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ToolchainException("the network wrote no " + what + " to " + file + ": " + e.getMessage(), e);
        }
    }
}
