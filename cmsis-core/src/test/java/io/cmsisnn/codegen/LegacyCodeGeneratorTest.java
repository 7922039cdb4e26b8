package io.cmsisnn.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.quant.ConstArray;
import io.cmsisnn.quant.LegacyLayer;
import io.cmsisnn.quant.LegacyNetwork;
import io.cmsisnn.quant.LegacyStep;
import io.cmsisnn.quant.LegacyStep.TensorRef;
import io.cmsisnn.quant.QFormat;
import io.cmsisnn.toolchain.HostToolchain;
import io.cmsisnn.toolchain.NetworkRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The q7/q15 generator: hand-built {@link LegacyNetwork}s, generated, compiled with gcc against the
 * bundled legacy kernels and run; every expected integer is worked out in the comments.
 */
class LegacyCodeGeneratorTest {
    @TempDir
    Path dir;

    private static final QFormat Q0_7 = new QFormat(8, 7);

    // ---- helpers ----

    private static TensorRef t(String tensor) {
        return TensorRef.of(tensor);
    }

    private static Node node(String name, String source, Op op, Shape shape, String... inputs) {
        return new Node(name, source, op, List.of(inputs), shape);
    }

    private static LegacyLayer layer(Node node, String function, QFormat in, QFormat out, long scratch, long weightBytes,
                                     LegacyStep... steps) {
        return new LegacyLayer(node, List.of(steps), function, "chosen by hand for the test", in, out, null, null, null, null, List.of(),
                scratch, weightBytes);
    }

    private static void assumeGcc() {
        io.cmsisnn.testing.CPrograms.assumeGcc();
    }

    private float[][] run(GeneratedNetwork n, Path work, float[]... inputs) {
        assumeGcc();
        Path exe = new HostToolchain("gcc").build(n, work);
        return new NetworkRunner().run(exe, inputs, n.outputShape().size(), work);
    }

