import io.cmsisnn.backend.Outputs;
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
import io.cmsisnn.quant.LayerPrecision;
import io.cmsisnn.toolchain.CortexMTarget;
import io.cmsisnn.toolchain.CrossBuild;
import io.cmsisnn.toolchain.CrossToolchain;
import io.cmsisnn.toolchain.HostToolchain;
import io.cmsisnn.toolchain.NetworkRunner;
import io.cmsisnn.toolchain.QemuRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * s8 with layers widened to 16x8 (layerPrecision) against pure s8 and pure s16 on the depthwise
 * Fashion-MNIST fixture (issue #15): per configuration the emulated top-1 on the full test set, the
 * drop from float in points, the activation arena and scratch bytes, and whether the host-compiled C
 * (gcc, bundled kernels) gives the emulation's output codes on every test sample, and, for the mixed
 * networks, whether the same C built for a Cortex-M4 (arm-none-eabi-gcc, QEMU) does on the first 500. The widened layers
 * are those with the lowest s8 SNR in bench/depthwise-drops-cle-2026-12-02.txt. Plugin defaults
 * otherwise (minmax, 1,000 calibration samples, default rounding, per-channel weights).
 * Usage: fixtures-dir fashion-dir
 */
public class MixedPrecisionDrops {
    record Config(String name, Scheme scheme, List<String> widened) {
    }

    static final int M4_SAMPLES = 500;

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]).resolve("dwsep_fashion.onnx");
        Path fashion = Path.of(args[1]);
        Path calib = fashion.resolve("train-images-idx3-ubyte.gz");
        Path xs = fashion.resolve("t10k-images-idx3-ubyte.gz");
        Path ys = fashion.resolve("t10k-labels-idx1-ubyte.gz");
        List<Config> configs = List.of(
                new Config("s8", Scheme.S8, List.of()),
                new Config("s8 + 1 s16 layer", Scheme.S8, List.of("/blocks/blocks.2/pw/Conv")),
                new Config("s8 + 2 s16 layers", Scheme.S8, List.of("/blocks/blocks.2/pw/Conv", "/blocks/blocks.2/Add")),
                new Config("s8 + block 2 in s16", Scheme.S8, List.of("/blocks/blocks.2/relu/Relu", "/blocks/blocks.2/pw/Conv",
                        "/blocks/blocks.2/Add")),
                new Config("s16", Scheme.S16, List.of()));
        Graph imported = null;
        float[][] x = null;
        int[] y = null;
        long floatRight = 0;
        Path work = Files.createTempDirectory("mixed-precision-");
        for (Config c : configs) {
            Map<String, LayerPrecision> precision = new LinkedHashMap<>();
            c.widened().forEach(l -> precision.put(l, LayerPrecision.S16));
            ConversionSettings settings = ConversionSettings.builder(model).scheme(c.scheme()).calibrationData(calib)
                    .inputScale(1 / 255.0).calibrationSamples(1000).layerPrecision(precision).build();
            Conversion conv = new Generator(BuildLog.SILENT).convert(settings);
            if (imported == null) {
                imported = conv.imported();
                x = InputPreparer.samples(DataFiles.read(xs, null), imported.inputShape(), 1 / 255.0, 0.0, xs.toString());
                y = Labels.labels(DataFiles.read(ys, null), x.length, ys.toString());
                FloatEngine engine = new FloatEngine(imported);
                float[][] xx = x;
                int[] yy = y;
                floatRight = IntStream.range(0, x.length).parallel().filter(i -> Metrics.argmax(engine.run(xx[i])) == yy[i]).count();
                System.out.printf(Locale.ROOT, "dwsep_fashion float top-1 %.4f (%d test samples)%n", floatRight / (double) x.length,
                        x.length);
            }
            Outputs emulated = conv.backend().emulate(x, (n, f) -> IntStream.range(0, n).parallel().mapToObj(f)
                    .toArray(float[][]::new));
            int[] yy = y;
            long right = IntStream.range(0, x.length).filter(i -> Metrics.argmax(emulated.values()[i]) == yy[i]).count();
            Path dir = Files.createDirectories(work.resolve(c.name().replaceAll("[^a-z0-9]", "_")));
            Path exe = new HostToolchain("gcc").build(conv.network(), dir);
            float[][] compiled = new NetworkRunner().run(exe, x, conv.network().outputShape().size(), dir);
            long mismatched = IntStream.range(0, x.length).filter(i -> !Arrays.equals(compiled[i], emulated.raw()[i])).count();
            System.out.printf(Locale.ROOT, "%-20s top-1 %.4f drop %5.2f points  activations %6d B  scratch %5d B  weights %6d B  "
                            + "host-compiled vs emulated: %d of %d samples differ%n", c.name(), right / (double) x.length,
                    100.0 * (floatRight - right) / x.length, conv.network().activationBytes(), conv.network().scratchBytes(),
                    conv.network().weightBytes(), mismatched, x.length);
            if (!c.widened().isEmpty()) {
                System.out.println("    widened: " + String.join(", ", c.widened()));
                // the same C for a Cortex-M4 under QEMU, on the first test images (QEMU runs them one process at a time)
                float[][] first = Arrays.copyOf(x, M4_SAMPLES);
                Path m4 = Files.createDirectories(dir.resolve("m4"));
                CrossBuild build = new CrossToolchain(CortexMTarget.named("cortex-m4")).build(conv.network(), m4.resolve("build"));
                float[][] onM4 = new QemuRunner().run(build, first, conv.network().outputShape().size(), m4.resolve("run")).outputs();
                long m4Mismatched = IntStream.range(0, M4_SAMPLES).filter(i -> !Arrays.equals(onM4[i], emulated.raw()[i])).count();
                System.out.printf(Locale.ROOT, "    cortex-m4 (QEMU mps2-an386) vs emulated: %d of %d samples differ%n", m4Mismatched,
                        M4_SAMPLES);
            }
        }
    }
}
