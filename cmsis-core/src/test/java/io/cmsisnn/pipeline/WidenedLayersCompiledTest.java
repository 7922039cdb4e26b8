package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.codegen.AffineCodeGenerator;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.emulation.AffineNetworkEmulator;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.engine.GraphFixtures;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.quant.ActivationRanges;
import io.cmsisnn.quant.AffineLayer;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineQuant;
import io.cmsisnn.quant.AffineQuantizer;
import io.cmsisnn.quant.AffineStep;
import io.cmsisnn.testing.CPrograms;
import io.cmsisnn.testing.Needs;
import io.cmsisnn.toolchain.CortexMTarget;
import io.cmsisnn.toolchain.CrossToolchain;
import io.cmsisnn.toolchain.QemuRunner;
import io.cmsisnn.toolchain.HostToolchain;
import io.cmsisnn.toolchain.NetworkRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An s8 network with layers widened to 16x8, compiled with gcc (-Wall -Wextra -Werror) against the
 * bundled kernels, for the host and for a Cortex-M4 under QEMU: its int8 output codes are the emulation's bit for bit, in both rounding modes and
 * wherever the widened layers sit (first, middle with an int16 pool after it and an add of mixed
 * inputs, last); and every requantize step keeps the value it moves within the rounding of its
 * arithmetic unless it saturates: half an output step, plus, for a right shift S &lt; 0 in the default
 * mode, the first rounding of the doubling high multiply, 2^(S-1) of a step.
 */
class WidenedLayersCompiledTest {
    private static final int SAMPLES = 20;

    @TempDir
    Path tmp;

