import io.cmsisnn.backend.SchemeBackend;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.Labels;
import io.cmsisnn.data.TestSet;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.Conversion;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.pipeline.Scheme;
import io.cmsisnn.report.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Issue #15: s8 against s16 top-1 drops on the shared classifiers with dense layers and the
 * depthwise fixtures, with the plugin's defaults (minmax, 1,000 calibration samples, per-channel
 * weights, default rounding), emulated (bit-exact with the compiled C) on the whole test sets,
 * with each network's activation arena and scratch bytes.
 * Usage: fixtures-dir shared-dir fashion-dir [extra.onnx (a Fashion-MNIST classifier)] [layers] [only=NAME]
 * (layers: also each layer's weight scales and SNR on the first 500 test samples; only: the cases
 * whose name starts with NAME). It borrows
 * {@code DepthwiseDrops}' HAR calibration frames, so compile the two together:
 * {@code javac -cp CP -d /tmp/bench bench/DepthwiseDrops.java bench/S16DenseDrops.java}, then
 * {@code java -cp /tmp/bench:CP S16DenseDrops fixtures/depthwise ../shared /usr/share/datasets/fashion-mnist}.
 */
public class S16DenseDrops {
    record Case(String name, Path model, Path calib, Path x, Path y, double scale) {
    }

    static final String[] SCHEMES = {"s8", "s16"};

    static ConversionSettings settings(Case c, String scheme) {
        return ConversionSettings.builder(c.model()).scheme(Scheme.parse(scheme)).calibrationData(c.calib()).inputScale(c.scale())
                .calibrationSamples(1000).build();
    }

    public static void main(String[] args) throws IOException {
        Path fixtures = Path.of(args[0]);
        Path shared = Path.of(args[1]);
        Path fashion = Path.of(args[2]);
        boolean layers = Arrays.asList(args).contains("layers");
        Path fTrain = fashion.resolve("train-images-idx3-ubyte.gz");
        Path fX = fashion.resolve("t10k-images-idx3-ubyte.gz");
        Path fY = fashion.resolve("t10k-labels-idx1-ubyte.gz");
        Path mX = shared.resolve("datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz");
        Path mY = shared.resolve("datasets/mnist-test-idx/t10k-labels-idx1-ubyte.gz");
        Path harX = shared.resolve("datasets/st_har/har_frames_x.npy");
        List<Case> cases = new ArrayList<>(List.of(
                new Case("st_har_cnn1d", shared.resolve("models/keras/st_har_cnn1d.h5"), harX, harX,
                        shared.resolve("datasets/st_har/har_frames_y.npy"), 1.0),
                new Case("thiru_fashion_cnn", shared.resolve("models/keras/thiru_fashion_cnn_k3legacy.h5"), fTrain, fX, fY, 1 / 255.0),
                new Case("umer_fashion_cnn", shared.resolve("models/keras/umer_fashion_cnn.keras"), fTrain, fX, fY, 1 / 255.0),
                new Case("andrey_lenet5", shared.resolve("models/onnx/andrey_mnist_lenet5_pt20.onnx"), mX, mX, mY, 1 / 255.0),
                new Case("ccoltong_lenet_bn", shared.resolve("models/onnx/ccoltong_mnist_lenet_bn_pt13_b10.onnx"), mX, mX, mY, 1 / 255.0),
                new Case("dwsep_fashion", fixtures.resolve("dwsep_fashion.onnx"), fTrain, fX, fY, 1 / 255.0),
                new Case("dwsep_har", fixtures.resolve("dwsep_har.onnx"), DepthwiseDrops.harTrainFrames(shared),
                        shared.resolve("models/onnx/har_rnn_test_x.npy"), shared.resolve("models/onnx/har_rnn_test_y.npy"), 1.0)));
        for (String a : args) {
            if (a.endsWith(".onnx")) {
                cases.add(new Case(Path.of(a).getFileName().toString(), Path.of(a), fTrain, fX, fY, 1 / 255.0));
            }
        }
        String only = Arrays.stream(args).filter(a -> a.startsWith("only=")).map(a -> a.substring(5)).findFirst().orElse("");
        for (Case c : cases) {
            if (!c.name().startsWith(only)) {
                continue;
            }
            if (!Files.isRegularFile(c.model())) {
                System.out.println(c.name() + ": no " + c.model() + ", skipped");
                continue;
            }
            Graph imported = null;
            float[][] x = null;
            int[] y = null;
            long floatRight = 0;
            for (String scheme : SCHEMES) {
                Conversion conv = new Generator(BuildLog.SILENT).convert(settings(c, scheme));
                if (imported == null) {
                    imported = conv.imported();
                    x = InputPreparer.samples(DataFiles.read(c.x(), null), imported.inputShape(), c.scale(), 0.0, c.x().toString());
                    y = Labels.labels(DataFiles.read(c.y(), null), x.length, c.y().toString());
                    FloatEngine engine = new FloatEngine(imported);
                    float[][] xs = x;
                    int[] ys = y;
                    floatRight = IntStream.range(0, x.length).parallel().filter(i -> Metrics.argmax(engine.run(xs[i])) == ys[i])
                            .count();
                }
                float[][] emulated = conv.backend().emulate(x, (n, f) -> IntStream.range(0, n).parallel().mapToObj(f)
                        .toArray(float[][]::new)).values();
                int[] ys = y;
                long right = IntStream.range(0, x.length).filter(i -> Metrics.argmax(emulated[i]) == ys[i]).count();
                GeneratedNetwork net = conv.network();
                System.out.printf(Locale.ROOT, "%-18s %-3s: float %.4f emulated %.4f drop %5.2f points (%d test samples); "
                        + "activations %d B, scratch %d B, weights %d B%n", c.name(), scheme, floatRight / (double) x.length,
                        right / (double) x.length, 100.0 * (floatRight - right) / x.length, x.length, net.activationBytes(),
                        net.scratchBytes(), net.weightBytes());
                if (layers) {
                    printLayers(conv.backend(), imported, x, y);
                }
            }
        }
    }

    private static void printLayers(SchemeBackend backend, Graph imported, float[][] x, int[] y) {
        int n = Math.min(500, x.length);
        TestSet first = new TestSet(Arrays.copyOf(x, n), Arrays.copyOf(y, n), null, "first " + n + " test samples");
        for (VerificationReport.LayerReport r : backend.layerReports(imported, first, n)) {
            System.out.printf(Locale.ROOT, "    %-34s %-22s %-30s weights %-36s SNR %s%n", r.name(), r.op(), r.function(),
                    r.weightFormat(), r.snrDb() == null ? "-" : String.format(Locale.ROOT, "%.1f dB", r.snrDb()));
        }
    }
}
