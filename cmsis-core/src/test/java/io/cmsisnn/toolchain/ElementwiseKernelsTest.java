package io.cmsisnn.toolchain;

import static io.cmsisnn.toolchain.CNetworks.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Activations, scale-shift, add, concat, pad and upsample compiled with gcc. */
class ElementwiseKernelsTest {
    @TempDir
    Path dir;

    private Graph activation(Activation a) {
        return CNetworks.input(1, 1, 3).then("act", new Op.ActivationOp(a), 1, 1, 3).graph();
    }

    @Test
    void clampRelu6() {
        Graph g = activation(Activation.RELU6);
        assertClose(CNetworks.run1(g, dir, -1, 7, 3), 0, 6, 3);
        assertThat(CNetworks.generate(g).functionOf("act")).isEqualTo("cnn_f32_clamp");
    }

    @Test
    void sigmoid() {
        // 1/(1+e^0) = 0.5, 1/(1+1/3) = 0.75, 1/(1+3) = 0.25
        assertClose(CNetworks.run1(activation(Activation.SIGMOID), dir, 0, (float) Math.log(3), (float) -Math.log(3)), 0.5f, 0.75f, 0.25f);
    }

    @Test
    void tanh() {
        // tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6
        assertClose(CNetworks.run1(activation(Activation.TANH), dir, 0, (float) Math.log(2), (float) -Math.log(2)), 0f, 0.6f, -0.6f);
    }

    @Test
    void leakyRelu() {
        assertClose(CNetworks.run1(activation(Activation.leakyRelu(0.1f)), dir, -2, 3, 0), -0.2f, 3, 0);
    }

    @Test
    void linearActivationCopies() {
        assertClose(CNetworks.run1(activation(Activation.LINEAR), dir, -2, 3, 0), -2, 3, 0);
    }

    @Test
    void scaleShiftPerChannel() {
        Graph g = CNetworks.input(1, 2, 2).then("bn", new Op.ScaleShift(new float[] {2f, 3f}, new float[] {1f, -1f}), 1, 2, 2).graph();
        assertClose(CNetworks.run1(g, dir, 1, 2, 3, 4), 3, 5, 7, 11);
    }

    /** A residual sum of three tensors: x + 2x + (x - 1). */
    @Test
    void addOfThreeInputs() {
        Graph g = CNetworks.input(1, 1, 2)
                .node("double", new Op.ScaleShift(new float[] {2f, 2f}, new float[] {0f, 0f}), new Shape(1, 1, 2), "in")
                .node("minus1", new Op.ScaleShift(new float[] {1f, 1f}, new float[] {-1f, -1f}), new Shape(1, 1, 2), "in")
                .node("sum", new Op.Add(), new Shape(1, 1, 2), "in", "double", "minus1")
                .graph();
        assertClose(CNetworks.run1(g, dir, 1, 2), 3, 7);
        assertThat(CNetworks.generate(g).functionOf("sum")).isEqualTo("cnn_f32_add");
    }

    private CNetworks twoTensors() {
        // in = [1, 2] as 1x2x1, tens = [10, 20]
        return CNetworks.input(1, 2, 1)
                .node("tens", new Op.ScaleShift(new float[] {10f}, new float[] {0f}), new Shape(1, 2, 1), "in");
    }

    @Test
    void concatAlongChannels() {
        Graph g = twoTensors().node("cat", new Op.Concat(Op.Axis.C), new Shape(1, 2, 2), "in", "tens").graph();
        assertClose(CNetworks.run1(g, dir, 1, 2), 1, 10, 2, 20);
        assertThat(CNetworks.generate(g).functionOf("cat")).isEqualTo("cnn_f32_concat_HWC");
    }

    @Test
    void concatAlongWidth() {
        Graph g = twoTensors().node("cat", new Op.Concat(Op.Axis.W), new Shape(1, 4, 1), "in", "tens").graph();
        assertClose(CNetworks.run1(g, dir, 1, 2), 1, 2, 10, 20);
    }

    @Test
    void concatAlongHeight() {
        Graph g = twoTensors().node("cat", new Op.Concat(Op.Axis.H), new Shape(2, 2, 1), "tens", "in").graph();
        assertClose(CNetworks.run1(g, dir, 1, 2), 10, 20, 1, 2);
    }

    @Test
    void zeroPadding() {
        Graph g = CNetworks.input(1, 1, 2).then("pad", new Op.Pad(new Padding(1, 0, 0, 1)), 2, 2, 2).graph();
        assertClose(CNetworks.run1(g, dir, 5, 6), 0, 0, 0, 0, 5, 6, 0, 0);
        assertThat(CNetworks.generate(g).functionOf("pad")).isEqualTo("cnn_f32_pad_HWC");
    }

    @Test
    void nearestUpsampling() {
        Graph g = CNetworks.input(1, 2, 1).then("up", new Op.Upsample(2, 2), 2, 4, 1).graph();
        assertClose(CNetworks.run1(g, dir, 1, 2), 1, 1, 2, 2, 1, 1, 2, 2);
        assertThat(CNetworks.generate(g).functionOf("up")).isEqualTo("cnn_f32_upsample_nearest_HWC");
    }

    /** The graph output can be an alias (Identity) of the input itself. */
    @Test
    void identityNetwork() {
        Graph g = CNetworks.input(1, 1, 3).then("id", new Op.Identity(), 1, 1, 3).graph();
        assertClose(CNetworks.run1(g, dir, 1, -2, 3), 1, -2, 3);
    }
}
