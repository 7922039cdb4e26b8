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
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineQuantizer;
import io.cmsisnn.testing.CPrograms;
import io.cmsisnn.toolchain.HostToolchain;
import io.cmsisnn.toolchain.NetworkRunner;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Concatenation (requantizing and copying, on channels, width and height), padding and leaky ReLU
 * in s8 and s16, both rounding modes: the compiled network (gcc -Wall -Wextra -Werror) gives the
 * emulation's codes bit for bit, and its dequantized output stays within a bound derived from the
 * scales of the float engine's.
 */
class AffineConcatPadLeakyTest {
    private static final int SAMPLES = 24;

    @TempDir
    Path tmp;

    /**
     * x (4x4x3) -> conv 1x1 (4 channels) -> leaky(0.1) -> pad (1,0,2,1); x -> pad (1,0,2,1); concat of the two on
     * channels (different quantizations: both requantized to the union range), then concat with itself on
     * height (a copy), then on width (a copy).
     */
    private static Graph graph() {
        float[] w = new float[4 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5 - 2) / 4f;
        }
        Padding pad = new Padding(1, 0, 2, 1);
        return new GraphFixtures(new Shape(4, 4, 3))
                .add("conv", new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 3, 4, 1, w, new float[] {0.1f, -0.2f, 0f, 0.3f},
                        Activation.LINEAR), "x")
                .add("leaky", new Op.ActivationOp(Activation.leakyRelu(0.1f)), "conv")
                .add("padded", new Op.Pad(pad), "leaky")
                .add("xpad", new Op.Pad(pad), "x")
                .add("cat", new Op.Concat(Op.Axis.C), "padded", "xpad")
                .add("tall", new Op.Concat(Op.Axis.H), "cat", "cat")
                .add("wide", new Op.Concat(Op.Axis.W), "tall", "tall")
                .build("wide");
    }

    @ParameterizedTest
    @CsvSource({"8, false", "8, true", "16, false", "16, true"})
    void compiledIsBitExactWithTheEmulationAndCloseToFloat(int bits, boolean single) {
        CPrograms.assumeGcc();
        Graph g = graph();
        Random r = new Random(7 + bits);
        float[][] inputs = new float[SAMPLES][];
        FloatEngine engine = new FloatEngine(g);
        Map<String, float[]> min = new HashMap<>();
        Map<String, float[]> max = new HashMap<>();
        List<Map<String, float[]>> reference = new java.util.ArrayList<>();
        for (int s = 0; s < SAMPLES; s++) {
            inputs[s] = GraphFixtures.random(r, g.inputShape().size());
            Map<String, float[]> all = new HashMap<>(engine.runAll(inputs[s]));
            all.put("x", inputs[s]);
            reference.add(all);
            for (Map.Entry<String, float[]> e : all.entrySet()) {
                float[] m = min.computeIfAbsent(e.getKey(), k -> new float[] {Float.POSITIVE_INFINITY});
                float[] n = max.computeIfAbsent(e.getKey(), k -> new float[] {Float.NEGATIVE_INFINITY});
                for (float v : e.getValue()) {
                    m[0] = Math.min(m[0], v);
                    n[0] = Math.max(n[0], v);
                }
            }
        }
        ActivationRanges ranges = t -> new ActivationRanges.Range(min.get(t)[0], max.get(t)[0], null);
        AffineNetwork net = new AffineQuantizer().quantize(g, ranges, new AffineQuantizer.Options(bits, true, single));
        // the two concatenated inputs have their own quantizations: at least one is requantized (s16's symmetric union
        // range can be one input's own, which is then copied), the later concats copy
        assertThat(net.layers().get(4).function()).contains("generated requantize loop");
        assertThat(net.layers().get(5).function()).isEqualTo(bits == 8 ? "arm_concatenation_s8_z" : "generated copy loop");
        assertThat(net.layers().get(6).function()).isEqualTo(bits == 8 ? "arm_concatenation_s8_y" : "generated copy loop");
        assertThat(net.layers().get(2).function()).isEqualTo(bits == 8 ? "arm_pad_s8" : "generated pad loop");

        GeneratedNetwork gen = new AffineCodeGenerator("test").generate(net, "cpl", "cpl.h5", List.of());
        Path exe = new HostToolchain("gcc").build(gen, tmp);
        float[][] compiled = new NetworkRunner().run(exe, inputs, g.outputShape().size(), tmp);

        AffineNetworkEmulator emulator = new AffineNetworkEmulator(net);
        // errors in real units: x quantized (half a step), the 1x1 conv adds sum |w| of those, its weight rounding, its bias and output
        // roundings, the leaky ReLU's rescale and the concatenation's requantize one output step each (generously a step)
        float sx = net.quant("x").scale();
        double convError = 0;
        for (int o = 0; o < 4; o++) {
            double sum = 0;
            double maxW = 0;
            for (int i = 0; i < 3; i++) {
                double wi = Math.abs((((o * 3 + i) % 5) - 2) / 4.0);
                sum += wi;
                maxW = Math.max(maxW, wi);
            }
            // plus the int8 weights' own rounding: half a step of max|w| / 127 per input, each input |x| < 1
            convError = Math.max(convError, sum * sx / 2 + 3 * (maxW / 127) / 2);
        }
        double sOut = net.quant("wide").scale();
        double leakyPath = convError + 2 * net.quant("conv").scale() + net.quant("leaky").scale() + sOut;
        double xPath = sx / 2 + sOut;
        double bound = Math.max(leakyPath, xPath) + 1e-6;
        double worst = 0;
        for (int s = 0; s < SAMPLES; s++) {
            int[] codes = emulator.run(emulator.quantizeInput(inputs[s]));
            assertThat(compiled[s]).hasSize(codes.length);
            for (int i = 0; i < codes.length; i++) {
                assertThat((int) compiled[s][i]).as("sample %d value %d", s, i).isEqualTo(codes[i]);
            }
            float[] real = emulator.dequantize("wide", codes);
            float[] ref = reference.get(s).get("wide");
            for (int i = 0; i < real.length; i++) {
                worst = Math.max(worst, Math.abs(real[i] - ref[i]));
            }
        }
        assertThat(worst).as("largest error; bound %s", bound).isLessThanOrEqualTo(bound);
    }
}
