package io.cmsisnn.toolchain;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a test harness reads and writes, host or target alike: samples of little-endian
 * float32 values, one after the other.
 */
final class SampleFiles {
    private SampleFiles() {
    }

    /** Values per sample; every sample must have as many as the first. */
    static int inputSize(float[][] inputs) {
        int inputSize = inputs[0].length;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length != inputSize) {
                throw new ToolchainException("sample " + i + " has " + inputs[i].length + " values, sample 0 has " + inputSize);
            }
        }
        return inputSize;
    }

    /** Writes the samples to {@code in}. */
    static void write(Path in, float[][] inputs, int inputSize) {
        ByteBuffer buf = ByteBuffer.allocate(inputSize * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(in), 1 << 16)) {
            for (float[] row : inputs) {
                buf.clear();
                buf.asFloatBuffer().put(row);
                os.write(buf.array(), 0, buf.capacity());
            }
        } catch (IOException e) {
            throw new ToolchainException("cannot write the test inputs to " + in + ": " + e.getMessage(), e);
        }
    }

    /**
     * Splits {@code bytes} into {@code samples} rows of {@code outputSize} values.
     *
     * @param who the program, for the message when the size is wrong
     */
    static float[][] outputs(byte[] bytes, int samples, int outputSize, String who) {
        long expected = (long) samples * outputSize * Float.BYTES;
        if (bytes.length != expected) {
            throw new ToolchainException(who + " wrote " + bytes.length + " bytes for " + samples + " samples of " + outputSize
                    + " outputs, expected " + expected + " (does the output size match the network?)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[][] outputs = new float[samples][outputSize];
        for (float[] row : outputs) {
            b.asFloatBuffer().get(row);
            b.position(b.position() + outputSize * Float.BYTES);
        }
        return outputs;
    }

    /** Samples whose outputs a running program has written to {@code out} so far (0 before it starts). */
    static int written(Path out, int outputSize) {
        try {
            return (int) (java.nio.file.Files.size(out) / (4L * outputSize));
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