    private static int[] ints(float[] v) {
        int[] r = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            assertThat(v[k]).as("output %d is an integer", k).isEqualTo((float) Math.rint(v[k]));
            r[k] = (int) v[k];
        }
        return r;
    }

    // ---- networks ----

    /**
     * Dense 4 -> 3 with ReLU in q7: input Q0.7, weights Q0.7, bias Q1.6 (bias_shift 7 + 7 - 12 = 2),
     * output Q-1.8 (out_shift 14 - 8 = 6).
     */
    static LegacyNetwork q7Dense() {
        Node fc = node("fc", "Dense", new Op.Dense(4, 3, new float[12], new float[3], Activation.RELU), new Shape(1, 1, 3), "x");
        Graph g = new Graph("g", "x", new Shape(1, 1, 4), List.of(fc), "fc");
        int[] w = {
            64, -32, 16, 8,
            -128, 127, 0, 5,
            10, 20, 30, 40};
        int[] b = {8, -16, 127};
        ConstArray wt = new ConstArray("L1_WT", 8, w, "layer 1 'fc': weights Q0.7");
        ConstArray bias = new ConstArray("L1_BIAS", 8, b, "layer 1 'fc': bias Q1.6");
        QFormat out = new QFormat(8, 8);
        LegacyStep fcCall = new LegacyStep.FullyConnected(LegacyStep.FcKernel.Q7, t("x"), wt, 4, 3, 2, 6, bias, t("fc"));
        LegacyStep relu = new LegacyStep.Relu(8, t("fc"), 3);
        LegacyLayer l = new LegacyLayer(fc, List.of(fcCall, relu), "arm_fully_connected_q7 + arm_relu_q7", "the basic q7 fully connected form",
                Q0_7, out, Q0_7, new QFormat(8, 6), 2, 6, List.of("bias moved down one bit"), 4, 15);
        return new LegacyNetwork(g, 8, false, Map.of("x", Q0_7, "fc", out), List.of(l), List.of(wt, bias), 4, List.of("calibrated by hand"));
    }

    /**
     * Dense 3 -> 2 in q15, no activation: input Q3.12, weights Q1.14, bias Q5.10
     * (bias_shift 12 + 14 - 10 = 16), output Q4.11 (out_shift 26 - 11 = 15).
     */
    static LegacyNetwork q15Dense(boolean dsp) {
        Node fc = node("fc", "Dense", new Op.Dense(3, 2, new float[6], new float[2], Activation.LINEAR), new Shape(1, 1, 2), "x");
        Graph g = new Graph("g", "x", new Shape(1, 1, 3), List.of(fc), "fc");
        QFormat in = new QFormat(16, 12);
        QFormat out = new QFormat(16, 11);
        int[] w = {
            16384, -8192, 32767,
            -32768, 100, 0};
        int[] b = {2000, -300};
        ConstArray wt = new ConstArray("L1_WT", 16, w, "weights Q1.14");
        ConstArray bias = new ConstArray("L1_BIAS", 16, b, "bias Q5.10");
        LegacyStep fcCall = new LegacyStep.FullyConnected(LegacyStep.FcKernel.Q15, t("x"), wt, 3, 2, 16, 15, bias, t("fc"));
        LegacyLayer l = new LegacyLayer(fc, List.of(fcCall), "arm_fully_connected_q15", "q15 fully connected", in, out,
                new QFormat(16, 14), new QFormat(16, 10), 16, 15, List.of(), 3, 16);
        return new LegacyNetwork(g, 16, dsp, Map.of("x", in, "fc", out), List.of(l), List.of(wt, bias), 3, List.of());
    }

    /** One layer that copies the input in two memcpy calls of different sizes: the output is the quantized input. */
    static LegacyNetwork copy(int bits, int frac, int size) {
        Node c = node("copy", "Activation", new Op.ActivationOp(Activation.LINEAR), new Shape(1, 1, size), "x");
        Graph g = new Graph("g", "x", new Shape(1, 1, size), List.of(c), "copy");
        QFormat f = new QFormat(bits, frac);
        LegacyStep first = new LegacyStep.Copy(t("copy"), t("x"), 1);
        LegacyStep rest = new LegacyStep.Copy(new TensorRef("copy", 1), new TensorRef("x", 1), size - 1);
        return new LegacyNetwork(g, bits, false, Map.of("x", f, "copy", f), List.of(layer(c, "memcpy", f, f, 0, 0, first, rest)), List.of(), 0,
                List.of());
    }

    /**
     * q7, input Q1.6 (1x1x4): relu = ReLU(x) (memcpy + arm_relu_q7); sum = x + relu with shifts
     * [0, -1] (cnn_ops_add); out = concat along C of sum and x (cnn_ops_concat, shifts [0, 0]).
     */
    static LegacyNetwork ops() {
        QFormat f = new QFormat(8, 6);
        Node relu = node("relu", "ReLU", new Op.ActivationOp(Activation.RELU), new Shape(1, 1, 4), "x");
        Node sum = node("sum", "Add", new Op.Add(), new Shape(1, 1, 4), "x", "relu");
        Node cat = node("cat", "Concatenate", new Op.Concat(Op.Axis.C), new Shape(1, 1, 8), "sum", "x");
        Graph g = new Graph("g", "x", new Shape(1, 1, 4), List.of(relu, sum, cat), "cat");
        LegacyLayer l1 = layer(relu, "arm_relu_q7", f, f, 0, 0, new LegacyStep.Copy(t("relu"), t("x"), 4),
                new LegacyStep.Relu(8, t("relu"), 4));
        LegacyLayer l2 = layer(sum, "cnn_ops_add", f, f, 0, 0, new LegacyStep.Add(List.of(t("x"), t("relu")), List.of(0, -1), 4, t("sum")));
        LegacyLayer l3 = layer(cat, "cnn_ops_concat", f, f, 0, 0, new LegacyStep.Concat(List.of(t("sum"), t("x")), List.of(4, 4),
                List.of(0, 0), 1, t("cat")));
        return new LegacyNetwork(g, 8, false, Map.of("x", f, "relu", f, "sum", f, "cat", f), List.of(l1, l2, l3), List.of(), 0, List.of());
    }

    /**
     * q7, input 4x4x1 Q3.4: conv 3x3 pad 1 -> 4x4x2 (arm_convolve_HWC_q7_basic, scratch, NULL
     * bufferB), maxpool 2/2 -> 2x2x2 (NULL buffer), avepool 2/2 -> 1x1x2 (scratch as q7_t *), a
     * side branch sig = sigmoid of the first two input words (memcpy with offsets, then the table
     * with ARM_SIGMOID), out = concat(avg, sig), then flatten (a reshape: no code).
     */
    static LegacyNetwork legacyMix() {
        QFormat q34 = new QFormat(8, 4);
        float[] convW = new float[18];
        Node conv = node("conv", "Conv2D", new Op.Conv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 1, 2, 1, convW, new float[2],
                Activation.LINEAR), new Shape(4, 4, 2), "x");
        Node max = node("max", "MaxPooling2D", new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false), new Shape(2, 2, 2), "conv");
        Node avg = node("avg", "AveragePooling2D", new Op.Pool2D(Op.PoolKind.AVERAGE, 2, 2, 2, 2, Padding.NONE, false), new Shape(1, 1, 2),
                "max");
        Node sig = node("sig", "Activation", new Op.ActivationOp(Activation.SIGMOID), new Shape(1, 1, 2), "x");
        Node cat = node("cat", "Concatenate", new Op.Concat(Op.Axis.C), new Shape(1, 1, 4), "avg", "sig");
        Node flat = node("flat", "Flatten", new Op.Reshape(new Shape(1, 1, 4)), new Shape(1, 1, 4), "cat");
        Graph g = new Graph("g", "x", new Shape(4, 4, 1), List.of(conv, max, avg, sig, cat, flat), "flat");
        int[] w = new int[18];
        for (int k = 0; k < 18; k++) {
            w[k] = k % 2 == 0 ? 1 : -1;
        }
        ConstArray wt = new ConstArray("L1_WT", 8, w, "conv weights");
        ConstArray bias = new ConstArray("L1_BIAS", 8, new int[] {3, -2}, "conv bias");
        List<ConstArray> arrays = List.of(wt, bias);
        LegacyStep.ConvGeometry g3x3 = new LegacyStep.ConvGeometry(4, 4, 1, 2, 3, 3, 1, 1, 1, 1, 4, 4);
        LegacyLayer l1 = layer(conv, "arm_convolve_HWC_q7_basic", q34, q34, 18, 20,
                new LegacyStep.Convolution(LegacyStep.ConvKernel.Q7_BASIC, t("x"), g3x3, wt, bias, 1, 1, t("conv")));
        LegacyLayer l2 = layer(max, "arm_maxpool_q7_HWC", q34, q34, 0, 0, new LegacyStep.Pool(true, t("conv"), 4, 2, 2, 0, 2, 2, t("max")));
        LegacyLayer l3 = layer(avg, "arm_avepool_q7_HWC", q34, q34, 2, 0, new LegacyStep.Pool(false, t("max"), 2, 2, 2, 0, 2, 1, t("avg")));
        LegacyLayer l4 = layer(sig, "arm_nn_activations_direct_q7", q34, Q0_7, 0, 0,
                new LegacyStep.Copy(t("sig"), new TensorRef("x", 5), 2),
                new LegacyStep.TableActivation(8, t("sig"), 2, 3, LegacyStep.TableFunction.SIGMOID));
        LegacyLayer l5 = layer(cat, "cnn_ops_concat", q34, q34, 0, 0, new LegacyStep.Concat(List.of(t("avg"), t("sig")), List.of(2, 2),
                List.of(0, 0), 1, t("cat")));
        LegacyLayer l6 = layer(flat, "(none)", q34, q34, 0, 0);
        Map<String, QFormat> formats = new LinkedHashMap<>();
        for (String s : List.of("x", "conv", "max", "avg", "cat", "flat")) {
            formats.put(s, q34);
        }
        formats.put("sig", Q0_7);
        return new LegacyNetwork(g, 8, false, formats, List.of(l1, l2, l3, l4, l5, l6), arrays, 18, List.of());
    }

    // ---- tests ----

    @Test
    void q7DenseWithReluRunsBitExact() {
        GeneratedNetwork n = new LegacyCodeGenerator().generate(q7Dense(), "fcnet", "fc.h5");
        assertThat(n.files().keySet()).containsExactly("fcnet.h", "fcnet.c", "fcnet_weights.h", "fcnet_parameters.h");
        assertThat(n.scheme()).isEqualTo("q7");
        assertThat(n.fixedPointIo()).isTrue();
        assertThat(n.compileDefinitions()).isEmpty();
        assertThat(n.weightBytes()).isEqualTo(15);
        assertThat(n.scratchBytes()).isEqualTo(8);
        // input 4 bytes @0, fc 3 bytes @4 (aligned to 4) -> 7, rounded up to 8
        assertThat(n.activationBytes()).isEqualTo(8);
        assertThat(n.functions()).containsExactly(Map.entry("fc", "arm_fully_connected_q7 + arm_relu_q7"));

        float[][] y = run(n, dir,
                new float[] {0.5f, -0.25f, 1.0f, -1.0f},
                new float[] {0.1f, 0.2f, -0.3f, 0.004f},
                new float[] {1.0f, -1.0f, 1.0f, 1.0f},
                new float[] {0.00390625f, -0.00390625f, 0f, 0f});
        // acc = (bias << 2) + (1 << 5) + sum(x * w); out = relu(ssat8(acc >> 6))
        // sample 1: x = [64, -32, 127 (128 saturated), -128]
        //   row 0: 4096 + 1024 + 2032 - 1024 = 6128;   32 + 32 + 6128 = 6192 >> 6 = 96
        //   row 1: -8192 - 4064 + 0 - 640 = -12896;    -64 + 32 - 12896 = -12928 >> 6 = -202 -> -128 -> relu 0
        //   row 2: 640 - 640 + 3810 - 5120 = -1310;    508 + 32 - 1310 = -770 >> 6 = -13 -> relu 0
        assertThat(ints(y[0])).containsExactly(96, 0, 0);
        // sample 2: x = [round(12.8) = 13, round(25.6) = 26, round(-38.4) = -38, round(0.512) = 1]
        //   row 0: 832 - 832 - 608 + 8 = -600;         64 - 600 = -536 >> 6 = -9 -> relu 0
        //   row 1: -1664 + 3302 + 0 + 5 = 1643;         -32 + 1643 = 1611 >> 6 = 25
        //   row 2: 130 + 520 - 1140 + 40 = -450;        540 - 450 = 90 >> 6 = 1
        assertThat(ints(y[1])).containsExactly(0, 25, 1);
        // sample 3: x = [127, -128, 127, 127]
        //   row 0: 8128 + 4096 + 2032 + 1016 = 15272;   64 + 15272 = 15336 >> 6 = 239 -> saturates to 127
        //   row 1: -16256 - 16256 + 0 + 635 = -31877 -> negative -> relu 0
        //   row 2: 1270 - 2560 + 3810 + 5080 = 7600;    540 + 7600 = 8140 >> 6 = 127
        assertThat(ints(y[2])).containsExactly(127, 0, 127);
        // sample 4: 0.5 and -0.5 after scaling round away from zero: x = [1, -1, 0, 0]
        //   row 0: 64 + 32 = 96;    64 + 96 = 160 >> 6 = 2  (round half to even would give x = 0 and 64 >> 6 = 1)
        //   row 1: -128 - 127 = -255;  -32 - 255 = -287 >> 6 = -5 -> relu 0
        //   row 2: 10 - 20 = -10;   540 - 10 = 530 >> 6 = 8
        assertThat(ints(y[3])).containsExactly(2, 0, 8);
    }

    /** Every quantized layer, also one without code, ends with its profiling mark, by its index in the layer list. */
    @Test
    void eachLayerEndsWithItsProfilingMark() {
        GeneratedNetwork n = new LegacyCodeGenerator().generate(legacyMix(), "mix", "mix.h5");
        String c = n.files().get("mix.c");
        assertThat(n.profiledLayers()).containsExactly("conv", "max", "avg", "sig", "cat", "flat");
        assertThat(c).contains("#ifndef CMSIS_NN_PROFILE_LAYER\n#define CMSIS_NN_PROFILE_LAYER(layer) ((void)0)\n#endif\n");
        // the comment above it, unwrapped, names the range of the marks
        assertThat(c.replace("\n * ", " ")).contains("_run, layers 0 to 5: layer i is the one numbered i + 1");
        List<String> calls = List.of("arm_convolve_HWC_q7_basic(", "arm_maxpool_q7_HWC(", "arm_avepool_q7_HWC(",
                "arm_nn_activations_direct_q7(", "mix_ops_concat(", "/* layer 6 'flat'");
        for (int i = 0; i < calls.size(); i++) {
            String mark = "    CMSIS_NN_PROFILE_LAYER(" + i + ");\n";
            assertThat(c).containsOnlyOnce(mark);
            assertThat(c.indexOf(mark)).as("mark %d after its layer's code", i).isGreaterThan(c.indexOf(calls.get(i)));
            if (i + 1 < calls.size()) {
                assertThat(c.indexOf(mark)).as("mark %d before the next layer", i).isLessThan(c.indexOf(calls.get(i + 1)));
            }
        }
        assertThat(c.indexOf("CMSIS_NN_PROFILE_LAYER(5);")).isLessThan(c.indexOf("memcpy(output"));
    }

    @Test
    void q15DenseSaturatesBothWays() {
        // acc = (bias << 16) + (1 << 14) + sum(x * w); out = ssat16(acc >> 15)
        // sample 1: x = [1.0, 2.0, -0.5] in Q3.12 = [4096, 8192, -2048]
        //   row 0: 67108864 - 67108864 - 67106816 = -67106816; 131072000 + 16384 - 67106816 = 63981568 >> 15 = 1952
        //   row 1: -134217728 + 819200 + 0 = -133398528; -19660800 + 16384 - 133398528 = -153042944 >> 15 = -4671
        // sample 2: x = [8.0 -> 32767, -8.0 -> -32768, 8.0 -> 32767]
        //   row 0: 536854528 + 268435456 + 1073676289 = 1878966273; + 131072000 + 16384 = 2010054657 >> 15 = 61342 -> 32767
        //   row 1: -1073709056 - 3276800 + 0 = -1076985856; - 19660800 + 16384 = -1096630272 >> 15 = -33467 -> -32768
        for (boolean dsp : new boolean[] {false, true}) {
            GeneratedNetwork n = new LegacyCodeGenerator().generate(q15Dense(dsp), "fc16", "fc.onnx");
            assertThat(n.scheme()).isEqualTo("q15");
            assertThat(n.compileDefinitions()).isEqualTo(dsp ? List.of("ARM_MATH_DSP") : List.of());
            assertThat(n.files().get("fc16.h")).contains("typedef int16_t fc16_input_t;", "typedef int16_t fc16_output_t;",
                    "#define FC16_INPUT_FRAC 12\n", "#define FC16_OUTPUT_FRAC 11\n", "Q3.12", "Q4.11");
            assertThat(n.files().get("fc16.c")).contains("static q15_t fc16_scratch[FC16_SCRATCH_SIZE];", "q15_t data[FC16_ARENA_SIZE];",
                    "(void)arm_fully_connected_q15(arena + FC16_INPUT_OFFSET, FC16_L1_WT, FC16_L1_DIM_VEC, FC16_L1_NUM_OF_ROWS, "
                            + "FC16_L1_BIAS_SHIFT, FC16_L1_OUT_SHIFT, FC16_L1_BIAS, arena + FC16_L1_OFFSET, fc16_scratch);");
            assertThat(n.files().get("fc16_weights.h")).contains("static const q15_t FC16_L1_WT[6] = {\n    16384, -8192, 32767, -32768, 100, 0,\n};");
            assertThat(n.weightBytes()).isEqualTo(16);
            assertThat(n.scratchBytes()).isEqualTo(6);
            float[][] y = run(n, dir.resolve(dsp ? "dsp" : "plain"), new float[] {1.0f, 2.0f, -0.5f}, new float[] {8f, -8f, 8f});
            assertThat(ints(y[0])).as("dsp %s", dsp).containsExactly(1952, -4671);
            assertThat(ints(y[1])).as("dsp %s", dsp).containsExactly(32767, -32768);
        }
    }

    /** The C quantize_input gives QFormat.quantize's integers, for every kind of float. */
    @Test
    void quantizeInputMatchesJava() {
        float[] x = {0f, -0f, 0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 0.49999997f, -0.49999997f, 0.0625f, -0.0625f, 0.03125f, -0.03125f,
            3.14159f, -2.71828f, 15.9f, 16f, -16f, -16.1f, 1e6f, -1e6f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-3f, 7.96875f, 7.984375f, -8f, -8.03125f};
        for (int[] bitsFrac : new int[][] {{8, 3}, {8, 7}, {8, -2}, {8, 10}, {16, 12}, {16, 17}, {16, -3}, {16, 0}}) {
            int bits = bitsFrac[0];
            int frac = bitsFrac[1];
            QFormat f = new QFormat(bits, frac);
            GeneratedNetwork n = new LegacyCodeGenerator().generate(copy(bits, frac, x.length), "cp", "copy.h5");
            String params = n.files().get("cp_parameters.h");
            // the same label with two values in one layer: a second macro
            assertThat(params).contains("#define CP_L1_SIZE 1\n", "#define CP_L1_SIZE_2 " + (x.length - 1) + "\n");
            assertThat(n.files().get("cp.c")).contains("memcpy(arena + CP_L1_OFFSET + 1, arena + CP_INPUT_OFFSET + 1, CP_L1_SIZE_2 * sizeof("
                    + (bits == 8 ? "q7_t" : "q15_t") + "));").doesNotContain("cp_scratch");
            float[] y = run(n, dir.resolve(bits + "_" + frac), x)[0];
            for (int k = 0; k < x.length; k++) {
                assertThat((int) y[k]).as("%s in Q%d.%d", x[k], f.intBits(), frac).isEqualTo(f.quantize(x[k]));
            }
        }
        // a few by hand: Q4.3 (scale 8): 2.5 -> 20, 0.0625 -> 0.5 -> 1, -0.0625 -> -1, 15.9 -> 127.2 -> 127, 16 -> 128 -> 127, NaN -> 0
        QFormat q43 = new QFormat(8, 3);
        assertThat(new int[] {q43.quantize(2.5f), q43.quantize(0.0625f), q43.quantize(-0.0625f), q43.quantize(15.9f), q43.quantize(16f),
            q43.quantize(Float.NaN)}).containsExactly(20, 1, -1, 127, 127, 0);
    }

    @Test
    void fallbackLoopsAreRenamedToTheNetwork() {
        GeneratedNetwork n = new LegacyCodeGenerator().generate(ops(), "res", "res.onnx");
        assertThat(n.files().keySet()).containsExactly("res.h", "res.c", "res_weights.h", "res_parameters.h", "res_ops.h", "res_ops.c");
        assertThat(n.sourceFiles()).containsExactly("res.c", "res_ops.c");
        for (Map.Entry<String, String> e : n.files().entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).doesNotContain("cnn_ops").doesNotContain("CNN_OPS");
            assertThat(e.getValue()).as(e.getKey()).startsWith("/* Generated by cmsis-maven-plugin " + CodeGenerator.detectVersion()
                    + " from res.onnx, scheme q7. Do not edit. */\n");
        }
        String c = n.files().get("res.c");
        assertThat(c).contains("#include \"res_ops.h\"", "res_ops_add((const void *const[]){ arena + RES_INPUT_OFFSET, arena + RES_L1_OFFSET }, "
                + "RES_L2_SHIFTS, RES_L2_N_INPUTS, RES_L2_SIZE, arena + RES_L2_OFFSET, RES_L2_BITS);");
        assertThat(n.files().get("res_parameters.h")).contains("#define RES_L2_SHIFTS ((const int[]){ 0, -1 })\n",
                "#define RES_L3_INNER ((const int[]){ 4, 4 })\n", "#define RES_L3_SHIFTS ((const int[]){ 0, 0 })\n");
        assertThat(n.files().get("res_ops.h")).contains("#ifndef RES_OPS_H", "void res_ops_add(");
        assertThat(n.files().get("res_ops.c")).contains("#include \"res_ops.h\"");
        // the two SIZE arguments of layer 1 have one value: one macro
        assertThat(n.files().get("res_parameters.h")).containsOnlyOnce("RES_L1_SIZE");
        assertThat(c).contains("memcpy(arena + RES_L1_OFFSET, arena + RES_INPUT_OFFSET, RES_L1_SIZE * sizeof(q7_t));",
                "arm_relu_q7(arena + RES_L1_OFFSET, RES_L1_SIZE);");

        // x in Q1.6 = [64, -64, 96, -160 -> -128]; relu = [64, 0, 96, 0]
        // sum = ssat8(x + ((relu + 1) >> 1)) = [64 + 32, -64 + 0, 96 + 48 = 144 -> 127, -128 + 0]
        // cat = sum then x
        float[][] y = run(n, dir, new float[] {1.0f, -1.0f, 1.5f, -2.5f});
        assertThat(ints(y[0])).containsExactly(96, -64, 127, -128, 64, -64, 96, -128);
    }

    @Test
    void everyArgumentKindCompilesWithWerrorAndRuns() throws IOException, InterruptedException {
        GeneratedNetwork n = new LegacyCodeGenerator().generate(legacyMix(), "mix", "mix.h5");
        String c = n.files().get("mix.c");
        assertThat(c).contains("(void)arm_convolve_HWC_q7_basic(arena + MIX_INPUT_OFFSET, MIX_L1_DIM_IM_IN, MIX_L1_CH_IM_IN, MIX_L1_WT, ",
                "MIX_L1_DIM_IM_OUT, mix_scratch, NULL);", "\n    arm_maxpool_q7_HWC(arena + MIX_L1_OFFSET, ", "MIX_L2_DIM_IM_OUT, NULL, arena + MIX_L2_OFFSET);",
                "MIX_L3_DIM_IM_OUT, (q7_t *)mix_scratch, arena + MIX_L3_OFFSET);",
                "memcpy(arena + MIX_L4_OFFSET, arena + MIX_INPUT_OFFSET + 5, MIX_L4_SIZE * sizeof(q7_t));",
                "arm_nn_activations_direct_q7(arena + MIX_L4_OFFSET, MIX_L4_SIZE, MIX_L4_INT_WIDTH, ARM_SIGMOID);",
                "/* layer 6 'flat' (Flatten): Reshape, 1x1x4 -> 1x1x4\n", "/* no code: the tensor shares its input's memory */",
                "#include \"arm_nnfunctions.h\"", "static q15_t mix_scratch[MIX_SCRATCH_SIZE];");
        assertThat(c).doesNotContain("(void)arm_maxpool").doesNotContain("MIX_L4_TYPE");
        assertThat(n.functions()).containsEntry("flat", "(none)").containsEntry("sig", "arm_nn_activations_direct_q7");

        float[] x = new float[16];
        x[5] = 1.0f; // Q3.4: 16; sig reads x[5] and x[6]
        float[][] y = run(n, dir.resolve("run"), new float[16], x);
        // zero input: conv = ((bias << 1) + 1) >> 1 = [(6 + 1) >> 1, (-4 + 1) >> 1] = [3, -2] at every pixel;
        // max and average of equal values keep [3, -2]; sigmoid(0) = 0.5 = 64 in Q0.7
        assertThat(ints(y[0])).containsExactly(3, -2, 64, 64);
        // x[5] = 16: sigmoid(1.0) = 0.731 -> above 64; x[6] = 0 -> 64
        int[] y1 = ints(y[1]);
        assertThat(y1[2]).isGreaterThan(64);
        assertThat(y1[3]).isEqualTo(64);

        // the network's own file also compiles with -pedantic, -Wshadow and -Wconversion
        Path src = dir.resolve("run/network");
        Path kernels = dir.resolve("run/kernels");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-Wshadow", "-Wconversion",
                "-I" + kernels.resolve("Include"), "-I" + src, "-c", src.resolve("mix.c").toString(), "-o", dir.resolve("mix.o").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void headerDeclaresTheFixedPointApi() {
        GeneratedNetwork n = new LegacyCodeGenerator().generate(q7Dense(), "kws", "kws.h5");
        String h = n.files().get("kws.h");
        assertThat(h).contains("#include <stdint.h>\n", "typedef int8_t kws_input_t;", "typedef int8_t kws_output_t;", "#define KWS_INPUT_H 1\n",
                "#define KWS_INPUT_W 1\n", "#define KWS_INPUT_C 4\n", "#define KWS_INPUT_SIZE 4\n", "#define KWS_OUTPUT_SIZE 3\n",
                "#define KWS_INPUT_FRAC 7\n", "#define KWS_OUTPUT_FRAC 8\n", "#define KWS_ACTIVATION_BYTES 8\n", "#define KWS_WEIGHT_BYTES 15\n",
                "#define KWS_SCRATCH_BYTES 8\n", "format Q0.7", "format Q-1.8",
                "void kws_quantize_input(const float *x, kws_input_t *q);", "void kws_run(const kws_input_t *input, kws_output_t *output);",
                "float kws_dequantize_output(kws_output_t q);", "HWC");
        assertThat(h.lines().filter(l -> l.startsWith("#include"))).containsExactly("#include <stdint.h>");

        String c = n.files().get("kws.c");
        assertThat(c).contains("#include \"arm_nnfunctions.h\"", "#include <string.h>", "#include <math.h>", "static union {\n    q7_t data[KWS_ARENA_SIZE];",
                "const double v = (double)x[i] * KWS_INPUT_SCALE;", "floor(v + 0.5)", "ceil(v - 0.5)",
                "/* layer 1 'fc' (Dense): Dense, 1x1x4 -> 1x1x3, relu\n     * formats: input Q0.7, output Q-1.8, weights Q0.7, bias Q1.6; bias_shift 2, out_shift 6\n"
                        + "     * arm_fully_connected_q7 + arm_relu_q7: the basic q7 fully connected form\n     * note: bias moved down one bit\n     */",
                "/* calibrated by hand */");
        assertThat(c).doesNotContain("_ops.h").doesNotContain("ARM_MATH_DSP");

        String p = n.files().get("kws_parameters.h");
        assertThat(p).contains("#define KWS_ARENA_SIZE 8\n", "#define KWS_INPUT_OFFSET 0\n", "#define KWS_OUTPUT_OFFSET 4\n",
                "#define KWS_SCRATCH_SIZE 4\n", "#define KWS_INPUT_SCALE 128.0\n", "#define KWS_OUTPUT_STEP 0.00390625\n",
                "#define KWS_L1_OFFSET 4\n", "#define KWS_L1_IN_FRAC 7\n", "#define KWS_L1_OUT_FRAC 8\n", "#define KWS_L1_WEIGHT_FRAC 7\n",
                "#define KWS_L1_BIAS_FRAC 6\n", "#define KWS_L1_BIAS_SHIFT 2\n", "#define KWS_L1_OUT_SHIFT 6\n", "#define KWS_L1_SIZE 3\n");

        String w = n.files().get("kws_weights.h");
        assertThat(w).contains("/* layer 1 'fc': weights Q0.7 */\nstatic const q7_t KWS_L1_WT[12] = {\n    64, -32, 16, 8, -128, 127, 0, 5, 10, 20,\n    30, 40,\n};",
                "static const q7_t KWS_L1_BIAS[3] = {\n    8, -16, 127,\n};");

        // negative formats print in parentheses
        LegacyNetwork coarse = copy(16, -3, 4);
        String ch = new LegacyCodeGenerator().generate(coarse, "big", "m.h5").files().get("big.h");
        assertThat(ch).contains("#define BIG_INPUT_FRAC (-3)\n", "format Q18.-3");
        assertThat(new LegacyCodeGenerator().generate(coarse, "big", "m.h5").files().get("big_parameters.h"))
                .contains("#define BIG_INPUT_SCALE 0.125\n", "#define BIG_OUTPUT_STEP 8.0\n");
    }

    @Test
    void sameNetworkSameBytes() {
        GeneratedNetwork a = new LegacyCodeGenerator().generate(legacyMix(), "net", "m.onnx");
        GeneratedNetwork b = new LegacyCodeGenerator().generate(legacyMix(), "net", "m.onnx");
        assertThat(b.files()).isEqualTo(a.files());
        assertThat(b).isEqualTo(a);
        GeneratedNetwork v1 = new LegacyCodeGenerator("1.2.3").generate(ops(), "net", "m.onnx");
        GeneratedNetwork v2 = new LegacyCodeGenerator("1.2.4").generate(ops(), "net", "m.onnx");
        for (String file : v1.files().keySet()) {
            assertThat(v1.files().get(file)).startsWith("/* Generated by cmsis-maven-plugin 1.2.3 from m.onnx, scheme q7. Do not edit. */\n");
            assertThat(v2.files().get(file).replace("1.2.4", "1.2.3")).isEqualTo(v1.files().get(file));
        }
        assertThat(new LegacyCodeGenerator().version()).isEqualTo(CodeGenerator.detectVersion());
    }

    @Test
    void networkNameChecks() {
        LegacyCodeGenerator g = new LegacyCodeGenerator();
        assertThatThrownBy(() -> g.generate(q7Dense(), "my-net", "m.h5")).isInstanceOf(CodegenException.class)
                .hasMessageContaining("my-net").hasMessageContaining("my_net");
        assertThatThrownBy(() -> g.generate(q7Dense(), "1net", "m.h5")).isInstanceOf(CodegenException.class).hasMessageContaining("n_1net");
        assertThatThrownBy(() -> g.generate(q7Dense(), "math", "m.h5")).isInstanceOf(CodegenException.class).hasMessageContaining("math_net");
        assertThatThrownBy(() -> g.generate(q7Dense(), "string", "m.h5")).isInstanceOf(CodegenException.class);
        assertThatThrownBy(() -> g.generate(q7Dense(), "arm_net", "m.h5")).isInstanceOf(CodegenException.class);
        assertThatThrownBy(() -> g.generate(q7Dense(), "cnn_legacy_x", "m.h5")).isInstanceOf(CodegenException.class);
        assertThatThrownBy(() -> g.generate(q7Dense(), null, "m.h5")).isInstanceOf(CodegenException.class);
        assertThat(g.generate(q7Dense(), "Net_2", "m.h5").files()).containsKey("Net_2_parameters.h");
        assertThatThrownBy(() -> new LegacyCodeGenerator(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inconsistentNetworksAreRejected() {
        LegacyNetwork good = q7Dense();
        LegacyLayer l = good.layers().get(0);

        LegacyNetwork unknownTensor = withSteps(good, new LegacyStep.Relu(8, t("nope"), 3));
        assertThatThrownBy(() -> new LegacyCodeGenerator().generate(unknownTensor, "net", "m.h5")).isInstanceOf(CodegenException.class)
                .hasMessageContaining("'fc'").hasMessageContaining("'nope'");

        ConstArray missing = new ConstArray("L9_WT", 8, new int[12], "not in the network");
        LegacyNetwork unknownArray = withSteps(good, new LegacyStep.FullyConnected(LegacyStep.FcKernel.Q7, t("x"), missing, 4, 3, 2, 6,
                good.arrays().get(1), t("fc")));
        assertThatThrownBy(() -> new LegacyCodeGenerator().generate(unknownArray, "net", "m.h5")).isInstanceOf(CodegenException.class)
                .hasMessageContaining("L9_WT");

        LegacyNetwork noScratch = new LegacyNetwork(good.graph(), 8, false, good.formats(), good.layers(), good.arrays(), 0, List.of());
        assertThatThrownBy(() -> new LegacyCodeGenerator().generate(noScratch, "net", "m.h5")).isInstanceOf(CodegenException.class)
                .hasMessageContaining("scratch");

        LegacyNetwork outOfTensor = withSteps(good, new LegacyStep.Relu(8, new TensorRef("fc", 3), 1));
        assertThatThrownBy(() -> new LegacyCodeGenerator().generate(outOfTensor, "net", "m.h5")).isInstanceOf(CodegenException.class)
                .hasMessageContaining("'fc'");

        ConstArray wide = new ConstArray("L1_WT", 8, new int[] {1, 200}, "too wide");
        LegacyNetwork badArray = new LegacyNetwork(good.graph(), 8, false, good.formats(), good.layers(), List.of(wide, good.arrays().get(1)), 4,
                List.of());
        assertThatThrownBy(() -> new LegacyCodeGenerator().generate(badArray, "net", "m.h5")).isInstanceOf(CodegenException.class)
                .hasMessageContaining("200").hasMessageContaining("L1_WT");
        assertThat(l.steps()).hasSize(2);
    }

    private static LegacyNetwork withSteps(LegacyNetwork net, LegacyStep... steps) {
        LegacyLayer l = net.layers().get(0);
        LegacyLayer changed = new LegacyLayer(l.node(), Arrays.asList(steps), l.function(), l.reason(), l.inputFormat(), l.outputFormat(),
                l.weightFormat(), l.biasFormat(), l.biasShift(), l.outShift(), l.notes(), l.scratchElements(), l.weightBytes());
        return new LegacyNetwork(net.graph(), net.bits(), net.dsp(), net.formats(), List.of(changed), net.arrays(), net.scratchElements(),
                net.notes());
    }

    /** HostToolchain passes the network's compile definitions to gcc. */
    @Test
    void compileDefinitionsReachTheCompiler() {
        GeneratedNetwork n = new LegacyCodeGenerator().generate(q15Dense(true), "fc16", "fc.onnx");
        Map<String, String> files = new LinkedHashMap<>(n.files());
        files.put("fc16.c", "#ifndef ARM_MATH_DSP\n#error ARM_MATH_DSP is not defined\n#endif\n" + files.get("fc16.c"));
        GeneratedNetwork checked = new GeneratedNetwork(n.name(), n.scheme(), files, n.inputShape(), n.outputShape(), n.weightBytes(),
                n.activationBytes(), n.scratchBytes(), n.functions(), n.compileDefinitions(), true);
        float[][] y = run(checked, dir.resolve("dsp"), new float[] {1.0f, 2.0f, -0.5f});
        assertThat(ints(y[0])).containsExactly(1952, -4671);

        GeneratedNetwork without = new GeneratedNetwork(n.name(), n.scheme(), files, n.inputShape(), n.outputShape(), n.weightBytes(),
                n.activationBytes(), n.scratchBytes(), n.functions(), List.of(), true);
        assertThatThrownBy(() -> new HostToolchain("gcc").build(without, dir.resolve("plain"))).hasMessageContaining("ARM_MATH_DSP is not defined");
        assertThatThrownBy(() -> new GeneratedNetwork(n.name(), n.scheme(), files, n.inputShape(), n.outputShape(), 0, 0, 0, n.functions(),
                List.of("-DX; rm"), true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(dir.resolve("dsp/fc16_test"))).isTrue();
    }
}
