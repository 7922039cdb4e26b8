package io.cmsisnn.engine;

import static io.cmsisnn.engine.GraphFixtures.INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.GraphException;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each op against numbers worked out by hand; the working is in the comments. */
class FloatEngineTest {
    /** 1..9 as a 3x3 one-channel image: rows (1 2 3), (4 5 6), (7 8 9). */
    private static final float[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    /** 1..25 as a 5x5 one-channel image: x[i][j] = 5i + j + 1. */
    private static final float[] ONE_TO_25 = sequence(25);
    /** Kernel (1 2 / 3 4) for one input and one output channel: w[0][ky][kx][0]. */
    private static final float[] W1234 = {1, 2, 3, 4};

    private static float[] run(Shape in, Op op, float[] x) {
        return new FloatEngine(GraphFixtures.single(in, op)).run(x);
    }

    private static float[] sequence(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    private static Op.Conv2D conv(int k, int stride, int dilation, Padding pad, float[] w, float bias) {
        return new Op.Conv2D(k, k, stride, stride, dilation, dilation, pad, 1, 1, 1, w, new float[] {bias}, Activation.LINEAR);
    }

    @Test
    void convTwoByTwoValidOnThreeByThree() {
        // y[oy][ox] = 1*x[oy][ox] + 2*x[oy][ox+1] + 3*x[oy+1][ox] + 4*x[oy+1][ox+1] + 0.5
        // y00 = 1+4+12+20+.5 = 37.5, y01 = 2+6+15+24+.5 = 47.5, y10 = 4+10+21+32+.5 = 67.5, y11 = 5+12+24+36+.5 = 77.5
        assertThat(run(new Shape(3, 3, 1), conv(2, 1, 1, Padding.NONE, W1234, 0.5f), ONE_TO_NINE))
                .containsExactly(37.5f, 47.5f, 67.5f, 77.5f);
    }

    @Test
    void convSamePaddingPutsTheOddPadAtTheBottomRight() {
        // Keras 'same', in 3, kernel 2, stride 1: 3 outputs need 1 pad, which goes after (bottom/right).
        assertThat(Padding.same(3, 2, 1, 1)).containsExactly(0, 1);
        // Same formula as above, taps past the right/bottom edge skipped:
        // row 0: 37, 47, y02 = 1*3 + 3*6 = 21; row 1: 67, 77, y12 = 1*6 + 3*9 = 33
        // row 2: y20 = 1*7 + 2*8 = 23, y21 = 1*8 + 2*9 = 26, y22 = 1*9 = 9
        assertThat(run(new Shape(3, 3, 1), conv(2, 1, 1, new Padding(0, 1, 0, 1), W1234, 0f), ONE_TO_NINE))
                .containsExactly(37, 47, 21, 67, 77, 33, 23, 26, 9);
    }

    @Test
    void convStrideTwo() {
        // 5x5, all-ones 3x3 kernel, stride 2, valid: 2x2 outputs, windows at rows/cols 0 and 2.
        // x is linear in i and j, so a 3x3 window sums to 9 * its centre: centres x11=7, x13=9, x31=17, x33=19
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertThat(run(new Shape(5, 5, 1), conv(3, 2, 1, Padding.NONE, ones, 0f), ONE_TO_25))
                .containsExactly(63, 81, 153, 171);
    }

    @Test
    void convDilationTwo() {
        // 2x2 kernel (1 2 / 3 4) at dilation 2 spans 3x3: 3x3 outputs on 5x5.
        // y = 1*x[i][j] + 2*x[i][j+2] + 3*x[i+2][j] + 4*x[i+2][j+2] = v + 2(v+2) + 3(v+10) + 4(v+12) = 10v + 82, v = x[i][j]
        // v = 1,2,3 / 6,7,8 / 11,12,13 -> 92,102,112 / 142,152,162 / 192,202,212 (y00 = 1 + 6 + 33 + 52 = 92)
        assertThat(run(new Shape(5, 5, 1), conv(2, 1, 2, Padding.NONE, W1234, 0f), ONE_TO_25))
                .containsExactly(92, 102, 112, 142, 152, 162, 192, 202, 212);
    }

    @Test
    void convOverChannelsAndStridesPerAxis() {
        // a 1-D sequence: 1x5 steps, 2 channels, kernel 1x2, stride 2 along W, dilation 2 along W, 1 output channel.
        // w[kx][ci] = (1, 10), (100, 1000): y[ox] = x[2ox][0] + 10 x[2ox][1] + 100 x[2ox+2][0] + 1000 x[2ox+2][1]
        // steps (0,1),(2,3),(4,5),(6,7),(8,9): y0 = 0 + 10 + 400 + 5000 = 5410, y1 = 4 + 50 + 800 + 9000 = 9854
        Op.Conv2D c = new Op.Conv2D(1, 2, 1, 2, 1, 2, Padding.NONE, 2, 1, 1, new float[] {1, 10, 100, 1000}, new float[] {0},
                Activation.LINEAR);
        assertThat(run(new Shape(1, 5, 2), c, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})).containsExactly(5410, 9854);
    }

    @Test
    void groupedConvSeesOnlyItsGroupsChannels() {
        // 1x1 kernel, 4 in, 4 out, groups 2: out 0,1 read in 0,1; out 2,3 read in 2,3. w[oc][ci of group]:
        // oc0 (1,2), oc1 (3,4), oc2 (5,6), oc3 (7,8); bias (0,0,0,1)
        // position 0, x = (1,2,3,4): 1+4 = 5, 3+8 = 11, 15+24 = 39, 21+32+1 = 54
        // position 1, x = (1,0,0,1): 1, 3, 6, 8+1 = 9
        Op.Conv2D c = new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 4, 4, 2, new float[] {1, 2, 3, 4, 5, 6, 7, 8},
                new float[] {0, 0, 0, 1}, Activation.LINEAR);
        assertThat(run(new Shape(1, 2, 4), c, new float[] {1, 2, 3, 4, 1, 0, 0, 1})).containsExactly(5, 11, 39, 54, 1, 3, 6, 9);
    }

