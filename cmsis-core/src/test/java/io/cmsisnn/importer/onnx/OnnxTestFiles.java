package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.cmsisnn.importer.SharedModels;

import io.cmsisnn.testing.Needs;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test material outside the project: the shared ONNX models and Debian's libonnx-testdata. */
final class OnnxTestFiles {
    private OnnxTestFiles() {
    }

    static final Path CONFORMANCE = Path.of("/usr/share/libonnx-testdata/data");

    /** A model under shared/models/onnx, or a skipped test when it is not there. */
    static Path sharedModel(String fileName) {
        Path p = SharedModels.sharedDir().resolve("models").resolve("onnx").resolve(fileName);
        Needs.that(Files.isRegularFile(p), "shared test model not available: " + p);
        return p;
    }

    static TensorProto tensor(Path pb) throws IOException {
        return TensorProto.parseFrom(Files.readAllBytes(pb));
    }

    /** Float values of a TensorProto written by ONNX's test generator (raw_data or float_data). */
    static float[] floats(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("not a float tensor: type " + t.getDataType());
        }
        if (t.hasRawData()) {
            FloatBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] f = new float[b.remaining()];
            b.get(f);
            return f;
        }
        float[] f = new float[t.getFloatDataCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = t.getFloatData(i);
        }
        return f;
    }

    /**
     * One sample in channels-first order (C, then the spatial axes row-major) rearranged to
     * channels-last: written here independently of the importer's own layout code.
     */
    static float[] channelsLast(float[] sample, int channels) {
        int positions = sample.length / channels;
        float[] out = new float[sample.length];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < positions; p++) {
                out[p * channels + c] = sample[c * positions + p];
            }
        }
        return out;
    }

    static float[] sample(float[] batch, int index, int size) {
        float[] s = new float[size];
        System.arraycopy(batch, index * size, s, 0, size);
        return s;
    }
}
