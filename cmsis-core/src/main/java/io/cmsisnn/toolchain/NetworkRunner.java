package io.cmsisnn.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        if (inputs.length == 0) {
            return new float[0][];
        }
        int inputSize = SampleFiles.inputSize(inputs);
        Path work = workDirectory.toAbsolutePath().normalize();
        Path in = work.resolve("inputs.bin");
        Path out = work.resolve("outputs.bin");
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(out);
        } catch (IOException e) {
            throw new ToolchainException("cannot write the test inputs to " + in + ": " + e.getMessage(), e);
        }
        SampleFiles.write(in, inputs, inputSize);
        ProcessResult result;
        try {
            result = ProcessResult.run(List.of(executable.toAbsolutePath().toString(), in.toString(), out.toString()), work,
                    work.resolve("run.log"), timeout);
        } catch (IOException e) {
            throw new ToolchainException("cannot run " + executable + ": " + e.getMessage(), e);
        }
        if (result.exitCode() != 0) {
            throw new ToolchainException("the compiled network " + executable.getFileName() + " failed (" + result.ending() + ") on "
                    + inputs.length + " samples:\n" + result.output());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(out);
        } catch (IOException e) {
            throw new ToolchainException("the compiled network wrote no outputs to " + out + ": " + e.getMessage(), e);
        }
        return SampleFiles.outputs(bytes, inputs.length, outputSize, "the compiled network");
    }
}
