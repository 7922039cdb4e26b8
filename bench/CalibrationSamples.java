import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.Labels;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.Conversion;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.pipeline.Scheme;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Emulated top-1 (bit-exact with the compiled network) against the number of calibration samples,
 * for choosing calibrationSamples' default. Prints one line per model, scheme and count.
 * Usage: shared-dir fashion-dir counts... (0 = all)
 */
public class CalibrationSamples {
    record Case(String name, Path model, Path calib, Path x, Path y, double scale) {
    }

    public static void main(String[] args) {
        Path shared = Path.of(args[0]);
        Path fashion = Path.of(args[1]);
        int[] counts = new int[args.length - 2];
        for (int i = 2; i < args.length; i++) {
            counts[i - 2] = Integer.parseInt(args[i]);
        }
        Case[] cases = {
            new Case("thiru", shared.resolve("models/keras/thiru_fashion_cnn_k3legacy.h5"), fashion.resolve("train-images-idx3-ubyte.gz"),
                    fashion.resolve("t10k-images-idx3-ubyte.gz"), fashion.resolve("t10k-labels-idx1-ubyte.gz"), 1 / 255.0),
            new Case("umer", shared.resolve("models/keras/umer_fashion_cnn.keras"), fashion.resolve("train-images-idx3-ubyte.gz"),
                    fashion.resolve("t10k-images-idx3-ubyte.gz"), fashion.resolve("t10k-labels-idx1-ubyte.gz"), 1 / 255.0),
            // HAR: calibrated on the RNN training split's complement is not available as a file; the frames themselves
            new Case("har", shared.resolve("models/keras/st_har_cnn1d.h5"), shared.resolve("datasets/st_har/har_frames_x.npy"),
                    shared.resolve("datasets/st_har/har_frames_x.npy"), shared.resolve("datasets/st_har/har_frames_y.npy"), 1.0),
        };
        for (Case c : cases) {
            for (String scheme : new String[] {"s8", "q7"}) {
                for (int n : counts) {
                    ConversionSettings s = ConversionSettings.builder(c.model()).scheme(Scheme.parse(scheme))
                            .calibrationData(c.calib()).inputScale(c.scale()).calibrationSamples(n).build();
                    long t0 = System.nanoTime();
                    Conversion conv = new Generator(BuildLog.SILENT).convert(s);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    var graph = conv.imported();
                    float[][] x = InputPreparer.samples(DataFiles.read(c.x(), null), graph.inputShape(), c.scale(), 0.0, c.x().toString());
                    int[] y = Labels.labels(DataFiles.read(c.y(), null), x.length, c.y().toString());
                    FloatEngine engine = new FloatEngine(graph);
                    long floatRight = IntStream.range(0, x.length).parallel().filter(i -> Metrics.argmax(engine.run(x[i])) == y[i]).count();
                    float[][] emulated = conv.backend().emulate(x, (k, f) -> IntStream.range(0, k).parallel().mapToObj(f)
                            .toArray(float[][]::new)).values();
                    long right = IntStream.range(0, x.length).filter(i -> Metrics.argmax(emulated[i]) == y[i]).count();
                    System.out.printf(Locale.ROOT, "%s %s calibrationSamples %d: float %.4f emulated %.4f drop %.2f points (convert %.1f s)%n",
                            c.name(), scheme, conv.calibration().samples(), floatRight / (double) x.length, right / (double) x.length,
                            100.0 * (floatRight - right) / x.length, seconds);
                }
            }
        }
    }
}
