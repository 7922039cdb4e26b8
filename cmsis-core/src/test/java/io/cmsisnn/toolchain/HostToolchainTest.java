package io.cmsisnn.toolchain;

import static io.cmsisnn.toolchain.CNetworks.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building with gcc and running the harness. */
class HostToolchainTest {
    @TempDir
    Path dir;

    private static final float[] W = {1f, 0f, -1f, 0.5f, 0.5f, 0.5f};

    private static Graph dense() {
        return CNetworks.input(1, 1, 3).then("fc", new Op.Dense(3, 2, W, new float[] {0f, 1f}, Activation.LINEAR), 1, 1, 2).graph();
    }

    @Test
    void missingCompilerSaysWhatToInstall() {
        GeneratedNetwork n = CNetworks.generate(dense());
        assertThatThrownBy(() -> new HostToolchain(dir.resolve("no/such/gcc").toString()).build(n, dir))
                .isInstanceOf(ToolchainException.class)
                .hasMessageStartingWith("gcc not found: install the Debian package gcc (apt-get install gcc)");
    }

    @Test
    void manySamplesInOneRun() {
        CNetworks.assumeGcc();
        Graph g = dense();
        Path exe = new HostToolchain("gcc").build(CNetworks.generate(g), dir);
        float[][] y = new NetworkRunner().run(exe, new float[][] {{1, 2, 3}, {0, 0, 0}, {-1, 4, 2}}, 2, dir);
        assertThat(y).hasNumberOfRows(3);
        assertClose(y[0], -2, 4);
        assertClose(y[1], 0, 1);
        assertClose(y[2], -3, 3.5f);
        assertThat(new NetworkRunner().run(exe, new float[0][], 2, dir)).isEmpty();
    }

    /** Every bias value comes back bit for bit: the literals in n_weights.h are exact. */
    @Test
    void weightLiteralsAreExactInC() {
        float[] values = {0.1f, 1f / 3f, (float) Math.PI, -2.5e-8f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-40f,
            Float.MAX_VALUE, -Float.MAX_VALUE, 16777215f, 123456.79f, 0f, 1.17549421E-38f};
        Graph g = CNetworks.input(1, 1, 1).then("fc", new Op.Dense(1, values.length, new float[values.length], values, Activation.LINEAR),
                1, 1, values.length).graph();
        float[] y = CNetworks.run1(g, dir, 1f);
        for (int i = 0; i < values.length; i++) {
            assertThat(Float.floatToIntBits(y[i])).as("value %d: %s", i, values[i]).isEqualTo(Float.floatToIntBits(values[i]));
        }
    }

    @Test
    void compileErrorsCarryTheCompilerOutput() {
        CNetworks.assumeGcc();
        GeneratedNetwork good = CNetworks.generate(dense());
        Map<String, String> files = new LinkedHashMap<>(good.files());
        files.put("net.c", good.files().get("net.c").replace("float *const arena", "int unused_here = 0;\n    float *const arena"));
        GeneratedNetwork bad = new GeneratedNetwork("net", "f32", files, good.inputShape(), good.outputShape(), 0, 0, 0, good.functions());
        assertThatThrownBy(() -> new HostToolchain("gcc").build(bad, dir)).isInstanceOf(ToolchainException.class)
                .hasMessageContaining("unused_here").hasMessageContaining("net.c").hasMessageContaining("failed");
    }

    @Test
    void failingProgramIsReported() {
        assertThatThrownBy(() -> new NetworkRunner().run(Path.of("/bin/false"), new float[][] {{1f}}, 1, dir))
                .isInstanceOf(ToolchainException.class).hasMessageContaining("exit code 1");
    }

    @Test
    void crashIsReported() throws IOException {
        Path script = dir.resolve("crash.sh");
        Files.writeString(script, "#!/bin/sh\nkill -SEGV $$\n");
        script.toFile().setExecutable(true);
        assertThatThrownBy(() -> new NetworkRunner().run(script, new float[][] {{1f}}, 1, dir))
                .isInstanceOf(ToolchainException.class).hasMessageContaining("signal 11");
    }

    @Test
    void wrongOutputSizeIsReported() {
        CNetworks.assumeGcc();
        Path exe = new HostToolchain("gcc").build(CNetworks.generate(dense()), dir);
        assertThatThrownBy(() -> new NetworkRunner().run(exe, new float[][] {{1, 2, 3}}, 5, dir)).isInstanceOf(ToolchainException.class)
                .hasMessageContaining("8 bytes");
        // an incomplete sample makes the harness fail
        assertThatThrownBy(() -> new NetworkRunner().run(exe, new float[][] {{1, 2}}, 2, dir)).isInstanceOf(ToolchainException.class)
                .hasMessageContaining("incomplete");
    }

