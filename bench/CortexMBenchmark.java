import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.graph.LayerCost;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.Conversion;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.toolchain.CortexMTarget;
import io.cmsisnn.toolchain.CrossBuild;
import io.cmsisnn.toolchain.CrossToolchain;
import io.cmsisnn.toolchain.MemoryFootprint;
import io.cmsisnn.toolchain.QemuRunner;
import io.cmsisnn.toolchain.TargetRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Instructions per inference (counted by QEMU with -icount), MACs per instruction and memory of a
 * model's generated network on emulated Cortex-M CPUs. Prints figures, asserts nothing.
 * Usage: model scheme data [inputScale [samples [target,target...]]]; fixed-point schemes calibrate
 * on up to 500 samples of the data file.
 */
public class CortexMBenchmark {
    public static void main(String[] args) throws IOException {
        Path model = Path.of(args[0]);
        String scheme = args[1];
        Path data = Path.of(args[2]);
        double scale = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
        int samples = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        List<String> targets = args.length > 5 ? List.of(args[5].split(",")) : List.of("cortex-m4", "cortex-m55");
        Path work = Files.createTempDirectory("cmsis-cortex-m-bench");
        try {
            for (String name : targets) {
                CortexMTarget target = CortexMTarget.named(name);
                // q7/q15 pooling follows the kernel path the target takes
                ConversionSettings settings = new ConversionSettings(model, scheme, null, data, null, scale, 0.0,
                        new ConversionSettings.Quantization("minmax", 99.99, 500, target.legacyDspPath()));
                Conversion c = new Generator(BuildLog.SILENT).convert(settings);
                long macs = c.lowered().nodes().stream().mapToLong(LayerCost::macs).sum();
                float[][] all = InputPreparer.samples(DataFiles.read(data, null), c.network().inputShape(), scale, 0.0, data.toString());
                float[][] inputs = new float[Math.min(samples, all.length)][];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = all[(int) ((long) i * all.length / inputs.length)];
                }
                CrossBuild build = new CrossToolchain(target).build(c.network(), work.resolve(name));
                TargetRun run = new QemuRunner().run(build, inputs, c.network().outputShape().size(), work.resolve(name + "-run"));
                long min = java.util.Arrays.stream(run.instructions()).min().orElse(0);
                MemoryFootprint m = build.footprint();
                System.out.printf("%s %s on %s (QEMU %s, %d samples): %,.0f instructions per inference (min %,d, max %,d), "
                                + "%,d MACs, %.3f MACs per instruction%n", model.getFileName(), scheme, name, target.qemuMachine(),
                        inputs.length, run.meanInstructions(), min, run.maxInstructions(), macs, run.macsPerInstruction(macs));
                System.out.printf("  memory: code %,d B (network and kernels), weights %,d B, activations %,d B, scratch %,d B; "
                                + "whole test program: code %,d B, read-only %,d B, data %,d B, bss %,d B%n", m.codeBytes(), m.weightBytes(),
                        m.activationBytes(), m.scratchBytes(), m.program().code(), m.program().readOnlyData(), m.program().data(),
                        m.program().bss());
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
