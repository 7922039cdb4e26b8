package io.cmsisnn.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.quant.ActivationRanges;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineQuantizer;
import io.cmsisnn.toolchain.BundledKernels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated s8/s16 C: compiles cleanly in the rounding mode it was made for and stops with #error in the other;
 * an s16 softmax carries its two tables.
 */
class AffineCodeGeneratorTest {
    @TempDir
    Path tmp;

    private static AffineNetwork network(boolean single) {
        float[] w = new float[4 * 3 * 3 * 2];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 - 3) / 10f;
        }
        Node conv = new Node("conv", "Conv2D", new Op.Conv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 2, 4, 1, w,
                new float[] {0.1f, 0, -0.1f, 0.2f}, Activation.RELU), List.of("x"), new Shape(4, 4, 4));
        Node pool = new Node("pool", "MaxPooling2D", new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false), List.of("conv"),
                new Shape(2, 2, 4));
        Node sig = new Node("sig", "Activation", new Op.ActivationOp(Activation.SIGMOID), List.of("pool"), new Shape(2, 2, 4));
        Graph g = new Graph("g", "x", new Shape(4, 4, 2), List.of(conv, pool, sig), "sig");
        return new AffineQuantizer().quantize(g, t -> new ActivationRanges.Range(-1f, 2f, null), new AffineQuantizer.Options(8, true,
                single));
    }

    private int compile(GeneratedNetwork net, boolean defineSingle, Path log) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(tmp.resolve("src" + defineSingle));
        for (Map.Entry<String, String> f : net.files().entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        BundledKernels.Extracted k = new BundledKernels().extract(tmp.resolve("kernels"));
        List<String> cmd = new ArrayList<>(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-c", "-I" + k.includeDirectory(),
                "-I" + dir, dir.resolve(net.name() + ".c").toString(), "-o", tmp.resolve("n.o").toString()));
        if (defineSingle) {
            cmd.add(1, "-DCMSIS_NN_USE_SINGLE_ROUNDING");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void compilesInItsRoundingModeAndStopsInTheOther(boolean single) throws Exception {
        GeneratedNetwork net = new AffineCodeGenerator("test").generate(network(single), "tiny", "tiny.h5", List.of());
        assertThat(net.compileDefinitions()).isEqualTo(single ? List.of("CMSIS_NN_USE_SINGLE_ROUNDING") : List.of());
        assertThat(net.files().get("tiny.c")).contains("arm_convolve_wrapper_s8(&ctx, &params, &quant")
                .contains("arm_max_pool_s8(").contains("CMSIS_NN_PROFILE_LAYER(2);");
        Path ok = tmp.resolve("ok.log");
        assertThat(compile(net, single, ok)).as(Files.readString(ok)).isZero();
        Path bad = tmp.resolve("bad.log");
        assertThat(compile(net, !single, bad)).isNotZero();
        assertThat(Files.readString(bad)).contains("#error").contains("roundingMode " + (single ? "single" : "default"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void s16SoftmaxEmitsItsTablesAndCompiles(boolean single) throws Exception {
        Node fc = new Node("fc", "Dense", new Op.Dense(4, 3, new float[] {0.5f, -0.25f, 0.1f, 0.3f, -0.7f, 0.2f, 0.9f, 0.05f, -0.4f, 0.6f,
                0.8f, -0.1f}, new float[] {0.1f, 0, -0.2f}, Activation.LINEAR), List.of("x"), Shape.vector(3));
        Node sm = new Node("probs", "Softmax", new Op.Softmax(), List.of("fc"), Shape.vector(3));
        Graph g = new Graph("g", "x", Shape.vector(4), List.of(fc, sm), "probs");
        AffineNetwork net16 = new AffineQuantizer().quantize(g, t -> new ActivationRanges.Range(-2f, 2f, null),
                new AffineQuantizer.Options(16, true, single));
        GeneratedNetwork net = new AffineCodeGenerator("test").generate(net16, "tiny16", "tiny16.h5", List.of());
        // exp(-10) entry 2 (midpoint correction) first, 1/(1+x) at x = 0 saturated to 32767 first
        assertThat(net.files().get("tiny16_weights.h")).contains("static const int16_t TINY16_L2_EXP_LUT[513] = {\n    2, ")
                .contains("static const int16_t TINY16_L2_ONE_BY_ONE_LUT[513] = {\n    32767, ");
        assertThat(net.files().get("tiny16.c")).contains("const cmsis_nn_softmax_lut_s16 luts = {TINY16_L2_EXP_LUT, "
                + "TINY16_L2_ONE_BY_ONE_LUT};").contains("status = arm_softmax_s16(arena + ");
        Path ok = tmp.resolve("ok16.log");
        assertThat(compile(net, single, ok)).as(Files.readString(ok)).isZero();
    }
}
