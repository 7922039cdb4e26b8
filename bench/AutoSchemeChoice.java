import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.Labels;
import io.cmsisnn.data.NdArray;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.pipeline.AutoScheme;
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
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Issue #15's check of scheme auto: on every shared classification model (and the depthwise fixtures),
 * with maxAccuracyDrop 0.5, the scheme auto (auto-legacy) chooses on held-apart calibration samples,
 * against the test set: each fixed scheme's top-1 drop and RAM (activation + scratch bytes), the
 * cheapest fixed scheme within 0.5 points, and whether auto's choice is within 0.5 with RAM no larger.
 * Plugin defaults otherwise (1,000 calibration samples). Models without a training split calibrate on
 * their test file, as their tests do; their held-apart samples then come from the test file too.
 * Usage: shared-dir fixtures-dir
 */
public class AutoSchemeChoice {
    static final String FASHION = "/usr/share/datasets/fashion-mnist/";
    static final double GATE = 0.5;

    record Case(String model, String calib, String calibLabels, String data, String key, String labels, String labelKey, double scale) {
    }

    record Run(Conversion conversion, double drop, long ram) {
    }

    public static void main(String[] args) throws IOException {
        Path shared = Path.of(args[0]);
        Path fixtures = Path.of(args[1]).toAbsolutePath();
        Path[] har = harTrain(shared);
        String mnistX = "datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz";
        String mnistY = "datasets/mnist-test-idx/t10k-labels-idx1-ubyte.gz";
        Case[] cases = {
            new Case(fixtures.resolve("dwsep_fashion.onnx").toString(), FASHION + "train-images-idx3-ubyte.gz",
                    FASHION + "train-labels-idx1-ubyte.gz", FASHION + "t10k-images-idx3-ubyte.gz", null, FASHION + "t10k-labels-idx1-ubyte.gz",
                    null, 1 / 255.0),
            new Case(fixtures.resolveSibling("precision").resolve("concat_fashion.onnx").toString(), FASHION + "train-images-idx3-ubyte.gz",
                    FASHION + "train-labels-idx1-ubyte.gz", FASHION + "t10k-images-idx3-ubyte.gz", null, FASHION + "t10k-labels-idx1-ubyte.gz",
                    null, 1 / 255.0),
            new Case(fixtures.resolve("dwsep_har.onnx").toString(), har[0].toString(), har[1].toString(), "models/onnx/har_rnn_test_x.npy",
                    null, "models/onnx/har_rnn_test_y.npy", null, 1.0),
            new Case("models/keras/thiru_fashion_cnn_k3legacy.h5", FASHION + "train-images-idx3-ubyte.gz", FASHION + "train-labels-idx1-ubyte.gz",
                    FASHION + "t10k-images-idx3-ubyte.gz", null, FASHION + "t10k-labels-idx1-ubyte.gz", null, 1 / 255.0),
            new Case("models/keras/umer_fashion_cnn.keras", FASHION + "train-images-idx3-ubyte.gz", FASHION + "train-labels-idx1-ubyte.gz",
                    FASHION + "t10k-images-idx3-ubyte.gz", null, FASHION + "t10k-labels-idx1-ubyte.gz", null, 1 / 255.0),
            new Case("models/keras/st_har_cnn1d.h5", "datasets/st_har/har_frames_x.npy", "datasets/st_har/har_frames_y.npy",
                    "datasets/st_har/har_frames_x.npy", null, "datasets/st_har/har_frames_y.npy", null, 1.0),
            new Case("models/keras/tiny_str_ww.h5", "datasets/mlcommons_tiny/str_ww_calibration_samples.npz",
                    "datasets/mlcommons_tiny/str_ww_calibration_samples.npz", "datasets/mlcommons_tiny/str_ww_calibration_samples.npz",
                    "specs", "datasets/mlcommons_tiny/str_ww_calibration_samples.npz", "labels", 1.0),
            new Case("models/onnx/andrey_mnist_lenet5_pt20.onnx", mnistX, mnistY, mnistX, null, mnistY, null, 1 / 255.0),
            new Case("models/onnx/ccoltong_mnist_lenet_bn_pt13_b10.onnx", mnistX, mnistY, mnistX, null, mnistY, null, 1 / 255.0),
        };
        for (Case c : cases) {
            Path model = resolve(shared, c.model());
            Path data = resolve(shared, c.data());
            Graph imported = new io.cmsisnn.importer.ModelImporter().read(model, null).graph();
            float[][] x = InputPreparer.samples(DataFiles.read(data, c.key()), imported.inputShape(), c.scale(), 0.0, data.toString());
            int[] y = Labels.labels(DataFiles.read(resolve(shared, c.labels()), c.labelKey()), x.length, c.labels());
            FloatEngine engine = new FloatEngine(imported);
            long floatRight = IntStream.range(0, x.length).parallel().filter(i -> Metrics.argmax(engine.run(x[i])) == y[i]).count();
            System.out.printf(Locale.ROOT, "%s (%d test samples, float top-1 %.4f)%n", model.getFileName(), x.length,
                    floatRight / (double) x.length);
            ConversionSettings base = ConversionSettings.builder(model).calibrationData(resolve(shared, c.calib())).dataKey(c.key())
                    .inputScale(c.scale()).calibrationSamples(1000).build();
            for (AutoScheme.Family family : AutoScheme.Family.values()) {
                Run cheapest = null;
                for (Scheme s : family.schemes()) {
                    Run r = run(base.toBuilder().scheme(s).build(), x, y, floatRight);
                    System.out.printf(Locale.ROOT, "  %-4s test drop %5.2f, RAM %7d bytes%n", s.id(), r.drop(), r.ram());
                    if (r.drop() <= GATE && (cheapest == null || r.ram() < cheapest.ram())) {
                        cheapest = r;
                    }
                }
                long t0 = System.nanoTime();
                Run auto = run(base.toBuilder().auto(new AutoScheme(family, GATE, resolve(shared, c.calibLabels()),
                        c.key() == null ? null : c.labelKey(), AutoScheme.VALIDATION_SAMPLES)).build(), x, y, floatRight);
                double seconds = (System.nanoTime() - t0) / 1e9;
                var search = auto.conversion().schemeSearch();
                StringBuilder tried = new StringBuilder();
                for (var k : search.candidates()) {
                    tried.append(String.format(Locale.ROOT, " %s %.2f%s", k.scheme(), k.drop(), k.meetsDrop() ? "" : "(over)"));
                }
                boolean ok = auto.drop() <= GATE && (cheapest == null || auto.ram() <= cheapest.ram());
                System.out.printf(Locale.ROOT, "  %-11s chose %s (validation drops:%s): test drop %.2f, RAM %d bytes; cheapest fixed "
                        + "within %.1f: %s -> %s (search %.1f s)%n", family.id(), search.chosen(), tried, auto.drop(), auto.ram(), GATE,
                        cheapest == null ? "none" : cheapest.conversion().scheme().id() + " " + cheapest.ram() + " bytes",
                        ok ? "OK" : "NOT MET", seconds);
            }
        }
    }

