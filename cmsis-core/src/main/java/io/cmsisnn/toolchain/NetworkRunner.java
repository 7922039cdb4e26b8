package io.cmsisnn.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs a test executable built by {@link HostToolchain} on many samples in one process: inputs
 * and outputs travel as little-endian float32 files.
 */
public final class NetworkRunner {
    private final Duration timeout;

    public NetworkRunner() {
        this(Duration.ofMinutes(30));
    }

    public NetworkRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @param inputs     one row per sample, each the network's input in HWC order
     * @param outputSize values per output sample
     * @return one row of {@code outputSize} values per sample
     * @throws ToolchainException when the program fails, crashes or writes the wrong amount
     */
    public float[][] run(Path executable, float[][] inputs, int outputSize, Path workDirectory) {
        return run(executable, inputs, outputSize, workDirectory, null);
    }

    /**
     * As {@link #run(Path, float[][], int, Path)}; {@code progress} (if not null) hears about once a
     * second how many samples the program has written out so far. Large sets are cut into one
     * contiguous slice per processor, each run by its own process at the same time; the outputs are
     * put back together in sample order, so the result is the same as one process gives.
     */
    public float[][] run(Path executable, float[][] inputs, int outputSize, Path workDirectory, IntConsumer progress) {
        if (inputs.length == 0) {
            return new float[0][];
        }
        int inputSize = SampleFiles.inputSize(inputs);
        Path work = workDirectory.toAbsolutePath().normalize();
        int shards = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), inputs.length / MIN_SHARD_SAMPLES));
        int[] first = new int[shards + 1];
        for (int k = 0; k <= shards; k++) {
            first[k] = (int) ((long) inputs.length * k / shards);
        }
        Path[] outs = new Path[shards];
        List<Thread> threads = new java.util.ArrayList<>();
        RuntimeException[] failures = new RuntimeException[shards];
        for (int k = 0; k < shards; k++) {
            String suffix = shards == 1 ? "" : "-" + k;
            Path in = work.resolve("inputs" + suffix + ".bin");
            outs[k] = work.resolve("outputs" + suffix + ".bin");
            try {
                Files.createDirectories(work);
                Files.deleteIfExists(outs[k]);
            } catch (IOException e) {
                throw new ToolchainException("cannot write the test inputs to " + in + ": " + e.getMessage(), e);
            }
            SampleFiles.write(in, java.util.Arrays.copyOfRange(inputs, first[k], first[k + 1]), inputSize);
            int shard = k;
            Runnable tick = progress == null || k != 0 ? null : () -> progress.accept(writtenAll(outs, outputSize));
            Thread t = new Thread(() -> {
                try {
                    runOne(executable, in, outs[shard], work.resolve("run" + suffix + ".log"), first[shard + 1] - first[shard], tick);
                } catch (RuntimeException e) {
                    failures[shard] = e;
                }
            }, "cmsis-compiled-network-" + k);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolchainException("interrupted while the compiled network ran", e);
            }
        }
        for (RuntimeException f : failures) {
            if (f != null) {
                throw f;
            }
        }
        float[][] all = new float[inputs.length][];
        for (int k = 0; k < shards; k++) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(outs[k]);
            } catch (IOException e) {
                throw new ToolchainException("the compiled network wrote no outputs to " + outs[k] + ": " + e.getMessage(), e);
            }
            float[][] part = SampleFiles.outputs(bytes, first[k + 1] - first[k], outputSize, "the compiled network");
            System.arraycopy(part, 0, all, first[k], part.length);
        }
        return all;
    }

    /** Fewest samples worth a process of their own. */
    static final int MIN_SHARD_SAMPLES = 500;

    private void runOne(Path executable, Path in, Path out, Path log, int samples, Runnable tick) {
        ProcessResult result;
        try {
            result = ProcessResult.run(List.of(executable.toAbsolutePath().toString(), in.toString(), out.toString()), log.getParent(),
                    log, timeout, tick);
        } catch (IOException e) {
            throw new ToolchainException("cannot run " + executable + ": " + e.getMessage(), e);
        }
        if (result.exitCode() != 0) {
            throw new ToolchainException("the compiled network " + executable.getFileName() + " failed (" + result.ending() + ") on "
                    + samples + " samples:\n" + result.output());
        }
    }

    private static int writtenAll(Path[] outs, int outputSize) {
        int n = 0;
        for (Path o : outs) {
            n += SampleFiles.written(o, outputSize);
        }
        return n;
    }
}
