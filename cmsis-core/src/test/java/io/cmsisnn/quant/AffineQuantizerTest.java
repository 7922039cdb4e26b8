package io.cmsisnn.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.emulation.AffineNetworkEmulator;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The s8/s16 quantizer's handling of degenerate weights and ranges, and its refusals. */
class AffineQuantizerTest {
    private static final AffineQuantizer.Options S8 = new AffineQuantizer.Options(8, true, false);

    private static Graph dense(float[] weights, float[] bias, Activation activation) {
        Node d = new Node("fc", "Dense", new Op.Dense(2, 2, weights, bias, activation), List.of("x"), Shape.vector(2));
        return new Graph("g", "x", Shape.vector(2), List.of(d), "fc");
    }

    private static ActivationRanges ranges(float outMin, float outMax) {
        return t -> t.equals("x") ? new ActivationRanges.Range(-1f, 1f, null) : new ActivationRanges.Range(outMin, outMax, null);
    }

    private static float[] run(AffineNetwork net, float... input) {
        AffineNetworkEmulator e = new AffineNetworkEmulator(net);
        return e.dequantize("fc", e.run(e.quantizeInput(input)));
    }

    @Test
    void anAllZeroWeightChannelStillOutputsItsBiasAndIsReported() {
        // row 0 all zero with bias 0.5: its output is 0.5 whatever the input; row 1 computes x0 - x1
        AffineNetwork net = new AffineQuantizer().quantize(dense(new float[] {0, 0, 1, -1}, new float[] {0.5f, 0}, Activation.LINEAR),
                ranges(-2f, 2f), S8);
        float step = 4f / 255;
        float[] out = run(net, 0.3f, -0.2f);
        assertThat(out[0]).isCloseTo(0.5f, Offset.offset(step));
        assertThat(out[1]).isCloseTo(0.5f, Offset.offset(2 * step));
        assertThat(net.layers().get(0).notes()).anySatisfy(n -> assertThat(n).contains("output channel(s) [0]")
                .contains("only zero weights"));
    }

    @Test
    void aZeroActivationRangeGetsAPositiveScaleAndIsReported() {
        // calibration saw only 0 after the ReLU: the output still quantizes 0 exactly
        AffineNetwork net = new AffineQuantizer().quantize(dense(new float[] {1, 0, 0, 1}, new float[] {0, 0}, Activation.RELU),
                ranges(0f, 0f), S8);
        AffineQuant q = net.quant("fc");
        assertThat(q.scale()).isEqualTo(1f / 255);
        assertThat(q.zeroPoint()).isEqualTo(-128);
        assertThat(run(net, -0.5f, -0.25f)).containsExactly(0f, 0f);
        assertThat(net.layers().get(0).notes()).anySatisfy(n -> assertThat(n).contains("'fc'").contains("zero activation range"));
    }

    @Test
    void anUnderflowingRescaleIsZeroAndReported() {
        // in_scale 2/255 * w_scale (1e-30 / 127) / out_scale 2/255 = 7.9e-33 < 2^-31
        AffineNetwork net = new AffineQuantizer().quantize(dense(new float[] {1e-30f, 1e-30f, 1e-30f, 1e-30f}, new float[] {0, 0},
                Activation.LINEAR), ranges(-1f, 1f), S8);
        AffineStep.FullyConnected fc = (AffineStep.FullyConnected) net.layers().get(0).steps().get(0);
        assertThat(fc.requantization().multipliers()).containsExactly(0, 0);
        assertThat(fc.requantization().shifts()).containsExactly(0, 0);
        assertThat(net.layers().get(0).notes()).anySatisfy(n -> assertThat(n).contains("below 2^-31").contains("underflows"));
    }

    @Test
    void aLayerWithoutAnS8KernelIsRefusedByName() {
        Node up = new Node("up1", "UpSampling2D", new Op.Upsample(2, 2), List.of("x"), new Shape(2, 2, 1));
        Graph g = new Graph("g", "x", new Shape(1, 1, 1), List.of(up), "up1");
        assertThatThrownBy(() -> new AffineQuantizer().quantize(g, t -> new ActivationRanges.Range(-1f, 1f, null), S8))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("'up1' (UpSampling2D)")
                .hasMessageContaining("scheme s8").hasMessageContaining("use scheme q7, q15 or f32");
    }

