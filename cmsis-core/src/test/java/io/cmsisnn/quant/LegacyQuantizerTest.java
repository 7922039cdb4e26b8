package io.cmsisnn.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.engine.GraphFixtures;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegacyQuantizerTest {
    private static final LegacyQuantizer.Options Q7 = new LegacyQuantizer.Options(8, false);
    private static final LegacyQuantizer.Options Q15 = new LegacyQuantizer.Options(16, false);

    /** Fixed suggestions per tensor, as calibration would give them. */
    private static TensorRanges ranges(Map<String, Integer> fracs) {
        return (tensor, bits) -> new TensorRanges.Suggested(fracs.get(tensor), null);
    }

    @Test
    void fracForFollowsTheGuidesCeilLog2Rule() {
        // 1.0: log2 = 0 -> 0 integer bits -> Q0.7; 0.5: -1 -> Q(-1).8; 5: ceil(2.32) = 3 -> Q3.4; 0 -> Q0.7 by convention
        assertThat(LegacyQuantizer.fracFor(1.0, 8)).isEqualTo(7);
        assertThat(LegacyQuantizer.fracFor(0.5, 8)).isEqualTo(8);
        assertThat(LegacyQuantizer.fracFor(5.0, 8)).isEqualTo(4);
        assertThat(LegacyQuantizer.fracFor(0.0, 8)).isEqualTo(7);
        // 100 needs 7 integer bits (2^7 = 128 >= 100 > 64): Q7.8 in 16 bits
        assertThat(LegacyQuantizer.fracFor(100.0, 16)).isEqualTo(8);
    }

    @Test
    void denseShiftsComeFromTheFourFormats() {
        // weights max 0.5 -> frac 8; bias 0.1 -> ceil(log2 0.1) = -3 -> frac 10; input frac 7, output frac 6
        // bias_shift = 7 + 8 - 10 = 5; out_shift = 7 + 8 - 6 = 9
        Graph g = GraphFixtures.single(Shape.vector(2), new Op.Dense(2, 1, new float[] {0.5f, -0.25f}, new float[] {0.1f}, Activation.RELU));
        LegacyNetwork net = new LegacyQuantizer().quantize(g, ranges(Map.of("x", 7, "y", 6)), Q7);
        LegacyLayer layer = net.layers().get(0);
        assertThat(layer.weightFormat()).isEqualTo(new QFormat(8, 8));
        assertThat(layer.biasFormat()).isEqualTo(new QFormat(8, 10));
        assertThat(layer.biasShift()).isEqualTo(5);
        assertThat(layer.outShift()).isEqualTo(9);
        assertThat(layer.notes()).isEmpty();
        // 0.5 * 256 = 128 saturates to 127 (the ceil(log2) rule's cost at exact powers of two); -0.25 * 256 = -64;
        // 0.1 * 1024 = 102.4 -> 102. One row: the interleaved order of a single row is row-major.
        assertThat(net.array("L1_WT").values()).containsExactly(127, -64);
        assertThat(net.array("L1_BIAS").values()).containsExactly(102);
        assertThat(layer.steps()).extracting(LegacyStep::function).containsExactly("arm_fully_connected_q7_opt", "arm_relu_q7");
        assertThat(layer.function()).isEqualTo("arm_fully_connected_q7_opt + arm_relu_q7");
    }

    @Test
    void formatsMoveWhenAShiftWouldBeNegative() {
        // weights max 100 -> 7 integer bits -> frac 0; input frac 0: fi + fw = 0.
        // bias 0.01: ceil(log2 0.01) = ceil(-6.64) = -6 integer bits, so frac 7 + 6 = 13 > 0, -> moved to 0; output suggested frac 5 > 0 -> moved to 0.
        Graph g = GraphFixtures.single(Shape.vector(1), new Op.Dense(1, 1, new float[] {100f}, new float[] {0.01f}, Activation.LINEAR));
        LegacyNetwork net = new LegacyQuantizer().quantize(g, ranges(Map.of("x", 0, "y", 5)), Q7);
        LegacyLayer layer = net.layers().get(0);
        assertThat(layer.biasShift()).isZero();
        assertThat(layer.outShift()).isZero();
        assertThat(layer.outputFormat()).isEqualTo(new QFormat(8, 0));
        assertThat(net.format("y")).isEqualTo(new QFormat(8, 0));
        assertThat(layer.notes()).anyMatch(n -> n.startsWith("bias format moved from Q-6.13 to Q7.0"))
                .anyMatch(n -> n.startsWith("output format moved from Q2.5 to Q7.0"));
    }

    @Test
    void q15WeightsGiveWayWhenASumCouldOverflow() {
        // 9 weights of 4 on a Q0.15 input: worst-case |sum| = 9 * 4 * 1 = 36 -> 6 integer bits, so the sums
        // need fi + fw <= 31 - 6 = 25: fw <= 10, although the weights alone would take Q2.13
        float[] w = new float[9];
        java.util.Arrays.fill(w, 4f);
        Graph g = GraphFixtures.single(Shape.vector(9), new Op.Dense(9, 1, w, new float[] {0f}, Activation.LINEAR));
        LegacyLayer layer = new LegacyQuantizer().quantize(g, ranges(Map.of("x", 15, "y", 9)), Q15).layers().get(0);
        assertThat(layer.weightFormat()).isEqualTo(new QFormat(16, 10));
        assertThat(layer.notes()).anyMatch(n -> n.startsWith("weight format moved from Q2.13 to Q5.10 so that no 32-bit sum can overflow"));
        // the same layer in q7 (fi 7): fw 5 from the weights, 7 + 5 = 12 <= 25, nothing moves
        LegacyLayer q7 = new LegacyQuantizer().quantize(g, ranges(Map.of("x", 7, "y", 1)), Q7).layers().get(0);
        assertThat(q7.weightFormat()).isEqualTo(new QFormat(8, 5));
    }

    @Test
    void poolingReluAndReshapeKeepTheirInputFormat() {
        Graph g = new GraphFixtures(new Shape(4, 4, 4))
                .add("c", new Op.Conv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 4, 2, 1, new float[72], new float[2], Activation.LINEAR), "x")
                .add("r", new Op.ActivationOp(Activation.RELU), "c")
                .add("p", new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false), "r")
                .add("f", new Op.Reshape(Shape.vector(8)), "p")
                .build("f");
        LegacyNetwork net = new LegacyQuantizer().quantize(g, ranges(Map.of("x", 7, "c", 3, "r", 6, "p", 1, "f", 2)), Q7);
        assertThat(net.format("r")).isEqualTo(new QFormat(8, 3));
        assertThat(net.format("p")).isEqualTo(new QFormat(8, 3));
        assertThat(net.format("f")).isEqualTo(new QFormat(8, 3));
        // input channels 4 % 4 == 0, output 2 % 2 == 0, square, padding 1 <= output 4
        assertThat(net.layers().get(0).function()).isEqualTo("arm_convolve_HWC_q7_fast");
        assertThat(net.layers().get(1).steps()).extracting(LegacyStep::function).containsExactly("memcpy", "arm_relu_q7");
        assertThat(net.layers().get(2).function()).isEqualTo("arm_maxpool_q7_HWC");
        assertThat(net.layers().get(3).steps()).isEmpty();
    }

    @Test
    void convolutionVariantsFollowTheirConstraints() {
        assertThat(convFunction(new Shape(5, 5, 3), 3, 8, Q7)).isEqualTo("arm_convolve_HWC_q7_RGB");
        assertThat(convFunction(new Shape(5, 5, 1), 3, 8, Q7)).isEqualTo("arm_convolve_HWC_q7_basic");
        assertThat(convFunction(new Shape(1, 26, 3), 1, 16, Q7)).isEqualTo("arm_convolve_HWC_q7_basic_nonsquare");
        assertThat(convFunction(new Shape(1, 26, 4), 1, 16, Q7)).isEqualTo("arm_convolve_HWC_q7_fast_nonsquare");
        // q15: fast needs even channels and an even output size; a non-square odd-channel layer has no q15 function
        assertThat(convFunction(new Shape(6, 6, 2), 3, 2, Q15)).isEqualTo("arm_convolve_HWC_q15_fast");
        assertThat(convFunction(new Shape(5, 5, 1), 3, 2, Q15)).isEqualTo("arm_convolve_HWC_q15_basic");
        assertThat(convFunction(new Shape(1, 26, 3), 1, 16, Q15)).isEqualTo("cnn_ops_conv");
    }

    /** A "same"-padded kh x 3 convolution (kh 1 for a 1-D input) and the function it gets. */
    private static String convFunction(Shape in, int kh, int outCh, LegacyQuantizer.Options o) {
        int padH = kh / 2;
        Op.Conv2D conv = new Op.Conv2D(kh, 3, 1, 1, 1, 1, new Padding(padH, padH, 1, 1), in.c(), outCh, 1,
                new float[outCh * kh * 3 * in.c()], new float[outCh], Activation.LINEAR);
        Graph g = GraphFixtures.single(in, conv);
        return new LegacyQuantizer().quantize(g, ranges(Map.of("x", 7, "y", 7)), o).layers().get(0).function();
    }

    @Test
    void aPoolWhoseInputIsReadAgainUsesTheGeneratedLoop() {
        // the legacy pooling functions may overwrite their input; 'x' is read by both p and a
        Graph g = new GraphFixtures(new Shape(4, 4, 2))
                .add("p", new Op.Pool2D(Op.PoolKind.MAX, 1, 1, 1, 1, Padding.NONE, false), "x")
                .add("a", new Op.Add(), "x", "p")
                .build("a");
        LegacyNetwork net = new LegacyQuantizer().quantize(g, ranges(Map.of("x", 7, "p", 7, "a", 6)), Q7);
        assertThat(net.layers().get(0).function()).isEqualTo("cnn_ops_pool");
        assertThat(net.layers().get(0).reason()).contains("another layer still reads");
        // add: both inputs Q0.7 into Q1.6: shifts 6 - 7 = -1 each
        assertThat(((LegacyStep.Add) net.layers().get(1).steps().get(0)).shifts()).containsExactly(-1, -1);
    }

    @Test
    void sigmoidInputWiderThanTheTableIsRequantized() {
        // input Q5.2 (frac 2): the table covers Q3.4 at most, so requantize by +2 bits (saturating), then int_width 3
        Graph g = GraphFixtures.single(Shape.vector(4), new Op.ActivationOp(Activation.SIGMOID));
        LegacyNetwork net = new LegacyQuantizer().quantize(g, ranges(Map.of("x", 2, "y", 7)), Q7);
        LegacyLayer layer = net.layers().get(0);
        assertThat(layer.steps()).extracting(LegacyStep::function).containsExactly("cnn_ops_requantize", "arm_nn_activations_direct_q7");
        assertThat(((LegacyStep.Requantize) layer.steps().get(0)).shift()).isEqualTo(2);
        assertThat(((LegacyStep.TableActivation) layer.steps().get(1)).intWidth()).isEqualTo(3);
        assertThat(layer.outputFormat()).isEqualTo(new QFormat(8, 7));
    }

    @Test
    void aPadWithANonZeroValueIsRefusedNamingTheLayer() {
        Graph g = GraphFixtures.single(new Shape(2, 2, 1), new Op.Pad(new io.cmsisnn.graph.Padding(1, 1, 1, 1), 2f));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LegacyQuantizer().quantize(g, ranges(Map.of("x", 7, "y", 7)), Q7))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("'y'").hasMessageContaining("value 2.0")
                .hasMessageContaining("zeros");
    }

    @Test
    void softmaxGivesQ0Point15InQ15() {
        Graph g = GraphFixtures.single(Shape.vector(3), new Op.Softmax());
        LegacyNetwork net = new LegacyQuantizer().quantize(g, ranges(Map.of("x", 10, "y", 3)), Q15);
        assertThat(net.outputFormat()).isEqualTo(new QFormat(16, 15));
        assertThat(net.layers().get(0).function()).isEqualTo("arm_softmax_q15");
    }

    @Test
    void qFormatRoundsHalfAwayFromZeroAndSaturates() {
        assertThatThrownBy(() -> new QFormat(12, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new QFormat(8, 7).quantize(-2.0)).isEqualTo(-128);
        assertThat(new QFormat(8, 7).quantize(0.5 / 128 * 3)).isEqualTo(2); // 1.5 rounds away from zero
        assertThat(new QFormat(8, 7).quantize(-0.5 / 128 * 3)).isEqualTo(-2);
    }
}
