import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.importer.ModelImporter;
import io.cmsisnn.passes.GraphLowering;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Java float engine against ONNX Runtime, both on one thread, on the shared MNIST ONNX models,
 * plus the engine alone on the Keras Fashion-MNIST CNN. Prints {@code name: value} lines.
 *
 * <p>Usage (all arguments optional, defaults are the shared files):
 * {@code java -cp <classpath> bench/EngineVsOnnxRuntime.java [sharedDir] [fashionDir] [rounds]}
 *
 * <p>What is timed. Engine: {@code engine.run(sample)} per sample (batch 1) and
 * {@code engine.run(float[10][])} (batch 10); a sample is already a float[] in HWC order (for one
 * channel the same as NCHW), and run copies it and allocates its tensors and output. ONNX Runtime: {@code session.run} on a batch plus reading the output into a float[]; the
 * input tensors are built once before timing (ORT's best case, so the comparison is the harder one
 * for the engine: its input copy is timed, ORT's is not). Both sides see the same images (pixel/255).
 * Each round times the engine (batch 1, then 10), then every ORT configuration, over all images;
 * after two untimed warm-up rounds, the best of the timed rounds is reported for each. The ratio
 * per model is the engine's faster batch size over ONNX Runtime's faster batch size.
 */
public class EngineVsOnnxRuntime {
    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
        Path mnist = shared.resolve("datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz");
        Path fashion = Path.of(args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist").resolve("t10k-images-idx3-ubyte.gz");
        String onnxDir = shared.resolve("models/onnx") + "/";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);

        double andrey = compare(env, "andrey", Path.of(onnxDir + "andrey_mnist_lenet5_pt20.onnx"), mnist, new int[] {1, 10}, rounds);
        double ccoltong = compare(env, "ccoltong", Path.of(onnxDir + "ccoltong_mnist_lenet_bn_pt13_b10.onnx"), mnist, new int[] {10}, rounds);
        thiru(shared.resolve("models/keras/thiru_fashion_cnn_k3legacy.h5"), fashion, rounds);
        System.out.printf("engine_vs_onnxruntime: %.3f%n", Math.min(andrey, ccoltong));
    }

    /** Returns the best engine samples/s over the best ORT samples/s of the given batch sizes. */
    static double compare(OrtEnvironment env, String name, Path model, Path images, int[] batches, int rounds)
            throws OrtException {
        Graph graph = new GraphLowering().lower(new ModelImporter().load(model));
        float[][] samples = InputPreparer.samples(DataFiles.read(images, null), graph.inputShape(), 1.0 / 255, 0.0,
                images.toString());
        int n = samples.length - samples.length % 10;
        FloatEngine engine = new FloatEngine(graph);

        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        OrtSession session = env.createSession(model.toString(), options); // default graph optimizations
        String input = session.getInputNames().iterator().next();
        int size = samples[0].length;
        List<List<OnnxTensor>> tensors = new ArrayList<>();
        for (int b : batches) {
            List<OnnxTensor> list = new ArrayList<>();
            for (int s = 0; s + b <= n; s += b) {
                float[] flat = new float[b * size];
                for (int k = 0; k < b; k++) {
                    System.arraycopy(samples[s + k], 0, flat, k * size, size); // one channel: HWC == CHW
                }
                list.add(OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {b, 1, 28, 28}));
            }
            tensors.add(list);
        }

        // sanity: both sides compute the same function (float differences only)
        double maxDiff = 0;
        float[] ortOut = ortOutput(session, input, tensors.get(0).get(0));
        int outSize = ortOut.length / batches[0];
        for (int k = 0; k < batches[0]; k++) {
            float[] e = engine.run(samples[k]);
            for (int j = 0; j < outSize; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(e[j] - ortOut[k * outSize + j]));
            }
        }

        float[][][] engineBatches = new float[n / 10][10][];
        for (int s = 0; s < n; s++) {
            engineBatches[s / 10][s % 10] = samples[s];
        }
        double bestEngine1 = 0;
        double bestEngine10 = 0;
        double[] bestOrt = new double[batches.length];
        for (int r = 0; r < rounds + 2; r++) {
            long t0 = System.nanoTime();
            for (int s = 0; s < n; s++) {
                engine.run(samples[s]);
            }
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (float[][] batch : engineBatches) {
                engine.run(batch);
            }
            double rate10 = n / ((System.nanoTime() - t0) / 1e9);
            if (r >= 2) {
                bestEngine1 = Math.max(bestEngine1, rate);
                bestEngine10 = Math.max(bestEngine10, rate10);
            }
            for (int b = 0; b < batches.length; b++) {
                t0 = System.nanoTime();
                for (OnnxTensor t : tensors.get(b)) {
                    ortOutput(session, input, t);
                }
                rate = n / ((System.nanoTime() - t0) / 1e9);
                if (r >= 2) {
                    bestOrt[b] = Math.max(bestOrt[b], rate);
                }
            }
        }
        double ort = 0;
        double bestEngine = Math.max(bestEngine1, bestEngine10);
        System.out.printf("engine_samples_per_second_%s_batch1: %.0f%n", name, bestEngine1);
        System.out.printf("engine_samples_per_second_%s_batch10: %.0f%n", name, bestEngine10);
        System.out.printf("engine_samples_per_second_%s: %.0f%n", name, bestEngine);
        for (int b = 0; b < batches.length; b++) {
            System.out.printf("onnxruntime_samples_per_second_%s_batch%d: %.0f%n", name, batches[b], bestOrt[b]);
            ort = Math.max(ort, bestOrt[b]);
        }
        System.out.printf("onnxruntime_samples_per_second_%s: %.0f%n", name, ort);
        System.out.printf("max_abs_diff_engine_onnxruntime_%s: %.3g%n", name, maxDiff);
        System.out.printf("engine_vs_onnxruntime_%s: %.3f%n", name, bestEngine / ort);
        for (List<OnnxTensor> list : tensors) {
            list.forEach(OnnxTensor::close);
        }
        session.close();
        return bestEngine / ort;
    }

    static float[] ortOutput(OrtSession session, String input, OnnxTensor t) throws OrtException {
        try (OrtSession.Result r = session.run(Map.of(input, t))) {
            FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
    }

    /** The Keras CNN on one thread: run (the output only) and runAll (every tensor, as calibration does). */
    static void thiru(Path model, Path images, int rounds) {
        Graph graph = new GraphLowering().lower(new ModelImporter().load(model));
        float[][] samples = InputPreparer.samples(DataFiles.read(images, null), graph.inputShape(), 1.0 / 255, 0.0,
                images.toString());
        int n = Math.min(samples.length, 4000);
        FloatEngine engine = new FloatEngine(graph);
        double bestRun = 0;
        double bestAll = 0;
        long sink = 0;
        for (int r = 0; r < rounds + 2; r++) {
            long t0 = System.nanoTime();
            for (int s = 0; s < n; s++) {
                sink += engine.run(samples[s]).length;
            }
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (int s = 0; s < n; s++) {
                sink += engine.runAll(samples[s]).size();
            }
            double all = n / ((System.nanoTime() - t0) / 1e9);
            if (r >= 2) {
                bestRun = Math.max(bestRun, rate);
                bestAll = Math.max(bestAll, all);
            }
        }
        System.out.printf("engine_samples_per_second_thiru_1thread_run: %.0f%n", bestRun);
        System.out.printf("engine_samples_per_second_thiru_1thread_runall: %.0f%n", bestAll);
        System.out.printf("engine_samples_per_second_thiru_1thread: %.0f%n", Math.min(bestRun, bestAll));
        if (sink == 42) {
            System.out.println();
        }
    }
}
