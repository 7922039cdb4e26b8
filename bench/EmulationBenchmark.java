import io.cmsisnn.backend.FixedPointBackend;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.emulation.FixedPointEmulator;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.Conversion;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.pipeline.Scheme;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Samples per second of the bit-exact s8 and q7 network emulators, one thread and all cores, plus a
 * checksum of every output code (it must not change when the kernels get faster).
 *
 * <p>Usage: {@code java -cp cmsis-core/target/classes:<classpath> bench/EmulationBenchmark.java model
 * calibration-data test-data [samples] [rounds] [schemes]}, e.g. the Fashion-MNIST CNN with the
 * Fashion-MNIST train and t10k images, 2000 samples, 5 rounds (the best is printed), "s8,q7".
 */
public class EmulationBenchmark {
    public static void main(String[] args) {
        Path model = Path.of(args[0]);
        Path calibration = Path.of(args[1]);
        Path test = Path.of(args[2]);
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        String[] schemes = (args.length > 5 ? args[5] : "s8,q7").split(",");
        for (String scheme : schemes) {
            ConversionSettings settings = ConversionSettings.builder(model).scheme(Scheme.parse(scheme))
                    .calibrationData(calibration).inputScale(1 / 255.0).calibrationSamples(500).build();
            Conversion conversion = new Generator(BuildLog.SILENT).convert(settings);
            float[][] inputs = InputPreparer.samples(DataFiles.read(test, null), conversion.lowered().inputShape(), 1 / 255.0,
                    0.0, test.toString(), samples);
            FixedPointEmulator emu = ((FixedPointBackend) conversion.backend()).emulator();
            Function<float[], int[]> run = x -> emu.run(emu.quantizeInput(x));
            long checksum = 0;
            for (float[] in : inputs) {
                checksum = checksum * 31 + Arrays.hashCode(run.apply(in)); // also the warm-up
            }
            double single = 0;
            double parallel = 0;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (float[] in : inputs) {
                    run.apply(in);
                }
                single = Math.max(single, inputs.length / ((System.nanoTime() - t0) / 1e9));
                t0 = System.nanoTime();
                IntStream.range(0, inputs.length).parallel().forEach(i -> run.apply(inputs[i]));
                parallel = Math.max(parallel, inputs.length / ((System.nanoTime() - t0) / 1e9));
            }
            System.out.printf("emulation_samples_per_second_%s: %.0f%n", scheme, single);
            System.out.printf("emulation_samples_per_second_%s_all_cores: %.0f%n", scheme, parallel);
            System.out.printf("emulation_cores: %d%n", Runtime.getRuntime().availableProcessors());
            System.out.printf("emulation_samples_%s: %d%n", scheme, inputs.length);
            System.out.printf("emulation_output_checksum_%s: %016x%n", scheme, checksum);
        }
    }
}