    @Test
    void convAppliesItsClamp() {
        // same as the valid 2x2 case (37.5, 47.5, 67.5, 77.5), clamped to [40, 70]
        Op.Conv2D c = new Op.Conv2D(2, 2, 1, 1, 1, 1, Padding.NONE, 1, 1, 1, W1234, new float[] {0.5f}, Activation.clamp(40, 70));
        assertThat(run(new Shape(3, 3, 1), c, ONE_TO_NINE)).containsExactly(40, 47.5f, 67.5f, 70);
    }

    @Test
    void depthwiseWithMultiplierTwo() {
        // 2x2 input, 2 channels: ch0 = (1 2 / 3 4), ch1 = (10 20 / 30 40); 2x2 kernel, valid -> one position,
        // output channel o = ci*2 + m. Kernels per output channel (as ky,kx grids):
        // o0 = ones on ch0 -> 10; o1 = (1 0 / 0 -1) on ch0 -> 1 - 4 = -3;
        // o2 = (0 1 / 0 0) on ch1 -> 20; o3 = all 0.5 on ch1 -> 50, bias 0.25 -> 50.25
        // stored [ky][kx][o]: (0,0) = 1,1,0,.5; (0,1) = 1,0,1,.5; (1,0) = 1,0,0,.5; (1,1) = 1,-1,0,.5
        Op.DepthwiseConv2D d = new Op.DepthwiseConv2D(2, 2, 1, 1, 1, 1, Padding.NONE, 2, 2,
                new float[] {1, 1, 0, .5f, 1, 0, 1, .5f, 1, 0, 0, .5f, 1, -1, 0, .5f}, new float[] {0, 0, 0, .25f}, Activation.LINEAR);
        assertThat(run(new Shape(2, 2, 2), d, new float[] {1, 10, 2, 20, 3, 30, 4, 40})).containsExactly(10, -3, 20, 50.25f);
    }

    @Test
    void depthwiseSamePaddingSkipsOutsideTaps() {
        // 3x3 one channel, 2x2 kernel (1 2 / 3 4), pad bottom/right 1: the same numbers as the Conv2D 'same' case
        Op.DepthwiseConv2D d = new Op.DepthwiseConv2D(2, 2, 1, 1, 1, 1, new Padding(0, 1, 0, 1), 1, 1, W1234, new float[] {0},
                Activation.LINEAR);
        assertThat(run(new Shape(3, 3, 1), d, ONE_TO_NINE)).containsExactly(37, 47, 21, 67, 77, 33, 23, 26, 9);
    }

