package io.cmsisnn.passes;

import static io.cmsisnn.engine.GraphFixtures.INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.engine.GraphFixtures;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import org.junit.jupiter.api.Test;

class CrossLayerEqualizationPassTest {
    private final CrossLayerEqualization cle = new CrossLayerEqualization();

    /** Depthwise 1x2 over 2 channels: per channel (kx 0, kx 1) = (4, -2) and (1/4, -1/8), ranges 4 and 1/4; bias (1, 1/2). */
    private static Op.DepthwiseConv2D depthwise(Activation a) {
        return new Op.DepthwiseConv2D(1, 2, 1, 1, 1, 1, Padding.NONE, 2, 1, new float[] {4, 0.25f, -2, -0.125f},
                new float[] {1, 0.5f}, a);
    }

    /** Pointwise 2 -> 2: rows (1, -1/2) and (1/2, 1), so input columns 0 and 1 both have range 1; bias (1/4, -1). */
    private static Op.Conv2D pointwise() {
        return new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 2, 2, 1, new float[] {1, -0.5f, 0.5f, 1}, new float[] {0.25f, -1},
                Activation.LINEAR);
    }

    /** x at (0,0) = (1, 2), at (0,1) = (1/2, -4). */
    private static final float[] X = {1, 2, 0.5f, -4};

    @Test
    void depthwiseRangesFourAndAQuarterAgainstOnesGiveScalesTwoAndAHalf() {
        Graph g = new GraphFixtures(new Shape(1, 2, 2))
                .add("dw", depthwise(Activation.RELU), INPUT)
                .add("pw", pointwise(), "dw")
                .build("pw");
        CrossLayerEqualization.Result r = cle.equalize(g);

        // s = sqrt(r1 * r2) / r2 = (sqrt(4 * 1) / 1, sqrt(1/4 * 1) / 1) = (2, 1/2)
        // dw: channel 0 / 2 = (2, -1), bias 1/2; channel 1 / (1/2) = (1/2, -1/4), bias 1; layout [kx][c]
        Op.DepthwiseConv2D dw = (Op.DepthwiseConv2D) r.graph().node("dw").op();
        assertThat(dw.weights()).containsExactly(2, 0.5f, -1, -0.25f);
        assertThat(dw.bias()).containsExactly(0.5f, 1);
        assertThat(dw.activation()).isEqualTo(Activation.RELU);
        // pw: column 0 * 2, column 1 * 1/2: rows (2, -1/4), (1, 1/2); bias unchanged
        Op.Conv2D pw = (Op.Conv2D) r.graph().node("pw").op();
        assertThat(pw.weights()).containsExactly(2, -0.25f, 1, 0.5f);
        assertThat(pw.bias()).containsExactly(0.25f, -1);
        // both sides now have ranges sqrt(4 * 1) = 2 and sqrt(1/4 * 1) = 1/2: the second sweep finds s = 1 and stops;
        // the factors spread by 2 / (1/2) = 4, just enough (MIN_SPREAD)
        assertThat(r.pairs()).containsExactly(new CrossLayerEqualization.Pair("dw", "pw", 0.5, 2));
        assertThat(r.notes()).singleElement().asString().startsWith("layer 'dw': equalized with 'pw': channel scales 0.5 to 2 (");

        // before: dw = (4*1 - 2*1/2 + 1, 1/4*2 + 1/8*4 + 1/2) = (4, 3/2); pw = (4 - 3/4 + 1/4, 2 + 3/2 - 1) = (3.5, 2.5)
        // after:  dw = (2 - 1/2 + 1/2, 1/2*2 + 1/4*4 + 1) = (2, 3) = (4/2, (3/2)/(1/2)); pw = (4 - 3/4 + 1/4, 2 + 3/2 - 1)
        assertThat(new FloatEngine(g).run(X)).containsExactly(3.5f, 2.5f);
        assertThat(new FloatEngine(r.graph()).run(X)).containsExactly(3.5f, 2.5f);
        Graph dwOnly = new GraphFixtures(new Shape(1, 2, 2)).add("dw", dw, INPUT).build("dw");
        assertThat(new FloatEngine(dwOnly).run(X)).containsExactly(2, 3);
    }

    @Test
    void looksThroughAStandaloneReluAndAZeroPad() {
        // the same pair with its ReLU as a node of its own and a zero padding before the pointwise conv: the same scales
        Graph g = new GraphFixtures(new Shape(1, 2, 2))
                .add("dw", depthwise(Activation.LINEAR), INPUT)
                .add("relu", new Op.ActivationOp(Activation.RELU), "dw")
                .add("pad", new Op.Pad(new Padding(0, 0, 1, 1)), "relu")
                .add("pw", pointwise(), "pad")
                .build("pw");
        CrossLayerEqualization.Result r = cle.equalize(g);

        assertThat(((Op.DepthwiseConv2D) r.graph().node("dw").op()).weights()).containsExactly(2, 0.5f, -1, -0.25f);
        assertThat(((Op.Conv2D) r.graph().node("pw").op()).weights()).containsExactly(2, -0.25f, 1, 0.5f);
        // padded row: (pad, (4, 3/2), pad); pad positions give the bias (1/4, -1) before and after
        assertThat(new FloatEngine(r.graph()).run(X)).containsExactly(0.25f, -1, 3.5f, 2.5f, 0.25f, -1);
        assertThat(new FloatEngine(g).run(X)).containsExactly(0.25f, -1, 3.5f, 2.5f, 0.25f, -1);
    }

    @Test
    void chainOfThreeConvergesToTheCubeRootOfTheProductOfRanges() {
        // a: 1x1 conv 1 -> 2, channel ranges 8 and 1/8; b: 1x1 conv 2 -> 2, diagonal (1, 1): row c = column c, range 1;
        // d: dense 2 -> 1, columns (1, -1), ranges 1 and 1.
        // Balanced, every layer's channel c has one range: a_c / s1 = b_c * s1 / s2 = d_c * s2, whose product is
        // a_c * b_c * d_c, so each is (a_c b_c d_c)^(1/3): 2 for channel 0, 1/2 for channel 1;
        // s1 = a_c / that = (4, 1/4), s2 = that / d_c = (2, 1/2).
        Graph g = new GraphFixtures(Shape.vector(1))
                .add("a", new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 1, 2, 1, new float[] {8, 0.125f}, new float[] {0.5f, -0.25f},
                        Activation.RELU), INPUT)
                .add("b", new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 2, 2, 1, new float[] {1, 0, 0, 1}, new float[] {0, 0},
                        Activation.RELU), "a")
                .add("d", new Op.Dense(2, 1, new float[] {1, -1}, new float[] {0.125f}, Activation.LINEAR), "b")
                .build("d");
        CrossLayerEqualization.Result r = cle.equalize(g);

        float[] a = ((Op.Conv2D) r.graph().node("a").op()).weights();
        float[] b = ((Op.Conv2D) r.graph().node("b").op()).weights();
        float[] d = ((Op.Dense) r.graph().node("d").op()).weights();
        assertThat(a[0]).isCloseTo(2f, within(2e-3f));
        assertThat(a[1]).isCloseTo(0.5f, within(5e-4f));
        assertThat(b[0]).isCloseTo(2f, within(2e-3f));
        assertThat(b[1]).isEqualTo(0f);
        assertThat(b[2]).isEqualTo(0f);
        assertThat(b[3]).isCloseTo(0.5f, within(5e-4f));
        assertThat(d[0]).isCloseTo(2f, within(2e-3f));
        assertThat(d[1]).isCloseTo(-0.5f, within(5e-4f));
        // a's bias / s1 = (0.5 / 4, -0.25 / (1/4)) = (1/8, -1)
        assertThat(((Op.Conv2D) r.graph().node("a").op()).bias()).containsExactly(new float[] {0.125f, -1f}, within(1e-3f));
        assertThat(r.pairs()).hasSize(2);
        assertThat(r.pairs().get(0).minScale()).isCloseTo(0.25, within(1e-3));
        assertThat(r.pairs().get(0).maxScale()).isCloseTo(4, within(1e-3));
        assertThat(r.pairs().get(1).minScale()).isCloseTo(0.5, within(1e-3));
        assertThat(r.pairs().get(1).maxScale()).isCloseTo(2, within(1e-3));

        // x = 1: a = relu(8 + 1/2, 1/8 - 1/4) = (8.5, 0); b = (8.5, 0); d = 8.5 - 0 + 1/8 = 8.625; x = -1: a = (0, 0), d = 1/8
        assertThat(new FloatEngine(r.graph()).run(new float[] {1})[0]).isCloseTo(8.625f, within(1e-6f * 8.625f));
        assertThat(new FloatEngine(r.graph()).run(new float[] {-1})[0]).isCloseTo(0.125f, within(1e-6f));
        // x = 4: a = relu(32.5, 1/2 - 1/4) = (32.5, 1/4); d = 32.5 - 1/4 + 1/8 = 32.375
        assertThat(new FloatEngine(r.graph()).run(new float[] {4})[0]).isCloseTo(32.375f, within(1e-6f * 32.375f));
    }

    @Test
    void balancesEveryChannelOfADepthwiseMultiplierIntoAGroupedConv() {
        // depthwise 3x3 over 3 channels, multiplier 2 (output channel ci*2+m), channels scaled by 1, 10, 0.1, 3, 30, 0.3;
        // then a 1x1 conv 6 -> 4 in 2 groups: output o reads input channels 3*(o/2) .. 3*(o/2)+2, at [o][in % 3].
        // One pair: after s_c = sqrt(r1_c / r2_c) both sides of channel c have range sqrt(r1_c * r2_c), so the
        // second sweep finds s = 1.
        java.util.Random random = new java.util.Random(5);
        float[] spread = {1, 10, 0.1f, 3, 30, 0.3f};
        float[] dw = GraphFixtures.random(random, 9 * 6);
        for (int i = 0; i < dw.length; i++) {
            dw[i] *= spread[i % 6];
        }
        float[] dwBias = GraphFixtures.random(random, 6);
        float[] pw = GraphFixtures.random(random, 4 * 3);
        Graph g = new GraphFixtures(new Shape(5, 5, 3))
                .add("dw", new Op.DepthwiseConv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 3, 2, dw, dwBias, Activation.RELU), INPUT)
                .add("pw", new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 6, 4, 2, pw, GraphFixtures.random(random, 4),
                        Activation.LINEAR), "dw")
                .build("pw");
        CrossLayerEqualization.Result r = cle.equalize(g);

        float[] dwAfter = ((Op.DepthwiseConv2D) r.graph().node("dw").op()).weights();
        float[] pwAfter = ((Op.Conv2D) r.graph().node("pw").op()).weights();
        for (int c = 0; c < 6; c++) {
            double r1 = 0;
            double r1After = 0;
            for (int i = c; i < dw.length; i += 6) {
                r1 = Math.max(r1, Math.abs(dw[i]));
                r1After = Math.max(r1After, Math.abs(dwAfter[i]));
            }
            double r2 = 0;
            double r2After = 0;
            for (int o = c / 3 * 2; o < c / 3 * 2 + 2; o++) {
                r2 = Math.max(r2, Math.abs(pw[o * 3 + c % 3]));
                r2After = Math.max(r2After, Math.abs(pwAfter[o * 3 + c % 3]));
            }
            double balanced = Math.sqrt(r1 * r2);
            assertThat(r1After).as("depthwise channel %d", c).isCloseTo(balanced, within(1e-6 * balanced));
            assertThat(r2After).as("pointwise column %d", c).isCloseTo(balanced, within(1e-6 * balanced));
            assertThat(((Op.DepthwiseConv2D) r.graph().node("dw").op()).bias()[c])
                    .isCloseTo((float) (dwBias[c] / Math.sqrt(r1 / r2)), within(1e-6f * (1 + Math.abs(dwBias[c]))));
        }
        // the same function: outputs equal up to float rounding
        FloatEngine before = new FloatEngine(g);
        FloatEngine after = new FloatEngine(r.graph());
        for (int k = 0; k < 3; k++) {
            float[] x = GraphFixtures.random(random, 75);
            float[] expected = before.run(x);
            float[] actual = after.run(x);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f * (1 + Math.abs(expected[i]))));
            }
        }
    }

    @Test
    void leavesATensorWithTwoReadersAlone() {
        // dw feeds pw and a second pointwise conv: scaling dw's channels would change what the other one reads
        Graph g = new GraphFixtures(new Shape(1, 2, 2))
                .add("dw", depthwise(Activation.RELU), INPUT)
                .add("pw", pointwise(), "dw")
                .add("pw2", pointwise(), "dw")
                .add("sum", new Op.Add(), "pw", "pw2")
                .build("sum");
        assertUnchanged(g);
    }

    @Test
    void leavesAPairAloneWhoseTensorIsAlsoTheGraphOutput() {
        Graph g = new GraphFixtures(new Shape(1, 2, 2))
                .add("dw", depthwise(Activation.RELU), INPUT)
                .add("pw", pointwise(), "dw")
                .build("dw");
        assertUnchanged(g);
    }

    @Test
    void leavesReluSixAlone() {
        // relu6(x / s) is not relu6(x) / s: the bound 6 would have to move with the channel
        assertUnchanged(new GraphFixtures(new Shape(1, 2, 2))
                .add("dw", depthwise(Activation.RELU6), INPUT)
                .add("pw", pointwise(), "dw")
                .build("pw"));
        assertUnchanged(new GraphFixtures(new Shape(1, 2, 2))
                .add("dw", depthwise(Activation.LINEAR), INPUT)
                .add("relu6", new Op.ActivationOp(Activation.RELU6), "dw")
                .add("pw", pointwise(), "relu6")
                .build("pw"));
    }

    @Test
    void leavesAPairAcrossAnAddOrANonZeroPadAlone() {
        assertUnchanged(new GraphFixtures(new Shape(1, 2, 2))
                .add("dw", depthwise(Activation.RELU), INPUT)
                .add("other", depthwise(Activation.LINEAR), INPUT)
                .add("sum", new Op.Add(), "dw", "other")
                .add("pw", pointwise(), "sum")
                .build("pw"));
        assertUnchanged(new GraphFixtures(new Shape(1, 2, 2))
                .add("dw", depthwise(Activation.RELU), INPUT)
                .add("pad", new Op.Pad(new Padding(0, 0, 1, 1), 1f), "dw")
                .add("pw", pointwise(), "pad")
                .build("pw"));
    }

    @Test
    void leavesANearlyBalancedPairAndEverythingWhenOffAlone() {
        // dw ranges (2.25, 1) against pw columns (1, 1): s = (1.5, 1), which spread by 1.5 < 4
        assertUnchanged(new GraphFixtures(new Shape(1, 2, 2))
                .add("dw", new Op.DepthwiseConv2D(1, 2, 1, 1, 1, 1, Padding.NONE, 2, 1, new float[] {2.25f, -1, 0.5f, 0.5f},
                        new float[] {1, 0.5f}, Activation.RELU), INPUT)
                .add("pw", pointwise(), "dw")
                .build("pw"));
        Graph g = new GraphFixtures(new Shape(1, 2, 2))
                .add("dw", depthwise(Activation.RELU), INPUT)
                .add("pw", pointwise(), "dw")
                .build("pw");
        CrossLayerEqualization.Result off = new CrossLayerEqualization(false).equalize(g);
        assertThat(off.graph()).isSameAs(g);
        assertThat(off.pairs()).isEmpty();
    }

    private void assertUnchanged(Graph g) {
        CrossLayerEqualization.Result r = cle.equalize(g);
        assertThat(r.graph()).isSameAs(g);
        assertThat(r.pairs()).isEmpty();
        assertThat(r.notes()).isEmpty();
    }
}
