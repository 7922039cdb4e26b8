package io.cmsisnn.importer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** ONNX Runtime as an independent float oracle: runs a model file on a whole batch. */
final class OrtRunner implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;

    private OrtRunner(OrtEnvironment env, OrtSession session) {
        this.env = env;
        this.session = session;
    }

    static OrtRunner open(Path model) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        return new OrtRunner(env, env.createSession(model.toString(), options));
    }

    /** An oracle for the model, or empty when ONNX Runtime cannot load it (e.g. ops of opset 6 it no longer implements). */
    static Optional<OrtRunner> tryOpen(Path model) {
        try {
            return Optional.of(open(model));
        } catch (OrtException e) {
            return Optional.empty();
        }
    }

    /** One output tensor: its values row-major and its dims. */
    record Output(float[] values, long[] dims) {
    }

    /** Runs the only input with the given batch (row-major, ONNX order) and returns the named output. */
    Output run(float[] batch, long[] shape, String output) throws OrtException {
        String input = session.getInputNames().iterator().next();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), shape);
             OrtSession.Result r = session.run(Map.of(input, t), Set.of(output))) {
            OnnxTensor o = (OnnxTensor) r.get(0);
            FloatBuffer b = o.getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return new Output(out, o.getInfo().getShape());
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
