package io.cmsisnn.toolchain;

import static io.cmsisnn.toolchain.CNetworks.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fully connected and softmax compiled with gcc against hand-derived outputs. */
class DenseAndSoftmaxTest {
    @TempDir
    Path dir;

    private static final float[] W = {1f, 0f, -1f, 0.5f, 0.5f, 0.5f};  // [2][3]

    @Test
    void denseOnAVector() {
        Graph g = CNetworks.input(1, 1, 3).then("fc", new Op.Dense(3, 2, W, new float[] {0f, 1f}, Activation.LINEAR), 1, 1, 2).graph();
        // [1 - 3, (1+2+3)/2 + 1]
        assertClose(CNetworks.run1(g, dir, 1, 2, 3), -2, 4);
        assertThat(CNetworks.generate(g).functionOf("fc")).isEqualTo("cnn_fully_connected_f32");
    }

    @Test
    void denseWithReluUsesTheClampingKernel() {
        Graph g = CNetworks.input(1, 1, 3).then("fc", new Op.Dense(3, 2, W, new float[] {0f, 1f}, Activation.RELU), 1, 1, 2).graph();
        assertClose(CNetworks.run1(g, dir, 1, 2, 3), 0, 4);
        assertThat(CNetworks.generate(g).functionOf("fc")).isEqualTo("cnn_f32_fully_connected_ext");
    }

    /** Keras Dense on a 1x2x3 tensor applies the same weights at both positions. */
    @Test
    void denseAtEveryPosition() {
        Graph g = CNetworks.input(1, 2, 3).then("fc", new Op.Dense(3, 2, W, new float[] {0f, 1f}, Activation.LINEAR), 1, 2, 2).graph();
        assertClose(CNetworks.run1(g, dir, 1, 2, 3, 0, 2, 4), -2, 4, -4, 4);
    }

    /** Dense after a Flatten: the Reshape shares memory and the kernel reads HWC order. */
    @Test
    void flattenThenDense() {
        Graph g = CNetworks.input(2, 1, 2)
                .then("flat", new Op.Reshape(new Shape(1, 1, 4)), 1, 1, 4)
                .then("fc", new Op.Dense(4, 1, new float[] {1f, 10f, 100f, 1000f}, new float[] {0f}, Activation.LINEAR), 1, 1, 1)
                .graph();
        assertClose(CNetworks.run1(g, dir, 1, 2, 3, 4), 4321);
        assertThat(CNetworks.generate(g).functionOf("flat")).isEqualTo("none");
    }

    @Test
    void softmaxOfOneTwoThree() {
        Graph g = CNetworks.input(1, 1, 3).then("sm", new Op.Softmax(), 1, 1, 3).graph();
        assertClose(CNetworks.run1(g, dir, 1, 2, 3), 0.0900306f, 0.2447285f, 0.6652410f);
        assertThat(CNetworks.generate(g).functionOf("sm")).isEqualTo("cnn_softmax_f32");
    }

    /** Softmax over channels at each position: [0, 0] -> halves, [0, ln 3] -> quarters. */
    @Test
    void softmaxAtEveryPosition() {
        Graph g = CNetworks.input(1, 2, 2).then("sm", new Op.Softmax(), 1, 2, 2).graph();
        assertClose(CNetworks.run1(g, dir, 0, 0, 0, (float) Math.log(3)), 0.5f, 0.5f, 0.25f, 0.75f);
        assertThat(CNetworks.generate(g).functionOf("sm")).isEqualTo("cnn_f32_softmax");
    }

    /** Large logits do not overflow: the maximum is subtracted first. */
    @Test
    void softmaxOfLargeLogits() {
        Graph g = CNetworks.input(1, 1, 2).then("sm", new Op.Softmax(), 1, 1, 2).graph();
        assertClose(CNetworks.run1(g, dir, 1000, 1000), 0.5f, 0.5f);
    }
}
