package io.cmsisnn.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.emulation.AffineNetworkEmulator;
import io.cmsisnn.engine.GraphFixtures;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Concatenation, padding and leaky ReLU in s8/s16 with hand-derived parameters and codes. The ranges
 * are chosen so that every scale is a power of two: [0, 255/128] is scale 1/128, zero point -128.
 */
class AffineDataMovementTest {
    private static final ActivationRanges.Range X = new ActivationRanges.Range(0f, 255f / 128, null);
    private static final ActivationRanges.Range WIDE = new ActivationRanges.Range(0f, 255f / 64, null);

    private static AffineNetwork quantize(Graph g, ActivationRanges r, int bits, boolean single) {
        return new AffineQuantizer().quantize(g, r, new AffineQuantizer.Options(bits, true, single));
    }

    /** alpha 0.25 with equal input and output quantization: identity 2^30 * 2^1 / 2^31 = 1, alpha 2^30 * 2^-1 / 2^31 = 1/4. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void leakyReluIsTflitesTwoRescales(boolean single) {
        Graph g = GraphFixtures.single(new Shape(1, 1, 5), new Op.ActivationOp(Activation.leakyRelu(0.25f)));
        // [-1, 127/128]: scale 1/128, zero point 0
        AffineNetwork net = quantize(g, t -> new ActivationRanges.Range(-1f, 127f / 128, null), 8, single);
        AffineStep.LeakyRelu s = (AffineStep.LeakyRelu) net.layers().get(0).steps().get(0);
        assertThat(s.identity()).isEqualTo(new QuantizedMultiplier(1 << 30, 1));
        assertThat(s.alpha()).isEqualTo(new QuantizedMultiplier(1 << 30, -1));
        assertThat(s.recode()).isEqualTo(new AffineStep.Recode(0, 0, new NnTypes.Activation(-128, 127)));
        int[] out = new AffineNetworkEmulator(net).run(new int[] {100, -100, -2, -128, 0});
        // -2 / 4 = -0.5: the default rounding's divide rounds half away from zero, single rounding ties to +infinity
        assertThat(out).containsExactly(100, -25, single ? 0 : -1, -32, 0);
    }

    /** Output range [0, 255/64] (scale 1/64) from input [0, 255/128]: identity 1/2, alpha 1/20. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void leakyReluRescalesToItsOwnOutput(boolean single) {
        Graph g = GraphFixtures.single(new Shape(1, 1, 3), new Op.ActivationOp(Activation.leakyRelu(0.1f)));
        AffineNetwork net = quantize(g, t -> t.equals("x") ? X : WIDE, 8, single);
        AffineStep.LeakyRelu s = (AffineStep.LeakyRelu) net.layers().get(0).steps().get(0);
        assertThat(s.identity()).isEqualTo(new QuantizedMultiplier(1 << 30, 0));
        assertThat(s.recode().inputZeroPoint()).isEqualTo(-128);
        assertThat(s.recode().outputZeroPoint()).isEqualTo(-128);
        // x = q + 128 >= 0 always: codes 3 -> 1.5 -> 2 (both modes round the tie up), 255 -> 127.5 -> 128
        assertThat(new AffineNetworkEmulator(net).run(new int[] {-125, 127, -128})).containsExactly(-126, 0, -128);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void concatRequantizesTheInputWhoseQuantizationDiffers(boolean single) {
        // l: leaky ReLU with alpha 1 (an identity) given the wider range; c = concat(x, l) on channels
        Graph g = new GraphFixtures(new Shape(1, 1, 2)).add("l", new Op.ActivationOp(Activation.leakyRelu(1f)), "x")
                .add("c", new Op.Concat(Op.Axis.C), "x", "l").build("c");
        AffineNetwork net = quantize(g, t -> t.equals("x") ? X : WIDE, 8, single);
        // the union of [0, 255/128] and [0, 255/64] is l's range: l copied, x requantized by 1/2
        assertThat(net.quant("c")).isEqualTo(net.quant("l"));
        AffineLayer cat = net.layers().get(1);
        AffineStep.ConcatSlice first = (AffineStep.ConcatSlice) cat.steps().get(0);
        AffineStep.ConcatSlice second = (AffineStep.ConcatSlice) cat.steps().get(1);
        assertThat(first.rescale()).isTrue();
        assertThat(first.multiplier()).isEqualTo(new QuantizedMultiplier(1 << 30, 0));
        assertThat(new int[] {first.recode().inputZeroPoint(), first.recode().outputZeroPoint(), first.axisOffset()})
                .containsExactly(-128, -128, 0);
        assertThat(first.function()).isEqualTo("generated requantize loop");
        assertThat(second.rescale()).isFalse();
        assertThat(second.function()).isEqualTo("arm_concatenation_s8_x");
        assertThat(second.axisOffset()).isEqualTo(2);
        assertThat(cat.function()).isEqualTo("generated requantize loop and arm_concatenation_s8_x");
        // x codes -125, 127 are 3 and 255 steps of 1/128: 1.5 -> 2 and 127.5 -> 128 steps of 1/64
        assertThat(new AffineNetworkEmulator(net).run(new int[] {-125, 127})).containsExactly(-126, 0, -126, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void concatOfEqualQuantizationKeepsItAndCopies(int bits) {
        Graph g = new GraphFixtures(new Shape(2, 1, 2)).add("c", new Op.Concat(Op.Axis.W), "x", "x").build("c");
        AffineNetwork net = quantize(g, t -> new ActivationRanges.Range(-1f, 1f, null), bits, false);
        assertThat(net.quant("c")).isEqualTo(net.quant("x"));
        AffineStep.ConcatSlice s = (AffineStep.ConcatSlice) net.layers().get(0).steps().get(1);
        assertThat(s.rescale()).isFalse();
        assertThat(s.function()).isEqualTo(bits == 8 ? "arm_concatenation_s8_y" : "generated copy loop");
        // x [h][w][c] = [[1, 2]], [[3, 4]]: each row of w doubled
        assertThat(new AffineNetworkEmulator(net).run(new int[] {1, 2, 3, 4})).containsExactly(1, 2, 1, 2, 3, 4, 3, 4);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void padBorderIsTheZeroPointOrAnExactCode(int bits) {
        Graph g = GraphFixtures.single(new Shape(1, 1, 1), new Op.Pad(new Padding(0, 1, 1, 0), 0.5f));
        // s8: scale 1/128, zero point -128, 0.5 is code -64; s16: scale (255/128)/32767, 0.5 is no exact code
        if (bits == 16) {
            assertThatThrownBy(() -> quantize(g, t -> X, bits, false)).hasMessageContaining("layer 'y'");
            return;
        }
        AffineNetwork net = quantize(g, t -> X, bits, false);
        AffineStep.Pad p = (AffineStep.Pad) net.layers().get(0).steps().get(0);
        assertThat(p.padValue()).isEqualTo(-64);
        assertThat(new AffineNetworkEmulator(net).run(new int[] {7})).containsExactly(-64, 7, -64, -64);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void zeroPaddingUsesTheZeroPoint(int bits) {
        Graph g = GraphFixtures.single(new Shape(1, 2, 1), new Op.Pad(new Padding(1, 0, 0, 1)));
        AffineNetwork net = quantize(g, t -> X, bits, true);
        int zp = bits == 8 ? -128 : 0;
        assertThat(((AffineStep.Pad) net.layers().get(0).steps().get(0)).padValue()).isEqualTo(zp);
        assertThat(new AffineNetworkEmulator(net).run(new int[] {5, 6})).containsExactly(zp, zp, zp, 5, 6, zp);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void inexactPadValueIsRefusedNamingTheLayer(int bits) {
        Graph g = GraphFixtures.single(new Shape(1, 1, 1), new Op.Pad(new Padding(1, 1, 1, 1), 0.003f));
        assertThatThrownBy(() -> quantize(g, t -> X, bits, false)).isInstanceOf(QuantizationException.class)
                .hasMessageContaining("layer 'y'").hasMessageContaining("0.003");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void negativeAlphaIsRefused(int bits) {
        Graph g = GraphFixtures.single(new Shape(1, 1, 1), new Op.ActivationOp(Activation.leakyRelu(-0.5f)));
        assertThatThrownBy(() -> quantize(g, t -> X, bits, false)).isInstanceOf(QuantizationException.class)
                .hasMessageContaining("layer 'y'");
    }
}