    @Test
    void denseAppliesRowsBiasAndActivation() {
        // w = (1 2 3 / -1 -1 -1), b = (0.5, 0); x = (1,1,1): 6.5 and -3 -> relu: 6.5, 0
        Op.Dense d = new Op.Dense(3, 2, new float[] {1, 2, 3, -1, -1, -1}, new float[] {0.5f, 0}, Activation.RELU);
        assertThat(run(Shape.vector(3), d, new float[] {1, 1, 1})).containsExactly(6.5f, 0f);
    }

    @Test
    void denseActsAtEveryPosition() {
        // 1x2 positions of 2 features, w = (1 10), b = 0.5: (1,2) -> 21.5, (3,4) -> 43.5
        Op.Dense d = new Op.Dense(2, 1, new float[] {1, 10}, new float[] {0.5f}, Activation.LINEAR);
        assertThat(run(new Shape(1, 2, 2), d, new float[] {1, 2, 3, 4})).containsExactly(21.5f, 43.5f);
    }

    @Test
    void averagePoolDividesByTheValidCount() {
        // 3x3 window, stride 1, pad 1 all round on 1..9. Valid taps and sums:
        // (0,0): 1,2,4,5 = 12/4 = 3      (0,1): 1..6 = 21/6 = 3.5     (0,2): 2,3,5,6 = 16/4 = 4
        // (1,0): 1,2,4,5,7,8 = 27/6 = 4.5 (1,1): 45/9 = 5          (1,2): 2,3,5,6,8,9 = 33/6 = 5.5
        // (2,0): 4,5,7,8 = 24/4 = 6      (2,1): 4..9 = 39/6 = 6.5     (2,2): 5,6,8,9 = 28/4 = 7
        Op.Pool2D avg = new Op.Pool2D(Op.PoolKind.AVERAGE, 3, 3, 1, 1, new Padding(1, 1, 1, 1), false);
        assertThat(run(new Shape(3, 3, 1), avg, ONE_TO_NINE)).containsExactly(3, 3.5f, 4, 4.5f, 5, 5.5f, 6, 6.5f, 7);
        // counting the pads (ONNX count_include_pad): the corner divides by 9: 12/9
        Op.Pool2D withPads = new Op.Pool2D(Op.PoolKind.AVERAGE, 3, 3, 1, 1, new Padding(1, 1, 1, 1), true);
        assertThat(run(new Shape(3, 3, 1), withPads, ONE_TO_NINE)[0]).isEqualTo(12f / 9f);
    }

    @Test
    void averagePoolSameStrideTwoPadsBottomRight() {
        // Keras 'same' 2x2 stride 2 on 3x3: 2 outputs need 1 pad, after. Windows:
        // (0,0): 1,2,4,5 = 12/4 = 3; (0,1): 3,6 = 9/2 = 4.5; (1,0): 7,8 = 15/2 = 7.5; (1,1): 9/1 = 9
        assertThat(Padding.same(3, 2, 2, 1)).containsExactly(0, 1);
        Op.Pool2D avg = new Op.Pool2D(Op.PoolKind.AVERAGE, 2, 2, 2, 2, new Padding(0, 1, 0, 1), false);
        assertThat(run(new Shape(3, 3, 1), avg, ONE_TO_NINE)).containsExactly(3, 4.5f, 7.5f, 9);
    }

