import io.cmsisnn.backend.CalibratedRanges;
import io.cmsisnn.cache.BuildCache;
import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.RangeMethod;
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
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * rangeMethod entropy against minmax and percentile (issue #15): per shared classification model
 * with labelled test data and per scheme (q7, s8), the float engine's top-1 on the whole test set
 * and the emulated (bit-exact with the compiled C) top-1 of each method, with the plugin's other
 * defaults (1,000 calibration samples, percentile 99.99). One calibration per model, reused through
 * a build cache in a temporary directory, so the methods differ only in how they read it. "clipped"
 * counts the calibrated tensors whose range the method narrows below minmax's.
 * Usage: fixtures-dir shared-dir fashion-dir
 */
public class EntropyCalibration {
    record Case(String name, Path model, Path calib, String key, Path x, Path y, String labelKey, double scale) {
    }

    static final String[] SCHEMES = {"q7", "s8"};
    static final RangeMethod[] METHODS = {RangeMethod.MINMAX, RangeMethod.PERCENTILE, RangeMethod.ENTROPY};

    public static void main(String[] args) throws IOException {
        Path fixtures = Path.of(args[0]);
        Path shared = Path.of(args[1]);
        Path fashion = Path.of(args[2]);
        Path fTrain = fashion.resolve("train-images-idx3-ubyte.gz");
        Path fX = fashion.resolve("t10k-images-idx3-ubyte.gz");
        Path fY = fashion.resolve("t10k-labels-idx1-ubyte.gz");
        Path mX = shared.resolve("datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz");
        Path mY = shared.resolve("datasets/mnist-test-idx/t10k-labels-idx1-ubyte.gz");
        Path harX = shared.resolve("datasets/st_har/har_frames_x.npy");
        Path strWw = shared.resolve("datasets/mlcommons_tiny/str_ww_calibration_samples.npz");
        List<Case> cases = List.of(
                new Case("st_har_cnn1d", shared.resolve("models/keras/st_har_cnn1d.h5"), harX, null, harX,
                        shared.resolve("datasets/st_har/har_frames_y.npy"), null, 1.0),
                new Case("tiny_str_ww", shared.resolve("models/keras/tiny_str_ww.h5"), strWw, "specs", strWw, strWw, "labels", 1.0),
                new Case("thiru_fashion_cnn", shared.resolve("models/keras/thiru_fashion_cnn_k3legacy.h5"), fTrain, null, fX, fY, null,
                        1 / 255.0),
                new Case("umer_fashion_cnn", shared.resolve("models/keras/umer_fashion_cnn.keras"), fTrain, null, fX, fY, null, 1 / 255.0),
                new Case("andrey_lenet5", shared.resolve("models/onnx/andrey_mnist_lenet5_pt20.onnx"), mX, null, mX, mY, null, 1 / 255.0),
                new Case("ccoltong_lenet_bn", shared.resolve("models/onnx/ccoltong_mnist_lenet_bn_pt13_b10.onnx"), mX, null, mX, mY, null,
                        1 / 255.0),
                new Case("dwsep_fashion", fixtures.resolve("dwsep_fashion.onnx"), fTrain, null, fX, fY, null, 1 / 255.0),
                new Case("dwsep_har", fixtures.resolve("dwsep_har.onnx"), DepthwiseDrops.harTrainFrames(shared), null,
                        shared.resolve("models/onnx/har_rnn_test_x.npy"), shared.resolve("models/onnx/har_rnn_test_y.npy"), null, 1.0));
        Path cacheDir = Files.createTempDirectory("entropy-bench-cache-");
        Generator generator = new Generator(BuildLog.SILENT, new BuildCache(cacheDir));
        for (Case c : cases) {
            if (!Files.isRegularFile(c.model())) {
                System.out.println(c.name() + ": no " + c.model() + ", skipped");
                continue;
            }
            float[][] x = null;
            int[] y = null;
            long floatRight = 0;
            for (String scheme : SCHEMES) {
                StringBuilder line = new StringBuilder();
                for (RangeMethod method : METHODS) {
                    ConversionSettings settings = ConversionSettings.builder(c.model()).scheme(Scheme.parse(scheme))
                            .calibrationData(c.calib()).dataKey(c.key()).inputScale(c.scale()).calibrationSamples(1000)
                            .rangeMethod(method).build();
                    Conversion conv = generator.convert(settings);
                    if (x == null) {
                        Graph imported = conv.imported();
                        x = InputPreparer.samples(DataFiles.read(c.x(), c.key()), imported.inputShape(), c.scale(), 0.0, c.x().toString());
                        y = Labels.labels(DataFiles.read(c.y(), c.labelKey()), x.length, c.y().toString());
                        FloatEngine engine = new FloatEngine(imported);
                        float[][] xs = x;
                        int[] ys = y;
                        floatRight = IntStream.range(0, x.length).parallel().filter(i -> Metrics.argmax(engine.run(xs[i])) == ys[i])
                                .count();
                        line.append(String.format(Locale.ROOT, "%-18s float %.4f (%d test, %d calibration samples)%n", c.name(),
                                floatRight / (double) x.length, x.length, conv.calibration().samples()));
                    }
                    float[][] emulated = conv.backend().emulate(x, (n, f) -> IntStream.range(0, n).parallel().mapToObj(f)
                            .toArray(float[][]::new)).values();
                    int[] ys = y;
                    long right = IntStream.range(0, x.length).filter(i -> Metrics.argmax(emulated[i]) == ys[i]).count();
                    if (method == METHODS[0]) {
                        line.append(String.format(Locale.ROOT, "  %-3s", scheme));
                    }
                    line.append(String.format(Locale.ROOT, "  %s %.4f (drop %5.2f, clipped %2d/%d)", method.id(), right / (double) x.length,
                            100.0 * (floatRight - right) / x.length, clipped(conv.calibration(), scheme, method),
                            conv.calibration().statistics().size()));
                }
                System.out.println(line);
            }
        }
    }

    /** Tensors whose range the method narrows below the min/max one. */
    static int clipped(CalibrationResult calibration, String scheme, RangeMethod method) {
        int n = 0;
        for (String t : calibration.statistics().keySet()) {
            if (calibration.statistics(t).maxAbs() == 0) {
                continue;
            }
            if (scheme.equals("q7")) {
                n += calibration.choose(t, 8, method, 99.99).frac() > calibration.choose(t, 8, RangeMethod.MINMAX, 0).frac() ? 1 : 0;
            } else {
                n += new CalibratedRanges(calibration, method, 99.99, 8).range(t).note() != null ? 1 : 0;
            }
        }
        return n;
    }
}
