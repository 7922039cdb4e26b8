import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.Labels;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.passes.CrossLayerEqualization;
import io.cmsisnn.passes.GraphLowering;
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
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Cross-layer equalization off and on, for the shared models it changes (issue #15): per scheme,
 * top-1 against the labels where the data has them and the output SNR against the float model,
 * with DepthwiseDrops' settings (minmax, 1,000 calibration samples spread over the data file).
 * Models without an eligible pair convert to the same network either way and are only listed.
 * Usage: shared-dir.
 */
public class EqualizationEffects {
    /** @param labels label file, or null (SNR only); @param data null: seeded random samples of the model's input shape */
    record Case(String model, String data, String key, String labels, String labelKey, double scale) {
    }

    static final String[] SCHEMES = {"q7", "q15", "s8", "s16"};
    static final String FASHION = "/usr/share/datasets/fashion-mnist/";

    public static void main(String[] args) throws IOException {
        Path shared = Path.of(args[0]);
        Case[] cases = {
            new Case("models/keras/st_har_cnn1d.h5", "datasets/st_har/har_frames_x.npy", null, "datasets/st_har/har_frames_y.npy", null, 1.0),
            new Case("models/keras/tiny_str_ww.h5", "datasets/mlcommons_tiny/str_ww_calibration_samples.npz", "specs",
                    "datasets/mlcommons_tiny/str_ww_calibration_samples.npz", "labels", 1.0),
            new Case("models/keras/tiny_ic_resnet8.h5", null, null, null, null, 1.0),
            new Case("models/keras/thiru_fashion_cnn_k3legacy.h5", FASHION + "t10k-images-idx3-ubyte.gz", null,
                    FASHION + "t10k-labels-idx1-ubyte.gz", null, 1 / 255.0),
            new Case("models/keras/umer_fashion_cnn.keras", FASHION + "t10k-images-idx3-ubyte.gz", null,
                    FASHION + "t10k-labels-idx1-ubyte.gz", null, 1 / 255.0),
            new Case("models/keras/shawn_fan_autoencoder.h5", "datasets/shawn_fan/normal_anomaly_test_set.npz", "x_test", null, null, 1.0),
            new Case("models/keras/tiny_ad01_autoencoder.h5", null, null, null, null, 1.0),
            new Case("models/onnx/andrey_mnist_lenet5_pt20.onnx", "datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz", null,
                    "datasets/mnist-test-idx/t10k-labels-idx1-ubyte.gz", null, 1 / 255.0),
            new Case("models/onnx/ccoltong_mnist_lenet_bn_pt13_b10.onnx", "datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz", null,
                    "datasets/mnist-test-idx/t10k-labels-idx1-ubyte.gz", null, 1 / 255.0),
        };
        for (Case c : cases) {
            Path model = shared.resolve(c.model());
            Graph imported = new io.cmsisnn.importer.ModelImporter().read(model, null).graph();
            CrossLayerEqualization.Result eq = new CrossLayerEqualization().equalize(new GraphLowering().lower(imported));
            System.out.println(c.model() + ": " + eq.pairs().size() + " equalized pairs");
            eq.notes().forEach(n -> System.out.println("    " + n));
            if (eq.pairs().isEmpty()) {
                continue;
            }
            Path data = c.data() == null ? randomNpy(imported, 200) : resolve(shared, c.data());
            float[][] x = InputPreparer.samples(DataFiles.read(data, c.key()), imported.inputShape(), c.scale(), 0.0, data.toString());
            int[] y = c.labels() == null ? null
                    : Labels.labels(DataFiles.read(resolve(shared, c.labels()), c.labelKey()), x.length, c.labels());
            FloatEngine engine = new FloatEngine(imported);
            float[][] ref = IntStream.range(0, x.length).parallel().mapToObj(i -> engine.run(x[i])).toArray(float[][]::new);
            long floatRight = y == null ? 0 : IntStream.range(0, x.length).filter(i -> Metrics.argmax(ref[i]) == y[i]).count();
            for (String scheme : SCHEMES) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-3s", scheme));
                for (boolean on : new boolean[] {false, true}) {
                    ConversionSettings s = ConversionSettings.builder(model).scheme(Scheme.parse(scheme)).calibrationData(data)
                            .dataKey(c.key()).inputScale(c.scale()).calibrationSamples(1000).equalization(on).build();
                    Conversion conv = new Generator(BuildLog.SILENT).convert(s);
                    float[][] out = conv.backend().emulate(x, (n, f) -> IntStream.range(0, n).parallel().mapToObj(f)
                            .toArray(float[][]::new)).values();
                    line.append(on ? "  | equalized: " : "  off: ");
                    if (y != null) {
                        long right = IntStream.range(0, x.length).filter(i -> Metrics.argmax(out[i]) == y[i]).count();
                        line.append(String.format(Locale.ROOT, "top-1 %.4f (float %.4f, drop %.2f) ", right / (double) x.length,
                                floatRight / (double) x.length, 100.0 * (floatRight - right) / x.length));
                    }
                    line.append(String.format(Locale.ROOT, "output SNR %.1f dB", snr(ref, out)));
                }
                System.out.println(line + String.format(Locale.ROOT, "  (%d samples)", x.length));
            }
        }
    }

    static Path resolve(Path shared, String file) {
        return file.startsWith("/") ? Path.of(file) : shared.resolve(file);
    }

    static double snr(float[][] ref, float[][] out) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < ref.length; i++) {
            for (int k = 0; k < ref[i].length; k++) {
                signal += (double) ref[i][k] * ref[i][k];
                double d = (double) ref[i][k] - out[i][k];
                noise += d * d;
            }
        }
        return 10 * Math.log10(signal / noise);
    }

    /** {@code count} seeded uniform [-1, 1) samples of the model's HWC input as a float32 .npy in /tmp. */
    static Path randomNpy(Graph g, int count) throws IOException {
        int per = g.inputShape().size();
        SplittableRandom r = new SplittableRandom(7);
        ByteBuffer body = ByteBuffer.allocate(count * per * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count * per; i++) {
            body.putFloat((float) (r.nextDouble() * 2 - 1));
        }
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d, %d, %d), }",
                count, g.inputShape().h(), g.inputShape().w(), g.inputShape().c());
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        head.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        Path out = Files.createTempFile("cle-random-", ".npy");
        out.toFile().deleteOnExit();
        byte[] all = new byte[head.capacity() + body.capacity()];
        System.arraycopy(head.array(), 0, all, 0, head.capacity());
        System.arraycopy(body.array(), 0, all, head.capacity(), body.capacity());
        Files.write(out, all);
        return out;
    }
}
