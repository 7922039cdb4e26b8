import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.importer.ModelImporter;
import io.cmsisnn.passes.GraphLowering;
import java.nio.file.Path;
import java.util.stream.IntStream;

/** Samples per second of the Java float engine, one thread and all cores. Usage: model data scale. */
public class EngineBenchmark {
    public static void main(String[] args) {
        Graph graph = new GraphLowering().lower(new ModelImporter().load(Path.of(args[0])));
        float[][] inputs = InputPreparer.samples(DataFiles.read(Path.of(args[1]), null), graph.inputShape(),
                Double.parseDouble(args[2]), 0.0, args[1]);
        FloatEngine engine = new FloatEngine(graph);
        for (int i = 0; i < Math.min(500, inputs.length); i++) {
            engine.run(inputs[i]); // warm-up: let the JIT compile the kernels
        }
        long t0 = System.nanoTime();
        for (float[] in : inputs) {
            engine.run(in);
        }
        double single = inputs.length / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        IntStream.range(0, inputs.length).parallel().forEach(i -> engine.run(inputs[i]));
        double parallel = inputs.length / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("Java float engine, %s: %.0f samples/s on 1 thread, %.0f samples/s on %d cores%n",
                graph.name(), single, parallel, Runtime.getRuntime().availableProcessors());
    }
}