    static Run run(ConversionSettings s, float[][] x, int[] y, long floatRight) {
        Conversion conv = new Generator(BuildLog.SILENT).convert(s);
        float[][] out = conv.backend().emulate(x, (n, f) -> IntStream.range(0, n).parallel().mapToObj(f).toArray(float[][]::new)).values();
        long right = IntStream.range(0, x.length).filter(i -> Metrics.argmax(out[i]) == y[i]).count();
        return new Run(conv, 100.0 * (floatRight - right) / x.length, conv.network().activationBytes() + conv.network().scratchBytes());
    }

    static Path resolve(Path shared, String file) {
        return file.startsWith("/") ? Path.of(file) : shared.resolve(file);
    }

    /** The HAR fixture's training frames and their labels (the train split of har_rnn_split_indices.npz) as .npy files in /tmp. */
    static Path[] harTrain(Path shared) throws IOException {
        Path x = DepthwiseDrops.harTrainFrames(shared);
        NdArray labels = DataFiles.read(shared.resolve("datasets/st_har/har_frames_y.npy"), null);
        NdArray train = DataFiles.read(shared.resolve("models/onnx/har_rnn_split_indices.npz"), "train");
        ByteBuffer body = ByteBuffer.allocate(train.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < train.size(); i++) {
            body.putLong((long) labels.get((int) train.get(i)));
        }
        String dict = String.format(Locale.ROOT, "{'descr': '<i8', 'fortran_order': False, 'shape': (%d,), }", train.size());
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        head.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        Path y = Files.createTempFile("dwsep-har-train-y-", ".npy");
        y.toFile().deleteOnExit();
        byte[] all = new byte[head.capacity() + body.capacity()];
        System.arraycopy(head.array(), 0, all, 0, head.capacity());
        System.arraycopy(body.array(), 0, all, head.capacity(), body.capacity());
        Files.write(y, all);
        return new Path[] {x, y};
    }
}
