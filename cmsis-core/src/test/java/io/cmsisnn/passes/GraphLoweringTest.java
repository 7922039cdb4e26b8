package io.cmsisnn.passes;

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

class GraphLoweringTest {
    private final GraphLowering lowering = new GraphLowering();

    @Test
    void foldsBatchNormIntoTheDenseBeforeIt() {
        // dense w = [2], b = [1]; BN scale 3, shift -4: folded w = 6, b = 1*3-4 = -1; x = 5 -> 29 either way
        Graph g = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {2}, new float[] {1}, Activation.LINEAR), "x")
                .add("bn", new Op.ScaleShift(new float[] {3}, new float[] {-4}), "dense")
                .build("bn");
        Graph lowered = lowering.lower(g);
        assertThat(lowered.nodes()).hasSize(1);
        Op.Dense d = (Op.Dense) lowered.nodes().get(0).op();
        assertThat(d.weights()).containsExactly(6f);
        assertThat(d.bias()).containsExactly(-1f);
        assertThat(lowered.outputName()).isEqualTo("bn");
        assertThat(new FloatEngine(lowered).run(new float[] {5})).containsExactly(29f);
        assertThat(new FloatEngine(g).run(new float[] {5})).containsExactly(29f);
    }

    @Test
    void foldsPerOutputChannelIntoConvAndDepthwise() {
        // conv 1x1, 1 in -> 2 out, w = [1, 1], BN scale [2, 3] shift [0, 1]: w' = [2, 3], b' = [0, 1]
        Graph g = new GraphFixtures(Shape.vector(1))
                .add("conv", new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 1, 2, 1, new float[] {1, 1}, new float[] {0, 0}, Activation.LINEAR), "x")
                .add("bn", new Op.ScaleShift(new float[] {2, 3}, new float[] {0, 1}), "conv")
                .add("dw", new Op.DepthwiseConv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 2, 1, new float[] {1, 1}, new float[] {0, 0}, Activation.LINEAR), "bn")
                .add("bn2", new Op.ScaleShift(new float[] {5, 7}, new float[] {0, 0}), "dw")
                .build("bn2");
        Graph lowered = lowering.lower(g);
        assertThat(lowered.nodes()).hasSize(2);
        assertThat(((Op.Conv2D) lowered.nodes().get(0).op()).weights()).containsExactly(2f, 3f);
        assertThat(((Op.Conv2D) lowered.nodes().get(0).op()).bias()).containsExactly(0f, 1f);
        assertThat(((Op.DepthwiseConv2D) lowered.nodes().get(1).op()).weights()).containsExactly(5f, 7f);
        // x = 1: conv -> (2, 4), dw/bn2 -> (10, 28)
        assertThat(new FloatEngine(lowered).run(new float[] {1})).containsExactly(10f, 28f);
    }

    @Test
    void keepsScaleShiftWhenTheProducerHasAnActivationOrOtherReaders() {
        Graph afterRelu = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.RELU), "x")
                .add("bn", new Op.ScaleShift(new float[] {2}, new float[] {1}), "dense")
                .build("bn");
        assertThat(lowering.lower(afterRelu).nodes()).hasSize(2);

        Graph twoReaders = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.LINEAR), "x")
                .add("bn", new Op.ScaleShift(new float[] {2}, new float[] {1}), "dense")
                .add("sum", new Op.Add(), "bn", "dense")
                .build("sum");
        Graph lowered = lowering.lower(twoReaders);
        assertThat(lowered.nodes()).extracting(n -> n.op().kind()).containsExactly("Dense", "ScaleShift", "Add");
        // x = 3: dense 3, bn 7, sum 10
        assertThat(new FloatEngine(lowered).run(new float[] {3})).containsExactly(10f);
    }

    @Test
    void dropsIdentitiesAndFusesClamps() {
        Graph g = new GraphFixtures(Shape.vector(2))
                .add("dense", new Op.Dense(2, 2, new float[] {1, 0, 0, 1}, new float[] {0, 0}, Activation.LINEAR), "x")
                .add("dropout", new Op.Identity(), "dense")
                .add("relu", new Op.ActivationOp(Activation.RELU), "dropout")
                .add("relu6", new Op.ActivationOp(Activation.RELU6), "relu")
                .add("out", new Op.Identity(), "relu6")
                .build("out");
        Graph lowered = lowering.lower(g);
        assertThat(lowered.nodes()).hasSize(1);
        assertThat(lowered.outputName()).isEqualTo("relu6");
        Op.Dense d = (Op.Dense) lowered.nodes().get(0).op();
        assertThat(d.activation()).isEqualTo(Activation.RELU6);
        assertThat(new FloatEngine(lowered).run(new float[] {-1, 9})).containsExactly(0f, 6f);
    }

    @Test
    void sigmoidIsNotFused() {
        Graph g = new GraphFixtures(Shape.vector(1))
                .add("dense", new Op.Dense(1, 1, new float[] {1}, new float[] {0}, Activation.LINEAR), "x")
                .add("sig", new Op.ActivationOp(Activation.SIGMOID), "dense")
                .build("sig");
        Graph lowered = lowering.lower(g);
        assertThat(lowered.nodes()).hasSize(2);
        assertThat(new FloatEngine(lowered).run(new float[] {0})[0]).isCloseTo(0.5f, within(1e-7f));
    }
}