    /** The index names the float kernel files, and every listed kernel compiles with -pedantic -Werror. */
    @Test
    void bundledKernelsAreCompleteAndCompileCleanly() throws IOException, InterruptedException {
        List<String> listed = new BundledKernels().files();
        Path tree = Path.of(System.getProperty("user.dir")).resolve("../cmsis-nn/src/main/c").normalize();
        if (Files.isDirectory(tree)) {
            List<String> present;
            try (Stream<Path> s = Files.walk(tree)) {
                present = s.filter(Files::isRegularFile).map(p -> tree.relativize(p).toString().replace('\\', '/'))
                        .filter(p -> !p.equals(BundledKernels.INDEX)).sorted().toList();
            }
            // every listed file exists; every float kernel file is listed (other schemes' files are their owners' to list)
            assertThat(present).containsAll(listed);
            assertThat(listed).containsAll(present.stream().filter(f -> f.contains("_f32")).toList());
        }
        assertThat(listed).contains("Include/cmsis_nn_f32.h");

        CNetworks.assumeGcc();
        BundledKernels.Extracted k = new BundledKernels().extract(dir.resolve("kernels"));
        for (Path source : k.sources()) {
            List<String> cmd = new ArrayList<>(List.of("gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic", "-Wshadow",
                    "-Wconversion", "-I" + k.includeDirectory(), "-c", source.toString(), "-o", dir.resolve("k.o").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as("%s: %s", source.getFileName(), out).isZero();
        }
    }

    /** A network using every op kind compiles with -pedantic too, and its output is a distribution. */
    @Test
    void everyOpInOneNetworkCompilesPedantically() throws IOException, InterruptedException {
        Graph g = CNetworks.input(4, 4, 2)
                .then("pad", new Op.Pad(new Padding(1, 1, 1, 1)), 6, 6, 2)
                .then("conv", new Op.Conv2D(3, 3, 1, 1, 1, 1, Padding.NONE, 2, 4, 2, CNetworks.fill(4 * 9, 0.1f), new float[4],
                        Activation.RELU), 4, 4, 4)
                .then("dw", new Op.DepthwiseConv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 4, 1, CNetworks.fill(36, 0.05f),
                        new float[4], Activation.LINEAR), 4, 4, 4)
                .then("bn", new Op.ScaleShift(new float[] {1f, 2f, 3f, 4f}, new float[] {0f, 0f, 0f, -1f}), 4, 4, 4)
                .then("tanh", new Op.ActivationOp(Activation.TANH), 4, 4, 4)
                .then("max", new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false), 2, 2, 4)
                .then("up", new Op.Upsample(2, 2), 4, 4, 4)
                .node("res", new Op.Add(), new Shape(4, 4, 4), "up", "tanh")
                .node("cat", new Op.Concat(Op.Axis.C), new Shape(4, 4, 8), "res", "bn")
                .then("avg", new Op.Pool2D(Op.PoolKind.AVERAGE, 2, 2, 2, 2, Padding.NONE, false), 2, 2, 8)
                .then("leaky", new Op.ActivationOp(Activation.leakyRelu(0.2f)), 2, 2, 8)
                .then("sig", new Op.ActivationOp(Activation.SIGMOID), 2, 2, 8)
                .then("gap", new Op.GlobalPool(Op.PoolKind.AVERAGE), 1, 1, 8)
                .then("flat", new Op.Reshape(new Shape(1, 1, 8)), 1, 1, 8)
                .then("fc", new Op.Dense(8, 3, CNetworks.fill(24, 0.3f), new float[] {0f, 1f, 2f}, Activation.LINEAR), 1, 1, 3)
                .then("sm", new Op.Softmax(), 1, 1, 3)
                .graph();
        float[] y = CNetworks.run1(g, dir.resolve("run"), CNetworks.range(0, 32));
        // equal rows of fc give logits z, z+1, z+2: softmax of [0, 1, 2]
        assertClose(y, 0.0900306f, 0.2447285f, 0.6652410f);

        Path src = dir.resolve("run/network");
        Path kernels = dir.resolve("run/kernels");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-Wshadow",
                "-I" + kernels.resolve("Include"), "-I" + src, "-c", src.resolve("net.c").toString(), "-o", dir.resolve("net.o").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
