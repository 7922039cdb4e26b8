import io.cmsisnn.backend.AffineBackend;
import io.cmsisnn.backend.SchemeBackend;
import io.cmsisnn.emulation.AffineNetworkEmulator;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
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
import io.cmsisnn.data.TestSet;
import io.cmsisnn.report.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The wide-range Concat fixture of issue #15 (fixtures/precision): per scheme, the float engine's
 * top-1 on the 10,000 Fashion-MNIST test images, the emulated (bit-exact with the compiled C)
 * top-1, the drop in points, the activation RAM, and every layer's SNR against the float network
 * on the first 500 test images (for s8/s16 also the Concat's SNR per channel group), all with the
 * plugin's default settings (as DepthwiseDrops).
 * Usage: model.onnx fashion-dir [schemes, comma-separated; default q7,q15,s8,s16]
 */
public class PrecisionDrops {
    public static void main(String[] args) {
        Path model = Path.of(args[0]);
        Path fashion = Path.of(args[1]);
        String[] schemes = (args.length > 2 ? args[2] : "q7,q15,s8,s16").split(",");
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("no model " + model);
        }
        Path calib = fashion.resolve("train-images-idx3-ubyte.gz");
        Path testX = fashion.resolve("t10k-images-idx3-ubyte.gz");
        Path testY = fashion.resolve("t10k-labels-idx1-ubyte.gz");
        double scale = 1 / 255.0;
        float[][] x = null;
        int[] y = null;
        Graph imported = null;
        long floatRight = 0;
        for (String scheme : schemes) {
            // the plugin's defaults (AbstractCmsisMojo): minmax, 1,000 calibration samples, equalization and
            // bias correction on, per-channel weights, default rounding
            ConversionSettings settings = ConversionSettings.builder(model).scheme(Scheme.parse(scheme)).calibrationData(calib)
                    .inputScale(scale).calibrationSamples(1000).build();
            Conversion conv = new Generator(BuildLog.SILENT).convert(settings);
            if (imported == null) {
                imported = conv.imported();
                x = InputPreparer.samples(DataFiles.read(testX, null), imported.inputShape(), scale, 0.0, testX.toString());
                y = Labels.labels(DataFiles.read(testY, null), x.length, testY.toString());
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
                    + "%d calibration samples), activation RAM %d bytes, scratch %d bytes%n", model.getFileName(), scheme,
                    floatRight / (double) x.length, right / (double) x.length, 100.0 * (floatRight - right) / x.length,
                    x.length, conv.calibration().samples(), conv.network().activationBytes(),
                    conv.network().scratchBytes());
            printLayers(conv.backend(), imported, x, y);
            if (conv.backend() instanceof AffineBackend affine) {
                printConcatChannels(affine, x);
            }
        }
    }

    /**
     * The Concat's SNR split by channel: its whole-tensor SNR is dominated by the context channel's
     * energy (values up to ~251) and hides what the detail channels (values mostly below 1) lose.
     * Channel 0 is the context channel (train.py concatenates it first); HWC, so element i is channel i % c.
     */
    private static void printConcatChannels(AffineBackend backend, float[][] x) {
        Graph lowered = backend.graph();
        Node concat = lowered.nodes().stream().filter(n -> n.op() instanceof Op.Concat).findFirst().orElseThrow();
        int c = concat.shape().c();
        FloatEngine reference = new FloatEngine(lowered);
        AffineNetworkEmulator emulator = backend.emulator();
        double[] signal = new double[2];
        double[] noise = new double[2];
        for (int s = 0; s < Math.min(500, x.length); s++) {
            float[] ref = reference.runAll(x[s]).get(concat.name());
            float[] emu = emulator.dequantize(concat.name(), emulator.runAll(emulator.quantizeInput(x[s])).get(concat.name()));
            for (int i = 0; i < ref.length; i++) {
                int group = i % c == 0 ? 0 : 1;
                signal[group] += (double) ref[i] * ref[i];
                noise[group] += (double) (ref[i] - emu[i]) * (ref[i] - emu[i]);
            }
        }
        System.out.printf(Locale.ROOT, "    %s by channel (first 500 test samples): context channel 0 SNR %.1f dB, "
                + "detail channels 1..%d SNR %.1f dB%n", concat.name(), 10 * Math.log10(signal[0] / noise[0]), c - 1,
                10 * Math.log10(signal[1] / noise[1]));
    }

    private static void printLayers(SchemeBackend backend, Graph imported, float[][] x, int[] y) {
        int n = Math.min(500, x.length);
        TestSet first = new TestSet(Arrays.copyOf(x, n), Arrays.copyOf(y, n), null, "first " + n + " test samples");
        for (VerificationReport.LayerReport r : backend.layerReports(imported, first, n)) {
            System.out.printf(Locale.ROOT, "    %-28s %-22s out %-16s weights %-12s SNR %s%n", r.name(), r.op(),
                    r.outputFormat(), r.weightFormat(), r.snrDb() == null ? "-" : String.format(Locale.ROOT, "%.1f dB", r.snrDb()));
        }
    }
}
