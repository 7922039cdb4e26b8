package io.cmsisnn.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.engine.GraphFixtures;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Where a widened s8 network is int16 and where it requantizes, checked against the rules the
 * issue and TFLite's 16x8 spec fix: a widened layer reads and writes int16 with the _s16 kernel
 * (int16 symmetric tensors, zero point 0, int64 bias), a pool follows its input, an add of mixed
 * inputs requantizes the int16 one, the interface stays int8; bad names fail naming the layer.
 */
class WidenedGraphTest {
    /** x (4x4x2) -> conv a (relu) -> conv b -> max pool p; max pool q of a; add s = p + q; sigmoid t. */
    private static Graph graph() {
        float[] w = new float[2 * 2 * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 - 3) / 5f;
        }
        Padding same = new Padding(1, 1, 1, 1);
        return new GraphFixtures(new Shape(4, 4, 2))
                .add("a", new Op.Conv2D(3, 3, 1, 1, 1, 1, same, 2, 2, 1, w, new float[] {0.1f, -0.1f}, Activation.RELU), "x")
                .add("b", new Op.Conv2D(3, 3, 1, 1, 1, 1, same, 2, 2, 1, w, new float[] {0f, 0.2f}, Activation.LINEAR), "a")
                .add("p", new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false), "b")
                .add("q", new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false), "a")
                .add("s", new Op.Add(), "p", "q")
                .add("t", new Op.ActivationOp(Activation.SIGMOID), "s")
                .build("t");
    }

    private static AffineNetwork quantize(Set<String> widened) {
        return quantize(graph(), widened);
    }

    private static AffineNetwork quantize(Graph g, Set<String> widened) {
        return new AffineQuantizer().quantize(g, t -> new ActivationRanges.Range(-1f, 2f, null),
                new AffineQuantizer.Options(8, true, false, widened));
    }

    @Test
    void aWidenedLayerRunsTheS16KernelBetweenRequantizeSteps() {
        AffineNetwork net = quantize(Set.of("b"));
        List<String> names = net.graph().nodes().stream().map(Node::name).toList();
        assertThat(names).containsExactly("a", "a/to_int16", "b", "p", "q", "p/to_int8", "s", "t");
        assertThat(net.graph().node("b").inputs()).containsExactly("a/to_int16");
        assertThat(net.graph().node("s").inputs()).containsExactly("p/to_int8", "q");
        assertThat(net.wideTensors()).containsExactlyInAnyOrder("a/to_int16", "b", "p");

        AffineLayer b = layer(net, "b");
        AffineStep.Convolution conv = (AffineStep.Convolution) b.steps().get(0);
        assertThat(conv.function()).isEqualTo("arm_convolve_wrapper_s16");
        assertThat(conv.weights().int64Bias()).isTrue();
        // int16 symmetric from the range [-1, 2]: scale 2 / 32767, zero point 0
        assertThat(b.output()).isEqualTo(new AffineQuant(2f / 32767f, 0));
        assertThat(conv.requantization().inputOffset()).isZero();
        assertThat(layer(net, "p").function()).isEqualTo("arm_max_pool_s16");
        assertThat(layer(net, "q").function()).isEqualTo("arm_max_pool_s8");
        assertThat(layer(net, "s").function()).isEqualTo("arm_elementwise_add_s8");

        AffineStep.Requantize up = (AffineStep.Requantize) layer(net, "a/to_int16").steps().get(0);
        assertThat(up.fromInt16()).isFalse();
        assertThat(up.toInt16()).isTrue();
        // int8 of [-1, 2]: scale 3 / 255, zero point round(-128 + 1 / (3/255)) = -43; ratio (3/255) / (2/32767) = 192.7...,
        // so frexp gives S = 8 and M = round(192.74 / 256 * 2^31)
        AffineQuant int8 = AffineQuant.int8(-1f, 2f);
        assertThat(int8.zeroPoint()).isEqualTo(-43);
        assertThat(up.recode()).isEqualTo(new AffineStep.Recode(-43, 0, new NnTypes.Activation(-32768, 32767)));
        assertThat(up.multiplier().shift()).isEqualTo(8);
        double exact = 3.0 / 255 / (2.0 / 32767) / 256 * (1L << 31);
        assertThat((double) up.multiplier().multiplier()).isCloseTo(exact, org.assertj.core.data.Offset.offset(exact * 1e-6));
        AffineStep.Requantize down = (AffineStep.Requantize) layer(net, "p/to_int8").steps().get(0);
        assertThat(down.recode()).isEqualTo(new AffineStep.Recode(0, -43, new NnTypes.Activation(-128, 127)));
        assertThat(down.multiplier().shift()).isEqualTo(-7);

        assertThat(net.bits("x")).isEqualTo(8);
        assertThat(net.bits("t")).isEqualTo(8);
        assertThat(net.notes()).anyMatch(n -> n.contains("layers b run as 16x8"));
    }

    @Test
    void nothingWidenedLeavesTheGraphAsItWas() {
        Graph g = graph();
        AffineNetwork net = quantize(g, Set.of());
        assertThat(net.graph()).isSameAs(g);
        assertThat(net.mixed()).isFalse();
    }

    @Test
    void theLastLayerWidenedEndsInARequantizeToInt8() {
        AffineNetwork net = quantize(Set.of("s"));
        assertThat(net.graph().outputName()).isEqualTo("t");
        assertThat(net.graph().node("t").inputs()).containsExactly("s/to_int8");
        assertThat(layer(net, "s").function()).isEqualTo("arm_elementwise_add_s16");
        assertThat(net.graph().node("s").inputs()).containsExactly("p/to_int16", "q/to_int16");
    }

    @Test
    void anUnknownLayerIsNamedWithTheValidNames() {
        assertThatThrownBy(() -> quantize(Set.of("conv2d_2"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'conv2d_2'").hasMessageContaining("is no layer of the converted network")
                .hasMessageContaining("a, b, p, q, s");
    }

    @Test
    void aSigmoidCannotBeWidened() {
        assertThatThrownBy(() -> quantize(Set.of("t"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'t'").hasMessageContaining("cannot be widened").hasMessageContaining("a, b, p, q, s")
                .hasMessageNotContaining("s, t");
    }

    @Test
    void onlyAnS8NetworkWidens() {
        assertThatThrownBy(() -> new AffineQuantizer.Options(16, true, false, Set.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only an s8 network");
    }

    private static AffineLayer layer(AffineNetwork net, String name) {
        return net.layers().stream().filter(l -> l.node().name().equals(name)).findFirst().orElseThrow();
    }
}
