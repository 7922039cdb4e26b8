import io.cmsisnn.CmsisException;
import io.cmsisnn.backend.LegacyBackend;
import io.cmsisnn.cache.BuildCache;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.Labels;
import io.cmsisnn.data.NdArray;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.Conversion;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.pipeline.Scheme;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * rangeMethod accuracy against minmax (issue #15) on every shared legacy run: per classification
 * model with labelled test data and per q7/q15, the emulated (bit-exact with the compiled C) test-set
 * top-1 with each method, the trials the search used, its kept changes and its time. Both methods
 * quantize from the same calibration statistics (one build cache), with the plugin's defaults
 * (1,000 calibration samples; for accuracy 500 validation samples and 120 trials) unless the case says otherwise.
 * Usage: shared-dir fashion-dir fixtures-dir [accuracySamples [case-name-filter]]
 */
public class AccuracyFormats {
    /**
     * @param calibrationSamples the plugin default 1,000, except where the file is too small to leave samples apart
     * @param dataKey            array of the npz files (test and calibration), or null
     * @param labelKey           labels array of an npz test file, or null
     */
    record Case(String name, Path model, Path calib, Path x, Path y, String dataKey, String labelKey, double scale,
                int calibrationSamples, String note) {
    }

    private static final Pattern SECONDS = Pattern.compile("\\(([0-9.]+) s\\)$");

    public static void main(String[] args) throws IOException {
        Path shared = Path.of(args[0]);
        Path fashion = Path.of(args[1]);
        Path fixtures = Path.of(args[2]);
        int validation = args.length > 3 ? Integer.parseInt(args[3]) : ConversionSettings.Quantization.DEFAULT_ACCURACY_SAMPLES;
        String filter = args.length > 4 ? args[4] : "";
        Path mnist = shared.resolve("datasets/mnist-test-idx");
        Path har = shared.resolve("datasets/st_har");
        Path strWw = shared.resolve("datasets/mlcommons_tiny/str_ww_calibration_samples.npz");
        Path harTrain = harTrainFrames(shared);
        Case[] cases = {
            new Case("thiru_fashion_cnn", shared.resolve("models/keras/thiru_fashion_cnn_k3legacy.h5"),
                    fashion.resolve("train-images-idx3-ubyte.gz"), fashion.resolve("t10k-images-idx3-ubyte.gz"),
                    fashion.resolve("t10k-labels-idx1-ubyte.gz"), null, null, 1 / 255.0, 1000, "calibrated on the training set"),
            new Case("umer_fashion_cnn", shared.resolve("models/keras/umer_fashion_cnn.keras"),
                    fashion.resolve("train-images-idx3-ubyte.gz"), fashion.resolve("t10k-images-idx3-ubyte.gz"),
                    fashion.resolve("t10k-labels-idx1-ubyte.gz"), null, null, 1 / 255.0, 1000, "calibrated on the training set"),
            new Case("st_har_cnn1d", shared.resolve("models/keras/st_har_cnn1d.h5"), har.resolve("har_frames_x.npy"),
                    har.resolve("har_frames_x.npy"), har.resolve("har_frames_y.npy"), null, null, 1.0, 1000,
                    "the only data is the test set: validation samples are 500 of its 6,900"),
            new Case("tiny_str_ww", shared.resolve("models/keras/tiny_str_ww.h5"), strWw, strWw, strWw, "specs", "labels", 1.0, 30,
                    "45 samples, also the test set: calibration 30, validation the other 15"),
            new Case("andrey_mnist_lenet5", shared.resolve("models/onnx/andrey_mnist_lenet5_pt20.onnx"),
                    mnist.resolve("t10k-images-idx3-ubyte.gz"), mnist.resolve("t10k-images-idx3-ubyte.gz"),
                    mnist.resolve("t10k-labels-idx1-ubyte.gz"), null, null, 1 / 255.0, 1000,
                    "the only MNIST here is the test set: validation samples are 500 of its 10,000"),
            new Case("ccoltong_mnist_lenet_bn", shared.resolve("models/onnx/ccoltong_mnist_lenet_bn_pt13_b10.onnx"),
                    mnist.resolve("t10k-images-idx3-ubyte.gz"), mnist.resolve("t10k-images-idx3-ubyte.gz"),
                    mnist.resolve("t10k-labels-idx1-ubyte.gz"), null, null, 1 / 255.0, 1000,
                    "the only MNIST here is the test set: validation samples are 500 of its 10,000"),
            new Case("lee_mnist_lstm_relu", shared.resolve("models/keras/lee_mnist_lstm_relu.h5"),
                    mnist.resolve("t10k-images-idx3-ubyte.gz"), mnist.resolve("t10k-images-idx3-ubyte.gz"),
                    mnist.resolve("t10k-labels-idx1-ubyte.gz"), null, null, 1 / 255.0, 1000, null),
            new Case("har_lstm", shared.resolve("models/onnx/har_lstm.onnx"), harTrain,
                    shared.resolve("models/onnx/har_rnn_test_x.npy"), shared.resolve("models/onnx/har_rnn_test_y.npy"), null, null,
                    1.0, 1000, null),
            new Case("har_gru", shared.resolve("models/onnx/har_gru.onnx"), harTrain,
                    shared.resolve("models/onnx/har_rnn_test_x.npy"), shared.resolve("models/onnx/har_rnn_test_y.npy"), null, null,
                    1.0, 1000, null),
            new Case("dwsep_fashion", fixtures.resolve("dwsep_fashion.onnx"), fashion.resolve("train-images-idx3-ubyte.gz"),
                    fashion.resolve("t10k-images-idx3-ubyte.gz"), fashion.resolve("t10k-labels-idx1-ubyte.gz"), null, null, 1 / 255.0,
                    1000, "calibrated on the training set"),
            new Case("dwsep_har", fixtures.resolve("dwsep_har.onnx"), harTrain,
                    shared.resolve("models/onnx/har_rnn_test_x.npy"), shared.resolve("models/onnx/har_rnn_test_y.npy"), null, null,
                    1.0, 1000, "calibrated on the training split"),
            new Case("concat_fashion", fixtures.resolveSibling("precision").resolve("concat_fashion.onnx"),
                    fashion.resolve("train-images-idx3-ubyte.gz"), fashion.resolve("t10k-images-idx3-ubyte.gz"),
                    fashion.resolve("t10k-labels-idx1-ubyte.gz"), null, null, 1 / 255.0, 1000, "calibrated on the training set"),
        };
        System.out.printf(Locale.ROOT, "%-24s %-4s %7s %8s %8s %7s %7s %5s %7s%n", "model", "", "float", "minmax", "accuracy",
                "points", "trials", "kept", "search");
        for (Case c : cases) {
            if (!c.name().contains(filter)) {
                continue;
            }
            if (!Files.isRegularFile(c.model())) {
                System.out.println(c.name() + ": no " + c.model() + ", skipped");
                continue;
            }
            Path cache = Files.createTempDirectory("accuracy-formats-cache");
            for (String scheme : new String[] {"q7", "q15"}) {
                run(c, scheme, cache, validation);
            }
        }
    }

    private static void run(Case c, String scheme, Path cacheDir, int validation) {
        ConversionSettings minmaxSettings = ConversionSettings.builder(c.model()).scheme(Scheme.parse(scheme))
                .calibrationData(c.calib()).dataKey(c.dataKey()).inputScale(c.scale()).calibrationSamples(c.calibrationSamples())
                .build();
        ConversionSettings accuracySettings = minmaxSettings.toBuilder().rangeMethod(RangeMethod.ACCURACY)
                .accuracySamples(validation).build();
        BuildCache cache = new BuildCache(cacheDir);
        Conversion minmax;
        Conversion accuracy;
        List<String> logged = new ArrayList<>();
        try {
            minmax = new Generator(BuildLog.SILENT, cache).convert(minmaxSettings);
            accuracy = new Generator(new BuildLog() {
                @Override
                public void info(String message) {
                    logged.add(message);
                }

                @Override
                public void warn(String message) {
                    logged.add(message);
                }
            }, cache).convert(accuracySettings);
        } catch (CmsisException e) {
            System.out.printf(Locale.ROOT, "%-24s %-4s not available: %s%n", c.name(), scheme, e.getMessage());
            return;
        }
        Graph imported = minmax.imported();
        float[][] x = InputPreparer.samples(DataFiles.read(c.x(), c.dataKey()), imported.inputShape(), c.scale(), 0.0,
                c.x().toString());
        int[] y = Labels.labels(DataFiles.read(c.y(), c.labelKey()), x.length, c.y().toString());
        FloatEngine engine = new FloatEngine(imported);
        double floatTop1 = Metrics.top1(IntStream.range(0, x.length).parallel().mapToObj(i -> engine.run(x[i]))
                .toArray(float[][]::new), y);
        double minmaxTop1 = top1(minmax, x, y);
        double accuracyTop1 = top1(accuracy, x, y);
        List<String> notes = ((LegacyBackend) accuracy.backend()).quantized().notes();
        String summary = notes.stream().filter(n -> n.startsWith("rangeMethod accuracy: ") && n.contains(" trials on "))
                .findFirst().orElse("?");
        Matcher trials = Pattern.compile("accuracy: (\\d+) of (\\d+) trials").matcher(summary);
        long kept = notes.stream().filter(n -> n.startsWith("rangeMethod accuracy: tensor ")).count();
        String seconds = logged.stream().filter(l -> l.contains(" trials on ")).map(SECONDS::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).findFirst().orElse("?");
        System.out.printf(Locale.ROOT, "%-24s %-4s %7.4f %8.4f %8.4f %+7.2f %7s %5d %6ss  (%d test samples)%n", c.name(), scheme,
                floatTop1, minmaxTop1, accuracyTop1, 100 * (accuracyTop1 - minmaxTop1), trials.find() ? trials.group(1) : "?", kept,
                seconds, x.length);
        System.out.println("    " + summary.substring("rangeMethod accuracy: ".length()));
        notes.stream().filter(n -> n.startsWith("rangeMethod accuracy: tensor ") || n.contains("ran out"))
                .forEach(n -> System.out.println("    " + n.substring("rangeMethod accuracy: ".length())));
        if (c.note() != null) {
            System.out.println("    (" + c.note() + ")");
        }
    }

    /** The HAR frames of the RNN models' training split as a float32 .npy in /tmp (as bench/DepthwiseDrops.java makes it). */
    static Path harTrainFrames(Path shared) throws IOException {
        NdArray frames = DataFiles.read(shared.resolve("datasets/st_har/har_frames_x.npy"), null);
        NdArray train = DataFiles.read(shared.resolve("models/onnx/har_rnn_split_indices.npz"), "train");
        int per = frames.size() / frames.dim(0);
        ByteBuffer body = ByteBuffer.allocate(train.size() * per * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < train.size(); i++) {
            int frame = (int) train.get(i);
            for (int k = 0; k < per; k++) {
                body.putFloat((float) frames.get(frame * per + k));
            }
        }
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d, %d), }",
                train.size(), frames.dim(1), frames.dim(2));
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        head.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        Path out = Files.createTempFile("har-train-", ".npy");
        out.toFile().deleteOnExit();
        byte[] all = new byte[head.capacity() + body.capacity()];
        System.arraycopy(head.array(), 0, all, 0, head.capacity());
        System.arraycopy(body.array(), 0, all, head.capacity(), body.capacity());
        Files.write(out, all);
        return out;
    }

    private static double top1(Conversion conv, float[][] x, int[] y) {
        float[][] out = conv.backend().emulate(x, (n, f) -> IntStream.range(0, n).parallel().mapToObj(f).toArray(float[][]::new))
                .values();
        return Metrics.top1(out, y);
    }
}