    @Test
    void s16SoftmaxRunsOnTflmTablesWithTheSpecOutputQuantization() {
        Node sm = new Node("probs", "Softmax", new Op.Softmax(), List.of("x"), Shape.vector(2));
        Graph g = new Graph("g", "x", Shape.vector(2), List.of(sm), "probs");
        AffineNetwork net = new AffineQuantizer().quantize(g, t -> new ActivationRanges.Range(-1f, 1f, null),
                new AffineQuantizer.Options(16, true, false));
        assertThat(net.quant("probs")).isEqualTo(new AffineQuant(1f / 32768, 0));
        AffineStep.SoftmaxS16 step = (AffineStep.SoftmaxS16) net.layers().get(0).steps().get(0);
        assertThat(step.function()).isEqualTo("arm_softmax_s16");
        assertThat(step.expTable()).hasSize(513);
        assertThat(net.layers().get(0).weightBytes()).isEqualTo(2052);
        AffineNetworkEmulator e = new AffineNetworkEmulator(net);
        float[] p = e.dequantize("probs", e.run(e.quantizeInput(new float[] {0.5f, -0.5f})));
        // softmax(0.5, -0.5) = (0.7311, 0.2689); the tables interpolate to about 2^-12
        assertThat(p[0]).isCloseTo(0.7311f, Offset.offset(1e-3f));
        assertThat(p[1]).isCloseTo(0.2689f, Offset.offset(1e-3f));
    }

    @Test
    void anS16DenseLayerWithPerChannelWeightsRunsAsA1x1ConvolutionWithAMultiplierPerOutput() {
        // rows 100x apart: one scale for both would leave row 1 about 1 code of int8 weight
        float[] weights = {1f, -0.5f, 0.01f, 0.004f};
        AffineNetwork net = new AffineQuantizer().quantize(dense(weights, new float[] {0, 0}, Activation.LINEAR),
                ranges(-2f, 2f), new AffineQuantizer.Options(16, true, false));
        AffineStep step = net.layers().get(0).steps().get(0);
        assertThat(step.function()).isEqualTo("arm_convolve_wrapper_s16");
        AffineStep.Convolution c = (AffineStep.Convolution) step;
        assertThat(c.depthwise()).isFalse();
        assertThat(c.filterDims()).isEqualTo(new NnTypes.Dims(2, 1, 1, 2));
        assertThat(c.inputDims()).isEqualTo(new NnTypes.Dims(1, 1, 1, 2));
        assertThat(c.outputDims()).isEqualTo(new NnTypes.Dims(1, 1, 1, 2));
        assertThat(c.weights().perChannel()).isTrue();
        assertThat(c.weights().int64Bias()).isTrue();
        // each row's largest weight is 127
        assertThat(c.weights().values()).containsExactly(127, -64, 127, 51);
        assertThat(c.requantization().multipliers()[0]).isNotEqualTo(c.requantization().multipliers()[1]);
        float[] out = run(net, 0.5f, -0.25f);
        assertThat(out[0]).isCloseTo(0.625f, Offset.offset(1e-3f));
        assertThat(out[1]).isCloseTo(0.004f, Offset.offset(1e-4f));

        AffineNetwork perTensor = new AffineQuantizer().quantize(dense(weights, new float[] {0, 0}, Activation.LINEAR),
                ranges(-2f, 2f), new AffineQuantizer.Options(16, false, false));
        AffineStep.FullyConnected fc = (AffineStep.FullyConnected) perTensor.layers().get(0).steps().get(0);
        assertThat(fc.function()).isEqualTo("arm_fully_connected_s16");
        assertThat(fc.weights().perChannel()).isFalse();
        assertThat(fc.weights().values()).containsExactly(127, -64, 1, 1);
        // both weights of row 1 are the code 1: 0.5 / 127 - 0.25 / 127 instead of 0.004
        assertThat(run(perTensor, 0.5f, -0.25f)[1]).isCloseTo(0.25f / 127, Offset.offset(1e-4f));
    }

    @Test
    void s16SigmoidIsRefusedByName() {
        Node sg = new Node("gate", "Activation", new Op.ActivationOp(Activation.SIGMOID), List.of("x"), Shape.vector(2));
        Graph g = new Graph("g", "x", Shape.vector(2), List.of(sg), "gate");
        assertThatThrownBy(() -> new AffineQuantizer().quantize(g, t -> new ActivationRanges.Range(-1f, 1f, null),
                new AffineQuantizer.Options(16, true, false)))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("'gate'").hasMessageContaining("scheme s16")
                .hasMessageContaining("arm_nn_activation_s16");
    }

    @Test
    void sigmoidAndTanhTablesFollowTheTfliteOutputQuantization() {
        AffineQuant in = new AffineQuant(1f / 16, 0);
        byte[] sigmoid = Int8ActivationTable.sigmoid(in);
        // x = 0: 0.5 * 256 - 128 = 0; x = 1: round(0.7310586 * 256) - 128 = 187 - 128; x = -8: round(0.0858) - 128
        assertThat(sigmoid[128]).isEqualTo((byte) 0);
        assertThat(sigmoid[128 + 16]).isEqualTo((byte) 59);
        assertThat(sigmoid[0]).isEqualTo((byte) -128);
        // tanh(0.5) * 128 = 59.15
        assertThat(Int8ActivationTable.tanh(in)[128 + 8]).isEqualTo((byte) 59);
    }
}
