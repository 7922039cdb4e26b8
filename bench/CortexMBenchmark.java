import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Scheme;
import io.cmsisnn.pipeline.VerificationSettings;
import io.cmsisnn.pipeline.Verifier;
import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.toolchain.Target;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Every shared model that imports, through {@code verify} on emulated Cortex-M CPUs: whether the
 * compiled outputs are bit-exact with the emulation, instructions per inference (counted by QEMU),
 * MACs per instruction, and memory from the ELF file. Prints figures, asserts nothing.
 * Usage: shared-dir [samples [targets [schemes [model-filter [cmsisNnDirectory]]]]]; a scheme may name its
 * rounding mode (s8/single), a target may be {@code host}, and samples 0 means the whole test set.
 * Models without a data set here (resnet8, ad01) run on seeded random inputs and calibrate on them.
 */
public class CortexMBenchmark {
    private record Case(String model, String data, String labels, String dataKey, double scale, String calibration) {
    }

    public static void main(String[] args) throws IOException {
        Path shared = Path.of(args[0]);
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<String> targets = List.of((args.length > 2 ? args[2] : "cortex-m4,cortex-m55").split(","));
        List<String> schemes = List.of((args.length > 3 ? args[3] : "f32,q7,q15").split(","));
        String filter = args.length > 4 ? args[4] : "";
        Path cmsisNn = args.length > 5 && !args[5].isBlank() ? Path.of(args[5]) : null;
        String fashion = "/usr/share/datasets/fashion-mnist/";
        String mnist = "datasets/mnist-test-idx/t10k-";
        List<Case> cases = List.of(
                new Case("models/keras/thiru_fashion_cnn_k3legacy.h5", fashion + "t10k-images-idx3-ubyte.gz",
                        fashion + "t10k-labels-idx1-ubyte.gz", null, 1 / 255.0, fashion + "train-images-idx3-ubyte.gz"),
                new Case("models/keras/umer_fashion_cnn.keras", fashion + "t10k-images-idx3-ubyte.gz",
                        fashion + "t10k-labels-idx1-ubyte.gz", null, 1 / 255.0, fashion + "train-images-idx3-ubyte.gz"),
                new Case("models/keras/st_har_cnn1d.h5", "datasets/st_har/har_frames_x.npy", "datasets/st_har/har_frames_y.npy", null,
                        1.0, "datasets/st_har/har_frames_x.npy"),
                new Case("models/keras/tiny_str_ww.h5", "datasets/mlcommons_tiny/str_ww_calibration_samples.npz",
                        "datasets/mlcommons_tiny/str_ww_calibration_samples.npz", "specs", 1.0,
                        "datasets/mlcommons_tiny/str_ww_calibration_samples.npz"),
                new Case("models/keras/shawn_fan_autoencoder.h5", "datasets/shawn_fan/normal_anomaly_test_set.npz", null, "x_test", 1.0,
                        "datasets/shawn_fan/normal_anomaly_test_set.npz"),
                new Case("models/keras/tiny_ic_resnet8.h5", null, null, null, 1.0, "random:32,32,3"),
                new Case("models/keras/tiny_ad01_autoencoder.h5", null, null, null, 1.0, "random:640"),
                new Case("models/onnx/andrey_mnist_lenet5_pt20.onnx", mnist + "images-idx3-ubyte.gz", mnist + "labels-idx1-ubyte.gz",
                        null, 1 / 255.0, mnist + "images-idx3-ubyte.gz"),
                new Case("models/onnx/ccoltong_mnist_lenet_bn_pt13_b10.onnx", mnist + "images-idx3-ubyte.gz",
                        mnist + "labels-idx1-ubyte.gz", null, 1 / 255.0, mnist + "images-idx3-ubyte.gz"));
        Path work = Files.createTempDirectory("cmsis-cortex-m-bench");
        System.out.printf("%-40s %-11s %-10s %8s %-22s %16s %10s %9s %9s %9s %8s%n", "model", "", "target", "samples", "compiled vs emulation",
                "instr/inference", "MACs/instr", "code B", "weights B", "activ. B", "scratch");
        try {
            for (Case c : cases) {
                if (!c.model().contains(filter)) {
                    continue;
                }
                for (String scheme : schemes) {
                    for (String target : targets) {
                        run(shared, c, scheme, target.strip(), samples, cmsisNn, work);
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path shared, Case c, String schemeAndRounding, String target, int samples, Path cmsisNn, Path work)
            throws IOException {
        String scheme = schemeAndRounding.split("/")[0];
        String rounding = schemeAndRounding.contains("/") ? schemeAndRounding.split("/")[1] : "default";
        Path model = shared.resolve(c.model());
        Path data = c.data() == null ? null : shared.resolve(c.data());
        Path labels = c.labels() == null ? null : shared.resolve(c.labels());
        Path calibration = c.calibration().startsWith("random:") ? randomNpy(c.calibration().substring(7), work)
                : shared.resolve(c.calibration());
        Path dir = work.resolve(model.getFileName() + "-" + scheme + "-" + rounding + "-" + target);
        ConversionSettings settings = ConversionSettings.builder(model).scheme(Scheme.parse(scheme))
                .calibrationData(scheme.equals("f32") ? null : calibration).dataKey(c.dataKey()).inputScale(c.scale())
                .calibrationSamples(1000).roundingMode(RoundingMode.parse(rounding)).build();
        try {
            VerificationReport r = new Verifier(BuildLog.SILENT).verify(settings, VerificationSettings.builder().testData(data)
                    .testLabels(labels).labelKey(c.dataKey() == null ? null : "labels")
                    .testSamples(samples == 0 ? null : samples).randomSamples(samples == 0 ? 100 : samples)
                    .maxAccuracyDrop(100.0).target(Target.parse(target)).cmsisNnDirectory(scheme.equals("f32") ? null : cmsisNn)
                    .workDirectory(dir.resolve("work")).reportDirectory(dir.resolve("report")).build());
            VerificationReport.CompiledResult cr = r.compiled();
            VerificationReport.Memory m = r.memory();
            String top1 = r.compiled().top1() == null ? "" : String.format(java.util.Locale.ROOT, " top-1 %.4f (float %.4f)",
                    r.compiled().top1(), r.floatResult().top1());
            System.out.printf("%-40s %-11s %-10s %8d %-22s %16s %10s %9s %,9d %,9d %,8d%s%n", model.getFileName(), schemeAndRounding, target,
                    r.samples(),
                    cr.mismatchedSamples() == 0 ? (cr.bitExactWithEmulation() ? "bit-exact" : "within 1e-4") : cr.mismatchedSamples() + " differ",
                    cr.instructionsPerInference() == null ? "-" : String.format(java.util.Locale.ROOT, "%,.0f", cr.instructionsPerInference()),
                    cr.macsPerInstruction() == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", cr.macsPerInstruction()),
                    m.codeBytes() == null ? "-" : String.format(java.util.Locale.ROOT, "%,d", m.codeBytes()), m.weightBytes(),
                    m.activationBytes(), m.scratchBytes(), top1);
        } catch (RuntimeException e) {
            System.out.printf("%-40s %-11s %-10s FAILED: %s%n", model.getFileName(), schemeAndRounding, target,
                    e.getMessage().lines().filter(l -> l.contains("error") || !l.startsWith(" ")).limit(4)
                            .collect(java.util.stream.Collectors.joining(" | ")));
        }
    }

    /** 64 seeded uniform [-1, 1) samples of the given per-sample shape, as a float32 .npy file. */
    private static Path randomNpy(String shape, Path work) throws IOException {
        String[] dims = shape.split(",");
        int per = 1;
        for (String d : dims) {
            per *= Integer.parseInt(d);
        }
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (64, " + String.join(", ", dims) + "), }";
        header = header + " ".repeat((64 - (10 + header.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * 64 * per).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        Random random = new Random(7);
        for (int i = 0; i < 64 * per; i++) {
            b.putFloat((float) (random.nextDouble() * 2 - 1));
        }
        Path file = work.resolve("random-" + shape.replace(',', 'x') + ".npy");
        Files.write(file, b.array());
        return file;
    }
}
