package io.cmsisnn.toolchain;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
        int inputSize = inputs[0].length;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length != inputSize) {
                throw new ToolchainException("sample " + i + " has " + inputs[i].length + " values, sample 0 has " + inputSize);
            }
        }
        Path work = workDirectory.toAbsolutePath().normalize();
        Path in = work.resolve("inputs.bin");
        Path out = work.resolve("outputs.bin");
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(out);
            ByteBuffer buf = ByteBuffer.allocate(inputSize * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(in), 1 << 16)) {
                for (float[] row : inputs) {
                    buf.clear();
                    buf.asFloatBuffer().put(row);
                    os.write(buf.array(), 0, buf.capacity());
                }
            }
        } catch (IOException e) {
            throw new ToolchainException("cannot write the test inputs to " + in + ": " + e.getMessage(), e);
        }
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
        long expected = (long) inputs.length * outputSize * Float.BYTES;
        if (bytes.length != expected) {
            throw new ToolchainException("the compiled network wrote " + bytes.length + " bytes for " + inputs.length + " samples of "
                    + outputSize + " outputs, expected " + expected + " (does the output size match the network?)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[][] outputs = new float[inputs.length][outputSize];
        for (float[] row : outputs) {
            b.asFloatBuffer().get(row);
            b.position(b.position() + outputSize * Float.BYTES);
        }
        return outputs;
    }
}
