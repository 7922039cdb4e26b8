import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.Labels;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.Conversion;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.pipeline.Scheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Bias correction (backend.BiasCorrection) off and on, per model and fixed-point scheme (issue #15): the
 * emulated top-1 on the evaluation set (classifiers with labels) and the output SNR against float, with
 * the plugin's defaults otherwise (minmax, 1,000 calibration samples, equalization on), and the time the
 * conversion took. Calibration uses the training split where the model has one (Fashion-MNIST, the ST HAR
 * fixture); the shared models without one are calibrated on their evaluation file, as their tests do.
 * Usage: shared-dir fixtures-dir
 */
public class BiasCorrectionEffects {
    static final String FASHION = "/usr/share/datasets/fashion-mnist/";
    static final String[] SCHEMES = {"q7", "q15", "s8", "s16"};

    record Case(String model, String calib, String data, String key, String labels, String labelKey, double scale) {
    }

    public static void main(String[] args) throws IOException {
        Path shared = Path.of(args[0]);
        Path fixtures = Path.of(args[1]).toAbsolutePath();
        Path har = DepthwiseDrops.harTrainFrames(shared);
        Case[] cases = {
            new Case(fixtures.resolve("dwsep_fashion.onnx").toString(), FASHION + "train-images-idx3-ubyte.gz",
                    FASHION + "t10k-images-idx3-ubyte.gz", null, FASHION + "t10k-labels-idx1-ubyte.gz", null, 1 / 255.0),
            new Case(fixtures.resolve("dwsep_har.onnx").toString(), har.toString(), "models/onnx/har_rnn_test_x.npy", null,
                    "models/onnx/har_rnn_test_y.npy", null, 1.0),
            new Case("models/keras/thiru_fashion_cnn_k3legacy.h5", FASHION + "train-images-idx3-ubyte.gz",
                    FASHION + "t10k-images-idx3-ubyte.gz", null, FASHION + "t10k-labels-idx1-ubyte.gz", null, 1 / 255.0),
            new Case("models/keras/umer_fashion_cnn.keras", FASHION + "train-images-idx3-ubyte.gz",
                    FASHION + "t10k-images-idx3-ubyte.gz", null, FASHION + "t10k-labels-idx1-ubyte.gz", null, 1 / 255.0),
            new Case("models/keras/st_har_cnn1d.h5", "datasets/st_har/har_frames_x.npy", "datasets/st_har/har_frames_x.npy", null,
                    "datasets/st_har/har_frames_y.npy", null, 1.0),
            new Case("models/keras/tiny_str_ww.h5", "datasets/mlcommons_tiny/str_ww_calibration_samples.npz",
                    "datasets/mlcommons_tiny/str_ww_calibration_samples.npz", "specs",
                    "datasets/mlcommons_tiny/str_ww_calibration_samples.npz", "labels", 1.0),
            new Case("models/onnx/andrey_mnist_lenet5_pt20.onnx", "datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz",
                    "datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz", null, "datasets/mnist-test-idx/t10k-labels-idx1-ubyte.gz",
                    null, 1 / 255.0),
            new Case("models/onnx/ccoltong_mnist_lenet_bn_pt13_b10.onnx", "datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz",
                    "datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz", null, "datasets/mnist-test-idx/t10k-labels-idx1-ubyte.gz",
                    null, 1 / 255.0),
            new Case("models/keras/shawn_fan_autoencoder.h5", "datasets/shawn_fan/normal_anomaly_test_set.npz",
                    "datasets/shawn_fan/normal_anomaly_test_set.npz", "x_test", null, null, 1.0),
        };
        for (Case c : cases) {
            Path model = resolve(shared, c.model());
            if (!Files.isRegularFile(model)) {
                System.out.println(c.model() + ": missing, skipped");
                continue;
            }
            Path calib = resolve(shared, c.calib());
            Path data = resolve(shared, c.data());
            Graph imported = new io.cmsisnn.importer.ModelImporter().read(model, null).graph();
            float[][] x = InputPreparer.samples(DataFiles.read(data, c.key()), imported.inputShape(), c.scale(), 0.0, data.toString());
            int[] y = c.labels() == null ? null
                    : Labels.labels(DataFiles.read(resolve(shared, c.labels()), c.labelKey()), x.length, c.labels());
            FloatEngine engine = new FloatEngine(imported);
            float[][] ref = IntStream.range(0, x.length).parallel().mapToObj(i -> engine.run(x[i])).toArray(float[][]::new);
            long floatRight = y == null ? 0 : IntStream.range(0, x.length).filter(i -> Metrics.argmax(ref[i]) == y[i]).count();
            System.out.println(model.getFileName() + String.format(Locale.ROOT, " (%d evaluation samples%s)", x.length,
                    y == null ? "" : String.format(Locale.ROOT, ", float top-1 %.4f", floatRight / (double) x.length)));
            for (String scheme : SCHEMES) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-3s", scheme));
                for (boolean on : new boolean[] {false, true}) {
                    ConversionSettings s = ConversionSettings.builder(model).scheme(Scheme.parse(scheme)).calibrationData(calib)
                            .dataKey(c.key()).inputScale(c.scale()).calibrationSamples(1000).biasCorrection(on).build();
                    long t0 = System.nanoTime();
                    Conversion conv;
                    try {
                        conv = new Generator(BuildLog.SILENT).convert(s);
                    } catch (RuntimeException e) {
                        line.append(" refused: ").append(e.getMessage(), 0, Math.min(80, e.getMessage().length()));
                        break;
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    float[][] out = conv.backend().emulate(x, (n, f) -> IntStream.range(0, n).parallel().mapToObj(f)
                            .toArray(float[][]::new)).values();
                    line.append(on ? "  | corrected: " : "  off: ");
                    if (y != null) {
                        long right = IntStream.range(0, x.length).filter(i -> Metrics.argmax(out[i]) == y[i]).count();
                        line.append(String.format(Locale.ROOT, "top-1 %.4f drop %5.2f, ", right / (double) x.length,
                                100.0 * (floatRight - right) / x.length));
                    }
                    line.append(String.format(Locale.ROOT, "SNR %.1f dB, convert %.1f s", EqualizationEffects.snr(ref, out), seconds));
                }
                System.out.println(line);
            }
        }
    }

    static Path resolve(Path shared, String file) {
        return file.startsWith("/") ? Path.of(file) : shared.resolve(file);
    }
}
