package io.cmsisnn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import org.junit.jupiter.api.Test;

/** Each kernel against numbers worked out by hand (shown in the comments). */
class FloatEngineTest {

    private static float[] run(Shape in, Op op, float[] x) {
        return new FloatEngine(GraphFixtures.single(in, op)).run(x);
    }

    @Test
    void convValidTwoByTwoOnThreeByThree() {
        // x = 1..9 as a 3x3 image, w = [[1,0],[0,-1]], bias 0.5:
        // y00 = 1-5+.5 = -3.5, y01 = 2-6+.5 = -3.5, y10 = 4-8+.5, y11 = 5-9+.5
        Op.Conv2D conv = new Op.Conv2D(2, 2, 1, 1, 1, 1, Padding.NONE, 1, 1, 1, new float[] {1, 0, 0, -1}, new float[] {0.5f},
                Activation.LINEAR);
        assertThat(run(new Shape(3, 3, 1), conv, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}))
                .containsExactly(-3.5f, -3.5f, -3.5f, -3.5f);
    }

    @Test
    void convSamePaddingPutsTheOddPadAtTheBottomRightAndClamps() {
        // 'same' for in 3, k 2, stride 1: total pad 1 -> top/left 0, bottom/right 1 (Keras rule).
        // all-ones 2x2 kernel sums a 2x2 window; outside positions count 0; relu6 clamps at 6.
        int[] pad = Padding.same(3, 2, 1, 1);
        assertThat(pad).containsExactly(0, 1);
        Op.Conv2D conv = new Op.Conv2D(2, 2, 1, 1, 1, 1, new Padding(0, 1, 0, 1), 1, 1, 1, new float[] {1, 1, 1, 1},
                new float[] {0}, Activation.clamp(0f, 20f));
        // x = 1..9: windows: (1+2+4+5)=12, (2+3+5+6)=16, (3+6)=9, (4+5+7+8)=24 -> 20 (clamp), (5+6+8+9)=28 -> 20, (6+9)=15, (7+8)=15, (8+9)=17, 9
        assertThat(run(new Shape(3, 3, 1), conv, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}))
                .containsExactly(12, 16, 9, 20, 20, 15, 15, 17, 9);
    }

    @Test
    void convStrideDilationAndChannels() {
        // 1x5x2 input (a 1-D sequence of 5 steps, 2 channels), kernel width 2, dilation 2, stride 2, one output channel,
        // w[kx][ci] = {{1, 10}, {100, 1000}}: y[ox] = x[2ox][0] + 10 x[2ox][1] + 100 x[2ox+2][0] + 1000 x[2ox+2][1]
        // x = steps (0,1),(2,3),(4,5),(6,7),(8,9): y0 = 0+10+400+5000 = 5410, y1 = 4+50+800+9000 = 9854
        Op.Conv2D conv = new Op.Conv2D(1, 2, 1, 2, 1, 2, Padding.NONE, 2, 1, 1, new float[] {1, 10, 100, 1000}, new float[] {0},
                Activation.LINEAR);
        assertThat(run(new Shape(1, 5, 2), conv, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})).containsExactly(5410, 9854);
    }

    @Test
    void groupedConvSeesOnlyItsGroupsChannels() {
        // 1x1 conv, 4 in, 2 out, groups 2: out0 = x0*1 + x1*2, out1 = x2*3 + x3*4; x = 1,2,3,4 -> 5, 25
        Op.Conv2D conv = new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 4, 2, 2, new float[] {1, 2, 3, 4}, new float[] {0, 0},
                Activation.LINEAR);
        assertThat(run(new Shape(1, 1, 4), conv, new float[] {1, 2, 3, 4})).containsExactly(5, 25);
    }

    @Test
    void depthwiseWithMultiplierTwo() {
        // 1x2 input, 2 channels, kernel 1x2 valid, multiplier 2: out channel o = ci*2+m
        // w[kx][o]: kx0 = {1,2,3,4}, kx1 = {5,6,7,8}; x = (1,10),(2,20)
        // o0 = 1*1+2*5 = 11, o1 = 1*2+2*6 = 14, o2 = 10*3+20*7 = 170, o3 = 10*4+20*8 = 200; bias 1 each
        Op.DepthwiseConv2D dw = new Op.DepthwiseConv2D(1, 2, 1, 1, 1, 1, Padding.NONE, 2, 2,
                new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new float[] {1, 1, 1, 1}, Activation.LINEAR);
        assertThat(run(new Shape(1, 2, 2), dw, new float[] {1, 10, 2, 20})).containsExactly(12, 15, 171, 201);
    }

    @Test
    void denseAppliesRowsAndActivation() {
        // w = [[1,2,3],[-1,-1,-1]], b = [0.5, 0]; x = (1,1,1): 6.5, -3 -> relu 6.5, 0
        Op.Dense d = new Op.Dense(3, 2, new float[] {1, 2, 3, -1, -1, -1}, new float[] {0.5f, 0}, Activation.RELU);
        assertThat(run(Shape.vector(3), d, new float[] {1, 1, 1})).containsExactly(6.5f, 0f);
    }

    @Test
    void averagePoolDividesByValidCountAtPaddedCorner() {
        // 2x2 input 1,2,3,4; 2x2 window stride 2 with pad 1 on top/left: output 2x2
        // (0,0) covers only x00=1 -> 1/1; (0,1) covers 2 -> wait: window rows -1..0, cols 1..2 -> x01=2 -> 2
        // (1,0): rows 1..2, cols -1..0 -> x10 = 3; (1,1): rows 1..2, cols 1..2 -> x11 = 4
        Op.Pool2D avg = new Op.Pool2D(Op.PoolKind.AVERAGE, 2, 2, 2, 2, new Padding(1, 1, 1, 1), false);
        assertThat(run(new Shape(2, 2, 1), avg, new float[] {1, 2, 3, 4})).containsExactly(1, 2, 3, 4);
        // counting the pad: each window has 4 places, one valid -> x/4
        Op.Pool2D withPad = new Op.Pool2D(Op.PoolKind.AVERAGE, 2, 2, 2, 2, new Padding(1, 1, 1, 1), true);
        assertThat(run(new Shape(2, 2, 1), withPad, new float[] {1, 2, 3, 4})).containsExactly(0.25f, 0.5f, 0.75f, 1f);
        // no padding, 2x2 window over 1,2,3,4: (1+2+3+4)/4 = 2.5
        Op.Pool2D plain = new Op.Pool2D(Op.PoolKind.AVERAGE, 2, 2, 2, 2, Padding.NONE, false);
        assertThat(run(new Shape(2, 2, 1), plain, new float[] {1, 2, 3, 4})).containsExactly(2.5f);
    }

    @Test
    void maxPoolIgnoresPadding() {
        // all-negative input with padding: a zero pad must never win
        Op.Pool2D max = new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, new Padding(1, 1, 1, 1), false);
        assertThat(run(new Shape(2, 2, 1), max, new float[] {-1, -2, -3, -4})).containsExactly(-1, -2, -3, -4);
    }

    @Test
    void globalPools() {
        // 2x1x2: channel 0 = 1, 3; channel 1 = -2, 4
        assertThat(run(new Shape(2, 1, 2), new Op.GlobalPool(Op.PoolKind.AVERAGE), new float[] {1, -2, 3, 4})).containsExactly(2, 1);
        assertThat(run(new Shape(2, 1, 2), new Op.GlobalPool(Op.PoolKind.MAX), new float[] {1, -2, 3, 4})).containsExactly(3, 4);
    }

    @Test
    void softmaxOfOneTwoThree() {
        // e^1, e^2, e^3 over their sum 30.1929: 0.0900306, 0.2447285, 0.6652410
        assertThat(run(Shape.vector(3), new Op.Softmax(), new float[] {1, 2, 3}))
                .containsExactly(new float[] {0.0900306f, 0.2447285f, 0.6652410f}, within(1e-6f));
    }

    @Test
    void activations() {
        assertThat(run(Shape.vector(2), new Op.ActivationOp(Activation.SIGMOID), new float[] {0, 2}))
                .containsExactly(new float[] {0.5f, 0.8807971f}, within(1e-6f)); // 1/(1+e^-2)
        assertThat(run(Shape.vector(2), new Op.ActivationOp(Activation.TANH), new float[] {0, 1}))
                .containsExactly(new float[] {0f, 0.7615942f}, within(1e-6f));
        assertThat(run(Shape.vector(2), new Op.ActivationOp(Activation.leakyRelu(0.1f)), new float[] {-2, 3}))
                .containsExactly(-0.2f, 3f);
        assertThat(run(Shape.vector(3), new Op.ActivationOp(Activation.RELU6), new float[] {-1, 3, 7})).containsExactly(0, 3, 6);
    }

    @Test
    void concatAddPadUpsample() {
        Shape s = new Shape(1, 2, 1);
        var g = new GraphFixtures(s)
                .add("c", new Op.Concat(Op.Axis.C), "x", "x")      // (1,1),(2,2)
                .add("w", new Op.Concat(Op.Axis.W), "x", "x")      // 1,2,1,2
                .add("a", new Op.Add(), "x", "x")                  // 2,4
                .add("p", new Op.Pad(new Padding(1, 0, 0, 1)), "x") // 2x3: 0,0,0 / 1,2,0
                .add("u", new Op.Upsample(2, 1), "x")              // 2x2: 1,2 / 1,2
                .build("u");
        var all = new FloatEngine(g).runAll(new float[] {1, 2});
        assertThat(all.get("c")).containsExactly(1, 1, 2, 2);
        assertThat(all.get("w")).containsExactly(1, 2, 1, 2);
        assertThat(all.get("a")).containsExactly(2, 4);
        assertThat(all.get("p")).containsExactly(0, 0, 0, 1, 2, 0);
        assertThat(all.get("u")).containsExactly(1, 2, 1, 2);
    }
}
