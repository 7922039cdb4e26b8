package io.cmsisnn.passes;

import static io.cmsisnn.engine.GraphFixtures.INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.engine.GraphFixtures;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GraphLoweringTest {
    private final GraphLowering lowering = new GraphLowering();
    private final Random random = new Random(42);

    private static Op.ScaleShift scaleShift(float[] scale, float[] shift) {
        return new Op.ScaleShift(scale, shift);
    }

    private Op.ScaleShift randomBatchNorm(int channels) {
        // scale = gamma / sqrt(var + eps), shift = beta - mean * scale, as importers compute them
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            double gamma = 0.5 + random.nextDouble();
            double var = 0.1 + random.nextDouble();
            double mean = random.nextDouble() - 0.5;
            double beta = random.nextDouble() - 0.5;
            scale[c] = (float) (gamma / Math.sqrt(var + 1e-3));
            shift[c] = (float) (beta - mean * scale[c]);
        }
        return scaleShift(scale, shift);
    }

    /** The lowered graph computes what the original does, up to float rounding, on a few random inputs. */
    private void assertSameResults(Graph original, Graph lowered) {
        FloatEngine before = new FloatEngine(original);
        FloatEngine after = new FloatEngine(lowered);
        for (int i = 0; i < 5; i++) {
            float[] x = GraphFixtures.random(random, original.inputShape().size());
            float[] expected = before.run(x);
            float[] actual = after.run(x);
            assertThat(actual).hasSameSizeAs(expected);
            for (int k = 0; k < expected.length; k++) {
                assertThat(actual[k]).as("output %d of input %d", k, i).isCloseTo(expected[k], within(1e-5f * (1 + Math.abs(expected[k]))));
            }
        }
    }

    private static String kinds(Graph g) {
        StringBuilder s = new StringBuilder();
        for (Node n : g.nodes()) {
            s.append(s.length() == 0 ? "" : " ").append(n.op().kind());
        }
        return s.toString();
    }

    // ---- batch normalization folding ----

    @Test
    void foldsOneChannelBatchNormIntoConvWithHandComputedWeights() {
        // BN gamma 1.5, var 3.99, eps 0.01, mean 1, beta 0.25: scale = 1.5 / sqrt(4) = 0.75, shift = 0.25 - 1 * 0.75 = -0.5
        // conv 2x2, w = (1 2 / 3 4), b = 0.5: w' = 0.75 w = (0.75 1.5 / 2.25 3), b' = 0.5 * 0.75 - 0.5 = -0.125
        Graph g = new GraphFixtures(new Shape(3, 3, 1))
                .add("conv", new Op.Conv2D(2, 2, 1, 1, 1, 1, Padding.NONE, 1, 1, 1, new float[] {1, 2, 3, 4}, new float[] {0.5f},
                        Activation.LINEAR), INPUT)
                .add("bn", scaleShift(new float[] {0.75f}, new float[] {-0.5f}), "conv")
                .build("bn");
        Graph lowered = lowering.lower(g);

        assertThat(lowered.nodes()).hasSize(1);
        Node folded = lowered.nodes().get(0);
        assertThat(folded.name()).isEqualTo("bn");
        assertThat(folded.source()).isEqualTo("Conv2D+ScaleShift");
        assertThat(folded.inputs()).containsExactly(INPUT);
        assertThat(lowered.outputName()).isEqualTo("bn");
        Op.Conv2D c = (Op.Conv2D) folded.op();
        assertThat(c.weights()).containsExactly(0.75f, 1.5f, 2.25f, 3f);
        assertThat(c.bias()).containsExactly(-0.125f);
        // x = 1..9: conv gives 37.5 at (0,0); BN: 37.5 * 0.75 - 0.5 = 27.625; folded: 0.75+3+9+15-0.125 = 27.625
        assertThat(new FloatEngine(g).run(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9})[0]).isEqualTo(27.625f);
        assertThat(new FloatEngine(lowered).run(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9})[0]).isEqualTo(27.625f);
        assertSameResults(g, lowered);
    }

    @Test
    void foldsPerOutputChannelIntoConvDepthwiseAndDense() {
        // conv 3 -> 10 channels (grouped, to check the per-output-channel rows), depthwise multiplier 2, dense 20 -> 6
        Graph g = new GraphFixtures(new Shape(6, 6, 4))
                .add("conv", new Op.Conv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 4, 10, 2,
                        GraphFixtures.random(random, 10 * 9 * 2), GraphFixtures.random(random, 10), Activation.LINEAR), INPUT)
                .add("bn1", randomBatchNorm(10), "conv")
                .add("dw", new Op.DepthwiseConv2D(3, 3, 2, 2, 1, 1, new Padding(0, 1, 0, 1), 10, 2,
                        GraphFixtures.random(random, 9 * 20), GraphFixtures.random(random, 20), Activation.LINEAR), "bn1")
                .add("bn2", randomBatchNorm(20), "dw")
                .add("pool", new Op.GlobalPool(Op.PoolKind.AVERAGE), "bn2")
                .add("dense", new Op.Dense(20, 6, GraphFixtures.random(random, 120), GraphFixtures.random(random, 6), Activation.LINEAR), "pool")
                .add("bn3", randomBatchNorm(6), "dense")
                .build("bn3");
        Graph lowered = lowering.lower(g);

        assertThat(kinds(lowered)).isEqualTo("Conv2D DepthwiseConv2D GlobalPool Dense");
        assertThat(lowered.nodes()).extracting(Node::name).containsExactly("bn1", "bn2", "pool", "bn3");
        assertThat(lowered.node("bn2").inputs()).containsExactly("bn1"); // later layers still read the BN's name
        assertThat(lowered.node("pool").inputs()).containsExactly("bn2");
        assertSameResults(g, lowered);
    }

    @Test
    void depthwiseFoldScalesEachOutputChannel() {
        // 1x1 depthwise, 1 input channel, multiplier 2: w [0][0] = (2, 3), b = (1, -1); scale (10, 100), shift (0.5, 0)
        // w' = (20, 300), b' = (1*10 + 0.5, -1*100 + 0) = (10.5, -100)
        Graph g = new GraphFixtures(Shape.vector(1))
                .add("dw", new Op.DepthwiseConv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 1, 2, new float[] {2, 3}, new float[] {1, -1},
                        Activation.LINEAR), INPUT)
                .add("bn", scaleShift(new float[] {10, 100}, new float[] {0.5f, 0}), "dw")
                .build("bn");
        Op.DepthwiseConv2D d = (Op.DepthwiseConv2D) lowering.lower(g).nodes().get(0).op();
        assertThat(d.weights()).containsExactly(20, 300);
        assertThat(d.bias()).containsExactly(10.5f, -100);
    }

    @Test
    void keepsScaleShiftWhoseProducerHasAnotherReader() {
        // conv is read by bn and by add: folding would change what add sees. x = 3: dense 3, bn 2*3+1 = 7, sum 7 + 3 = 10
        Graph g = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.LINEAR), INPUT)
                .add("bn", scaleShift(new float[] {2}, new float[] {1}), "dense")
                .add("sum", new Op.Add(), "bn", "dense")
                .build("sum");
        Graph lowered = lowering.lower(g);
        assertThat(kinds(lowered)).isEqualTo("Dense ScaleShift Add");
        assertThat(new FloatEngine(lowered).run(new float[] {3})).containsExactly(10f);
    }

    @Test
    void foldsScaleShiftThatItselfHasTwoReaders() {
        // only the producer must have a single reader; bn's two readers read the folded node under the same name.
        // x = 3: bn = 2*3 + 1 = 7; sum = 7 + 7 = 14. Folded dense: w' = 2, b' = 0*2 + 1 = 1
        Graph g = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.LINEAR), INPUT)
                .add("bn", scaleShift(new float[] {2}, new float[] {1}), "dense")
                .add("sum", new Op.Add(), "bn", "bn")
                .build("sum");
        Graph lowered = lowering.lower(g);
        assertThat(kinds(lowered)).isEqualTo("Dense Add");
        assertThat(lowered.node("sum").inputs()).containsExactly("bn", "bn");
        assertThat(new FloatEngine(lowered).run(new float[] {3})).containsExactly(14f);
    }

    @Test
    void keepsScaleShiftAfterAnActivationTheGraphInputOrTheGraphOutput() {
        // after relu: scale must come after the clamp, so no fold. x = -1: relu 0, bn 2*0 + 1 = 1
        Graph afterRelu = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.RELU), INPUT)
                .add("bn", scaleShift(new float[] {2}, new float[] {1}), "dense")
                .build("bn");
        Graph lowered = lowering.lower(afterRelu);
        assertThat(kinds(lowered)).isEqualTo("Dense ScaleShift");
        assertThat(new FloatEngine(lowered).run(new float[] {-1})).containsExactly(1f);

        Graph onInput = GraphFixtures.single(Shape.vector(1), scaleShift(new float[] {2}, new float[] {1}));
        assertThat(lowering.lower(onInput)).isSameAs(onInput);

        // the producer is the graph's output: it must stay as it is
        Graph producerIsOutput = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.LINEAR), INPUT)
                .add("bn", scaleShift(new float[] {2}, new float[] {1}), "dense")
                .build("dense");
        assertThat(lowering.lower(producerIsOutput)).isSameAs(producerIsOutput);
    }

    // ---- Identity removal ----

    @Test
    void dropsIdentitiesAndRewiresReaders() {
        Graph g = new GraphFixtures(Shape.vector(2))
                .add("dense", new Op.Dense(2, 2, new float[] {1, 2, 3, 4}, new float[] {0, 0}, Activation.LINEAR), INPUT)
                .add("drop1", new Op.Identity(), "dense")
                .add("drop2", new Op.Identity(), "drop1")
                .add("soft", new Op.Softmax(), "drop2")
                .build("soft");
        Graph lowered = lowering.lower(g);
        assertThat(kinds(lowered)).isEqualTo("Dense Softmax");
        assertThat(lowered.node("soft").inputs()).containsExactly("dense");
        assertSameResults(g, lowered);
    }

    @Test
    void identityAtTheOutputHandsTheOutputToItsInput() {
        Graph g = new GraphFixtures(Shape.vector(2))
                .add("soft", new Op.Softmax(), INPUT)
                .add("dropout", new Op.Identity(), "soft")
                .build("dropout");
        Graph lowered = lowering.lower(g);
        assertThat(lowered.nodes()).extracting(Node::name).containsExactly("soft");
        assertThat(lowered.outputName()).isEqualTo("soft");

        Graph onlyIdentity = GraphFixtures.single(Shape.vector(2), new Op.Identity());
        Graph empty = lowering.lower(onlyIdentity);
        assertThat(empty.nodes()).isEmpty();
        assertThat(empty.outputName()).isEqualTo(INPUT);
        assertThat(new FloatEngine(empty).run(new float[] {1, 2})).containsExactly(1, 2);
    }

    // ---- clamp fusion ----

    @Test
    void fusesReluIntoTheLayerBeforeIt() {
        // dense identity matrix, then relu: x = (-1, 9) -> (0, 9)
        Graph g = new GraphFixtures(Shape.vector(2))
                .add("dense", new Op.Dense(2, 2, new float[] {1, 0, 0, 1}, new float[] {0, 0}, Activation.LINEAR), INPUT)
                .add("relu", new Op.ActivationOp(Activation.RELU), "dense")
                .build("relu");
        Graph lowered = lowering.lower(g);
        assertThat(lowered.nodes()).hasSize(1);
        Node fused = lowered.nodes().get(0);
        assertThat(fused.name()).isEqualTo("relu");
        assertThat(((Op.Dense) fused.op()).activation()).isEqualTo(Activation.RELU);
        assertThat(new FloatEngine(lowered).run(new float[] {-1, 9})).containsExactly(0, 9);
    }

    @Test
    void intersectsTwoClampsAcrossADropout() {
        // conv with clamp [-1, 4], dropout, then relu6 [0, 6]: one conv with clamp [0, 4]
        Graph g = new GraphFixtures(new Shape(3, 3, 1))
                .add("conv", new Op.Conv2D(2, 2, 1, 1, 1, 1, Padding.NONE, 1, 1, 1, new float[] {1, -1, 1, -1}, new float[] {0},
                        Activation.clamp(-1, 4)), INPUT)
                .add("drop", new Op.Identity(), "conv")
                .add("relu6", new Op.ActivationOp(Activation.RELU6), "drop")
                .build("relu6");
        Graph lowered = lowering.lower(g);
        assertThat(lowered.nodes()).extracting(Node::name).containsExactly("relu6");
        assertThat(((Op.Conv2D) lowered.nodes().get(0).op()).activation()).isEqualTo(Activation.clamp(0, 4));
        // x = (0 5 0 / 0 5 0 / 9 9 9): y = x00 - x01 + x10 - x11 per window: (0,0): -10 -> -1 -> 0; (0,1): 10 -> 4;
        // (1,0): 0 - 5 + 9 - 9 = -5 -> 0; (1,1): 5 - 0 + 9 - 9 = 5 -> 4
        assertThat(new FloatEngine(lowered).run(new float[] {0, 5, 0, 0, 5, 0, 9, 9, 9})).containsExactly(0, 4, 0, 4);
        assertSameResults(g, lowered);
    }

    @Test
    void doesNotFuseWhereTheResultWouldChange() {
        // disjoint ranges: clamp [0,1] then clamp [2,3] is the constant 2, which clamp [2,1] would not give
        Graph disjoint = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.clamp(0, 1)), INPUT)
                .add("clamp", new Op.ActivationOp(Activation.clamp(2, 3)), "dense")
                .build("clamp");
        assertThat(lowering.lower(disjoint)).isSameAs(disjoint);
        assertThat(new FloatEngine(disjoint).run(new float[] {0.5f})).containsExactly(2f);

        // sigmoid is not a clamp
        Graph sigmoid = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.LINEAR), INPUT)
                .add("sig", new Op.ActivationOp(Activation.SIGMOID), "dense")
                .build("sig");
        assertThat(lowering.lower(sigmoid)).isSameAs(sigmoid);

        // a producer with its own sigmoid cannot take a clamp as well
        Graph afterSigmoid = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.SIGMOID), INPUT)
                .add("relu", new Op.ActivationOp(Activation.RELU), "dense")
                .build("relu");
        assertThat(lowering.lower(afterSigmoid)).isSameAs(afterSigmoid);

        // the unclamped value is read elsewhere too
        Graph twoReaders = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.LINEAR), INPUT)
                .add("relu", new Op.ActivationOp(Activation.RELU), "dense")
                .add("sum", new Op.Add(), "relu", "dense")
                .build("sum");
        assertThat(lowering.lower(twoReaders)).isSameAs(twoReaders);

        // a clamp after a pooling layer stays where it is
        Graph afterPool = new GraphFixtures(new Shape(2, 2, 1))
                .add("pool", new Op.GlobalPool(Op.PoolKind.MAX), INPUT)
                .add("relu", new Op.ActivationOp(Activation.RELU), "pool")
                .build("relu");
        assertThat(lowering.lower(afterPool)).isSameAs(afterPool);
    }

    @Test
    void lowersAConvDropoutBatchNormReluChainToOneConv() {
        // Keras: Conv2D -> Dropout -> BatchNormalization -> ReLU; the Identity blocks nothing once dropped
        Graph g = new GraphFixtures(new Shape(5, 5, 3))
                .add("conv", new Op.Conv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 3, 9, 1,
                        GraphFixtures.random(random, 9 * 9 * 3), GraphFixtures.random(random, 9), Activation.LINEAR), INPUT)
                .add("dropout", new Op.Identity(), "conv")
                .add("bn", randomBatchNorm(9), "dropout")
                .add("relu", new Op.ActivationOp(Activation.RELU), "bn")
                .add("gap", new Op.GlobalPool(Op.PoolKind.AVERAGE), "relu")
                .build("gap");
        Graph lowered = lowering.lower(g);
        assertThat(kinds(lowered)).isEqualTo("Conv2D GlobalPool");
        Node conv = lowered.nodes().get(0);
        assertThat(conv.name()).isEqualTo("relu");
        assertThat(conv.source()).isEqualTo("Conv2D+ScaleShift+Activation(relu)");
        assertThat(((Op.Conv2D) conv.op()).activation()).isEqualTo(Activation.RELU);
        assertSameResults(g, lowered);
    }

    @Test
    void returnsTheSameGraphWhenNothingApplies() {
        Graph g = GraphFixtures.single(Shape.vector(3), new Op.Softmax());
        assertThat(lowering.lower(g)).isSameAs(g);
    }
}