    @Test
    void maxPool() {
        // 2x2 stride 2 on 1..25 (5x5, valid): windows at 0 and 2 -> max is the bottom-right tap: 7, 9, 17, 19
        Op.Pool2D max = new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false);
        assertThat(run(new Shape(5, 5, 1), max, ONE_TO_25)).containsExactly(7, 9, 17, 19);
        // all-negative input with a pad of 1 all round: each window holds one real value, and a pad never wins
        Op.Pool2D padded = new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, new Padding(1, 1, 1, 1), false);
        assertThat(run(new Shape(2, 2, 1), padded, new float[] {-1, -2, -3, -4})).containsExactly(-1, -2, -3, -4);
    }

    @Test
    void poolWindowWhollyInPaddingGivesZero() {
        // 2x2 input (-1 -2 / -3 -4), 2x2 window, stride 2, 2 pad rows on top: 2x1 outputs.
        // output row 0 covers input rows -2..-1 (nothing) -> 0; row 1 covers rows 0..1 -> max -1, mean -10/4 = -2.5
        float[] x = {-1, -2, -3, -4};
        Padding twoOnTop = new Padding(2, 0, 0, 0);
        assertThat(run(new Shape(2, 2, 1), new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, twoOnTop, false), x)).containsExactly(0, -1);
        assertThat(run(new Shape(2, 2, 1), new Op.Pool2D(Op.PoolKind.AVERAGE, 2, 2, 2, 2, twoOnTop, false), x)).containsExactly(0, -2.5f);
    }

    @Test
    void globalPools() {
        // 2x2x2: channel 0 = 1,2,3,6 (mean 12/4 = 3, max 6); channel 1 = -1,-2,-3,-4 (mean -10/4 = -2.5, max -1)
        float[] x = {1, -1, 2, -2, 3, -3, 6, -4};
        assertThat(run(new Shape(2, 2, 2), new Op.GlobalPool(Op.PoolKind.AVERAGE), x)).containsExactly(3, -2.5f);
        assertThat(run(new Shape(2, 2, 2), new Op.GlobalPool(Op.PoolKind.MAX), x)).containsExactly(6, -1);
    }

    @Test
    void softmax() {
        // e^1, e^2, e^3 = 2.7182818, 7.3890561, 20.0855369; sum 30.1928748:
        // 0.0900306, 0.2447285, 0.6652410
        assertThat(run(Shape.vector(3), new Op.Softmax(), new float[] {1, 2, 3}))
                .containsExactly(new float[] {0.0900306f, 0.2447285f, 0.6652410f}, within(3e-7f));
        // per position over C; subtracting the max keeps e^1000 from overflowing: (1000, 1000) -> 0.5, 0.5
        // (0, ln 3) -> 1/(1+3), 3/(1+3) = 0.25, 0.75
        assertThat(run(new Shape(1, 2, 2), new Op.Softmax(), new float[] {1000, 1000, 0, (float) Math.log(3)}))
                .containsExactly(new float[] {0.5f, 0.5f, 0.25f, 0.75f}, within(1e-7f));
    }

    @Test
    void standaloneActivations() {
        // sigmoid(0) = 1/(1+1) = 0.5; sigmoid(2) = 1/(1+e^-2) = 1/1.1353353 = 0.8807971
        assertThat(run(Shape.vector(2), new Op.ActivationOp(Activation.SIGMOID), new float[] {0, 2}))
                .containsExactly(new float[] {0.5f, 0.8807971f}, within(1e-7f));
        // tanh(1) = (e - 1/e)/(e + 1/e) = 2.3504024/3.0861613 = 0.7615942
        assertThat(run(Shape.vector(2), new Op.ActivationOp(Activation.TANH), new float[] {0, 1}))
                .containsExactly(new float[] {0f, 0.7615942f}, within(1e-7f));
        assertThat(run(Shape.vector(2), new Op.ActivationOp(Activation.leakyRelu(0.25f)), new float[] {-2, 3}))
                .containsExactly(-0.5f, 3f);
        assertThat(run(Shape.vector(3), new Op.ActivationOp(Activation.RELU6), new float[] {-1, 3, 7})).containsExactly(0, 3, 6);
    }

    @Test
    void scaleShiftPerChannel() {
        // 1x2 positions, 2 channels, scale (2, -1), shift (1, 0.5): (1,2) -> (3, -1.5); (3,4) -> (7, -3.5)
        Op.ScaleShift s = new Op.ScaleShift(new float[] {2, -1}, new float[] {1, 0.5f});
        assertThat(run(new Shape(1, 2, 2), s, new float[] {1, 2, 3, 4})).containsExactly(3, -1.5f, 7, -3.5f);
    }

    @Test
    void addConcatPadUpsampleReshape() {
        // x = (1 2 / 3 4), 2x2x1; a = x + x = (2 4 / 6 8)
        Graph g = new GraphFixtures(new Shape(2, 2, 1))
                .add("a", new Op.Add(), INPUT, INPUT)
                .add("sum3", new Op.Add(), INPUT, "a", INPUT)
                .add("catC", new Op.Concat(Op.Axis.C), INPUT, "a")
                .add("catW", new Op.Concat(Op.Axis.W), INPUT, "a")
                .add("catH", new Op.Concat(Op.Axis.H), INPUT, "a")
                .add("pad", new Op.Pad(new Padding(1, 0, 0, 1)), INPUT)
                .add("up", new Op.Upsample(2, 2), INPUT)
                .add("flat", new Op.Reshape(Shape.vector(4)), INPUT)
                .build("up");
        Map<String, float[]> t = new FloatEngine(g).runAll(new float[] {1, 2, 3, 4});
        assertThat(t.get("a")).containsExactly(2, 4, 6, 8);
        assertThat(t.get("sum3")).containsExactly(4, 8, 12, 16); // x + 2x + x
        // along C, per position (x, a): (1,2), (2,4), (3,6), (4,8)
        assertThat(t.get("catC")).containsExactly(1, 2, 2, 4, 3, 6, 4, 8);
        // along W, per row x's row then a's: (1 2 2 4 / 3 4 6 8)
        assertThat(t.get("catW")).containsExactly(1, 2, 2, 4, 3, 4, 6, 8);
        // along H: x's rows then a's
        assertThat(t.get("catH")).containsExactly(1, 2, 3, 4, 2, 4, 6, 8);
        // one zero row on top, one zero column on the right: (0 0 0 / 1 2 0 / 3 4 0)
        assertThat(t.get("pad")).containsExactly(0, 0, 0, 1, 2, 0, 3, 4, 0);
        // nearest 2x: out[y][x] = in[y/2][x/2]
        assertThat(t.get("up")).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
        assertThat(t.get("flat")).containsExactly(1, 2, 3, 4);
    }

    @Test
    void concatAlongChannelsOfDifferentWidths() {
        // x = 1x2x1 (5, 6); a = 1x2x2 by a 1x1 conv with w (1, 10): (5, 50), (6, 60); concat C [x, a]: (5,5,50), (6,6,60)
        Graph g = new GraphFixtures(new Shape(1, 2, 1))
                .add("a", new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 1, 2, 1, new float[] {1, 10}, new float[] {0, 0},
                        Activation.LINEAR), INPUT)
                .add("cat", new Op.Concat(Op.Axis.C), INPUT, "a")
                .build("cat");
        assertThat(new FloatEngine(g).run(new float[] {5, 6})).containsExactly(5, 5, 50, 6, 6, 60);
    }

    @Test
    void runAllHoldsEveryTensorInGraphOrderAndCopiesTheInput() {
        Graph g = new GraphFixtures(Shape.vector(2))
                .add("double", new Op.Add(), INPUT, INPUT)
                .add("relu", new Op.ActivationOp(Activation.RELU), "double")
                .build("relu");
        float[] input = {-1, 2};
        Map<String, float[]> all = new FloatEngine(g).runAll(input);
        assertThat(all.keySet()).containsExactly(INPUT, "double", "relu");
        assertThat(all.get(INPUT)).containsExactly(-1, 2).isNotSameAs(input);
        assertThat(all.get("double")).containsExactly(-2, 4);
        assertThat(all.get("relu")).containsExactly(0, 4);
    }

    @Test
    void graphWhoseOutputIsItsInputReturnsACopy() {
        Graph g = new Graph("empty", INPUT, Shape.vector(2), List.of(), INPUT);
        float[] input = {1, 2};
        assertThat(new FloatEngine(g).run(input)).containsExactly(1, 2).isNotSameAs(input);
    }

    @Test
    void rejectsAnInputOfTheWrongLength() {
        FloatEngine engine = new FloatEngine(GraphFixtures.single(new Shape(2, 2, 1), new Op.Softmax()));
        assertThatThrownBy(() -> engine.run(new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 values")
                .hasMessageContaining("2x2x1");
    }

    @Test
    void rejectsANodeWhoseRecordedShapeIsWrong() {
        // a 2x2 valid conv on 3x3 makes 2x2, not the 3x3 recorded here
        Op.Conv2D c = conv(2, 1, 1, Padding.NONE, W1234, 0f);
        Graph g = new Graph("bad", INPUT, new Shape(3, 3, 1), List.of(new Node("c", "Conv2D", c, List.of(INPUT), new Shape(3, 3, 1))), "c");
        assertThatThrownBy(() -> new FloatEngine(g)).isInstanceOf(GraphException.class).hasMessageContaining("'c'");
    }
}
