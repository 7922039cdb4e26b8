import io.cmsisnn.backend.SchemeBackend;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.Labels;
import io.cmsisnn.data.NdArray;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Today's top-1 drops of the depthwise-separable fixtures (issue #15): per model and scheme, the
 * float engine's top-1 on the full test set, the emulated (bit-exact with the compiled C) top-1
 * and the drop in points, with the plugin's default quantization settings.
 * Usage: fixtures-dir shared-dir fashion-dir [layers] (layers: also the per-layer SNR, on 500 test samples).
 */
public class DepthwiseDrops {
    record Case(String name, Path model, Path calib, Path x, Path y, double scale) {
    }

    static final String[] SCHEMES = {"q7", "q15", "s8", "s16"};

    /** The plugin's defaults (AbstractCmsisMojo): minmax, 1,000 calibration samples, no DSP, default rounding, per-channel. */
    static ConversionSettings settings(Case c, String scheme) {
        return ConversionSettings.builder(c.model()).scheme(Scheme.parse(scheme)).calibrationData(c.calib()).inputScale(c.scale())
                .calibrationSamples(1000).build();
    }

    public static void main(String[] args) throws IOException {
        Path fixtures = Path.of(args[0]);
        Path shared = Path.of(args[1]);
        Path fashion = Path.of(args[2]);
        boolean layers = args.length > 3 && args[3].equals("layers");
        Case[] cases = {
            new Case("dwsep_fashion", fixtures.resolve("dwsep_fashion.onnx"), fashion.resolve("train-images-idx3-ubyte.gz"),
                    fashion.resolve("t10k-images-idx3-ubyte.gz"), fashion.resolve("t10k-labels-idx1-ubyte.gz"), 1 / 255.0),
            new Case("dwsep_har", fixtures.resolve("dwsep_har.onnx"), harTrainFrames(shared),
                    shared.resolve("models/onnx/har_rnn_test_x.npy"), shared.resolve("models/onnx/har_rnn_test_y.npy"), 1.0),
        };
        for (Case c : cases) {
            if (!Files.isRegularFile(c.model())) {
                System.out.println(c.name() + ": no " + c.model() + ", skipped");
                continue;
            }
            Graph imported = null;
            float[][] x = null;
            int[] y = null;
            long floatRight = 0;
            for (String scheme : SCHEMES) {
                long t0 = System.nanoTime();
                Conversion conv = new Generator(BuildLog.SILENT).convert(settings(c, scheme));
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (imported == null) {
                    imported = conv.imported();
                    x = InputPreparer.samples(DataFiles.read(c.x(), null), imported.inputShape(), c.scale(), 0.0, c.x().toString());
                    y = Labels.labels(DataFiles.read(c.y(), null), x.length, c.y().toString());
                    FloatEngine engine = new FloatEngine(imported);
                    float[][] xs = x;
                    int[] ys = y;
                    floatRight = IntStream.range(0, x.length).parallel().filter(i -> Metrics.argmax(engine.run(xs[i])) == ys[i]).count();
                }
                float[][] emulated = conv.backend().emulate(x, (n, f) -> IntStream.range(0, n).parallel().mapToObj(f)
                        .toArray(float[][]::new)).values();
                int[] ys = y;
                long right = IntStream.range(0, x.length).filter(i -> Metrics.argmax(emulated[i]) == ys[i]).count();
                System.out.printf(Locale.ROOT, "%s %-3s: float %.4f emulated %.4f drop %.2f points (%d test samples, "
                        + "%d calibration samples, convert %.1f s)%n", c.name(), scheme, floatRight / (double) x.length,
                        right / (double) x.length, 100.0 * (floatRight - right) / x.length, x.length,
                        conv.calibration().samples(), seconds);
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
            System.out.printf(Locale.ROOT, "    %-28s %-22s out %-10s weights %-10s SNR %s%n", r.name(), r.op(),
                    r.outputFormat(), r.weightFormat(), r.snrDb() == null ? "-" : String.format(Locale.ROOT, "%.1f dB", r.snrDb()));
        }
    }

    /** The HAR frames of the training split (the LSTM/GRU models' split) as a float32 .npy in /tmp, for calibration. */
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
        Path out = Files.createTempFile("dwsep-har-train-", ".npy");
        out.toFile().deleteOnExit();
        byte[] all = new byte[head.capacity() + body.capacity()];
        System.arraycopy(head.array(), 0, all, 0, head.capacity());
        System.arraycopy(body.array(), 0, all, head.capacity(), body.capacity());
        Files.write(out, all);
        return out;
    }
}