    /**
     * x (6x6x3) -> conv a 3x3 same, 8 channels, ReLU -> depthwise b 3x3 same -> max pool p 2x2 -> conv c 1x1, 8 channels;
     * add s = c + p -> global average g -> dense d (5) -> softmax y.
     */
    static Graph graph() {
        Random r = new Random(11);
        Padding same = new Padding(1, 1, 1, 1);
        return new GraphFixtures(new Shape(6, 6, 3))
                .add("a", new Op.Conv2D(3, 3, 1, 1, 1, 1, same, 3, 8, 1, weights(r, 8 * 9 * 3, 0.3f), weights(r, 8, 0.1f),
                        Activation.RELU), "x")
                .add("b", new Op.DepthwiseConv2D(3, 3, 1, 1, 1, 1, same, 8, 1, weights(r, 9 * 8, 0.5f), weights(r, 8, 0.1f),
                        Activation.LINEAR), "a")
                .add("p", new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false), "b")
                .add("c", new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 8, 8, 1, weights(r, 64, 0.4f), weights(r, 8, 0.1f),
                        Activation.LINEAR), "p")
                .add("s", new Op.Add(), "c", "p")
                .add("g", new Op.GlobalPool(Op.PoolKind.AVERAGE), "s")
                .add("d", new Op.Dense(8, 5, weights(r, 40, 0.6f), weights(r, 5, 0.2f), Activation.LINEAR), "g")
                .add("y", new Op.Softmax(), "d")
                .build("y");
    }

    private static float[] weights(Random r, int n, float scale) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (r.nextGaussian() * scale);
        }
        return w;
    }

    /** The ranges the float engine reaches on the samples. */
    static ActivationRanges ranges(Graph g, float[][] inputs) {
        FloatEngine engine = new FloatEngine(g);
        Map<String, float[]> extent = new HashMap<>();
        for (float[] in : inputs) {
            Map<String, float[]> all = new HashMap<>(engine.runAll(in));
            all.put(g.inputName(), in);
            for (Map.Entry<String, float[]> e : all.entrySet()) {
                float[] m = extent.computeIfAbsent(e.getKey(), k -> new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
                for (float v : e.getValue()) {
                    m[0] = Math.min(m[0], v);
                    m[1] = Math.max(m[1], v);
                }
            }
        }
        return t -> new ActivationRanges.Range(extent.get(t)[0], extent.get(t)[1], null);
    }

    @ParameterizedTest
    @CsvSource({"b, false", "b, true", "a, false", "d;y, false", "a;b;c;s;g;d;y, true"})
    void compiledIsBitExactWithTheEmulation(String widened, boolean single) {
        CPrograms.assumeGcc();
        check(widened, single, (gen, inputs) -> new NetworkRunner().run(new HostToolchain("gcc").build(gen, tmp), inputs,
                gen.outputShape().size(), tmp));
    }

    /** The same on a Cortex-M4 with DSP (arm-none-eabi-gcc, QEMU mps2-an386), where the _s16 kernels take their DSP paths. */
    @ParameterizedTest
    @CsvSource({"b, false", "a;b;c;s;g;d;y, true"})
    void compiledForCortexM4IsBitExactWithTheEmulation(String widened, boolean single) {
        Needs.crossTools();
        check(widened, single, (gen, inputs) -> new QemuRunner().run(new CrossToolchain(CortexMTarget.named("cortex-m4"))
                .build(gen, tmp.resolve("build")), inputs, gen.outputShape().size(), tmp.resolve("run")).outputs());
    }

    private void check(String widened, boolean single, BiFunction<GeneratedNetwork, float[][], float[][]> compileAndRun) {
        Graph g = graph();
        Random r = new Random(3);
        float[][] inputs = new float[SAMPLES][];
        for (int s = 0; s < SAMPLES; s++) {
            inputs[s] = GraphFixtures.random(r, g.inputShape().size());
        }
        AffineNetwork net = new AffineQuantizer().quantize(g, ranges(g, inputs),
                new AffineQuantizer.Options(8, true, single, Set.of(widened.split(";"))));
        assertThat(net.mixed()).isTrue();
        assertThat(net.bits(net.graph().inputName())).isEqualTo(8);
        assertThat(net.bits(net.graph().outputName())).isEqualTo(8);

        GeneratedNetwork gen = new AffineCodeGenerator("test").generate(net, "wid", "wid.h5", List.of());
        float[][] compiled = compileAndRun.apply(gen, inputs);

        AffineNetworkEmulator emulator = new AffineNetworkEmulator(net);
        List<AffineLayer> requantizes = net.layers().stream()
                .filter(l -> l.steps().size() == 1 && l.steps().get(0) instanceof AffineStep.Requantize).toList();
        assertThat(requantizes).isNotEmpty();
        for (int s = 0; s < SAMPLES; s++) {
            Map<String, int[]> all = emulator.runAll(emulator.quantizeInput(inputs[s]));
            int[] codes = all.get(net.graph().outputName());
            assertThat(compiled[s]).hasSize(codes.length);
            for (int i = 0; i < codes.length; i++) {
                assertThat((int) compiled[s][i]).as("sample %d value %d", s, i).isEqualTo(codes[i]);
            }
            for (AffineLayer l : requantizes) {
                String in = l.node().inputs().get(0);
                String out = l.node().name();
                AffineQuant q = l.output();
                int shift = ((AffineStep.Requantize) l.steps().get(0)).multiplier().shift();
                double steps = 0.5 + (single || shift >= 0 ? 0 : Math.scalb(0.5, shift));
                int[] from = all.get(in);
                int[] to = all.get(out);
                float[] realIn = emulator.dequantize(in, from);
                float[] realOut = emulator.dequantize(out, to);
                for (int i = 0; i < to.length; i++) {
                    if (to[i] == net.qmin(out) || to[i] == net.qmax(out)) {
                        continue;
                    }
                    assertThat((double) Math.abs(realOut[i] - realIn[i])).as("%s value %d", out, i)
                            .isLessThanOrEqualTo(q.scale() * steps * 1.0001 + 1e-7);
                }
            }
        }
    }
}
