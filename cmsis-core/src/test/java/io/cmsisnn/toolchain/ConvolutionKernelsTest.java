package io.cmsisnn.toolchain;

import static io.cmsisnn.toolchain.CNetworks.assertClose;
import static io.cmsisnn.toolchain.CNetworks.fill;
import static io.cmsisnn.toolchain.CNetworks.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Convolutions compiled with gcc against hand-derived outputs. */
class ConvolutionKernelsTest {
    @TempDir
    Path dir;

    /** 4x4 image 1..16, 3x3 'same': channel 0 sums the neighbourhood, channel 1 picks the top-left neighbour + 0.5. */
    @Test
    void conv3x3SameOnA4x4Image() {
        float[] w = new float[2 * 3 * 3];
        for (int i = 0; i < 9; i++) {
            w[i] = 1f;             // [0][ky][kx][0]
        }
        w[9] = 1f;                 // [1][0][0][0]: top-left tap
        Op.Conv2D conv = new Op.Conv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 1, 2, 1, w, new float[] {0f, 0.5f},
                Activation.LINEAR);
        Graph g = CNetworks.input(4, 4, 1).then("conv", conv, 4, 4, 2).graph();
        float[] y = CNetworks.run1(g, dir, range(1, 16));
        float[] sums = {14, 24, 30, 22, 33, 54, 63, 45, 57, 90, 99, 69, 46, 72, 78, 54};
        float[] shifted = {0, 0, 0, 0, 0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11};
        float[] expected = new float[32];
        for (int i = 0; i < 16; i++) {
            expected[2 * i] = sums[i];
            expected[2 * i + 1] = shifted[i] + 0.5f;
        }
        assertClose(y, expected);
        assertThat(CNetworks.generate(g).functionOf("conv")).isEqualTo("cnn_convolve_HWC_f32_nonsquare");
    }

    /** Stride 2, 'valid', non-square kernel 1x2 on a 2x4 image. */
    @Test
    void stridedNonSquareConv() {
        Op.Conv2D conv = new Op.Conv2D(1, 2, 1, 2, 1, 1, Padding.NONE, 1, 1, 1, new float[] {1f, -1f}, new float[] {0f},
                Activation.LINEAR);
        Graph g = CNetworks.input(2, 4, 1).then("conv", conv, 2, 2, 1).graph();
        // rows [1 2 3 4], [5 6 7 8]: pairs (1,2)->-1, (3,4)->-1, (5,6)->-1, (7,8)->-1
        assertClose(CNetworks.run1(g, dir, 1, 2, 3, 4, 5, 6, 7, 8), -1, -1, -1, -1);
    }

    /** Dilation 2, two groups, relu6: corners of a 3x3 image per channel. */
    @Test
    void dilatedGroupedConvWithClamp() {
        Op.Conv2D conv = new Op.Conv2D(2, 2, 1, 1, 2, 2, Padding.NONE, 2, 2, 2, fill(8, 1f), new float[] {0f, 0f},
                Activation.RELU6);
        Graph g = CNetworks.input(3, 3, 2).then("conv", conv, 1, 1, 2).graph();
        float[] x = new float[18];
        for (int i = 0; i < 9; i++) {
            x[2 * i] = i + 1;          // channel 0: 1..9, corners sum to 20 -> clamped to 6
            x[2 * i + 1] = -(i + 1);   // channel 1: corners sum to -20 -> 0
        }
        assertClose(CNetworks.run1(g, dir, x), 6, 0);
        assertThat(CNetworks.generate(g).functionOf("conv")).isEqualTo("cnn_f32_convolve_HWC_ext");
    }

    /** Grouped conv without clamp: channel 1 sees only input channels 2 and 3. */
    @Test
    void groupedConvReadsItsOwnChannels() {
        // in 1x1x4, 2 groups of 2 in / 1 out; weights [out][1][1][2]
        Op.Conv2D conv = new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 4, 2, 2, new float[] {1f, 2f, 3f, 4f},
                new float[] {0f, 1f}, Activation.LINEAR);
        Graph g = CNetworks.input(1, 1, 4).then("conv", conv, 1, 1, 2).graph();
        // out0 = 1*1 + 2*2 = 5; out1 = 1 + 3*3 + 4*4 = 26
        assertClose(CNetworks.run1(g, dir, 1, 2, 3, 4), 5, 26);
    }

    /** Depthwise 3x3 'same' on ones: each output counts the valid taps. */
    @Test
    void depthwiseSame() {
        Op.DepthwiseConv2D d = new Op.DepthwiseConv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 1, 1, fill(9, 1f),
                new float[] {0f}, Activation.LINEAR);
        Graph g = CNetworks.input(3, 3, 1).then("dw", d, 3, 3, 1).graph();
        assertClose(CNetworks.run1(g, dir, fill(9, 1f)), 4, 6, 4, 6, 9, 6, 4, 6, 4);
        assertThat(CNetworks.generate(g).functionOf("dw")).isEqualTo("cnn_depthwise_separable_conv_HWC_f32_nonsquare");
    }

    /** Multiplier 2: output channel ci*2+m uses weight [ci*2+m]. */
    @Test
    void depthwiseWithMultiplier() {
        Op.DepthwiseConv2D d = new Op.DepthwiseConv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 2, 2, new float[] {1f, 2f, 3f, 4f},
                new float[] {0f, 0f, 0f, 1f}, Activation.LINEAR);
        Graph g = CNetworks.input(1, 2, 2).then("dw", d, 1, 2, 4).graph();
        assertClose(CNetworks.run1(g, dir, 1, 10, 2, 20), 1, 2, 30, 41, 2, 4, 60, 81);
        assertThat(CNetworks.generate(g).functionOf("dw")).isEqualTo("cnn_f32_depthwise_conv_HWC_ext");
    }

    /** Depthwise with dilation and relu: 3x3 image, 2x2 kernel dilated by 2 reads the corners. */
    @Test
    void depthwiseDilatedWithRelu() {
        Op.DepthwiseConv2D d = new Op.DepthwiseConv2D(2, 2, 1, 1, 2, 2, Padding.NONE, 1, 1, new float[] {1f, 1f, 1f, -4f},
                new float[] {0f}, Activation.RELU);
        Graph g = CNetworks.input(3, 3, 1).then("dw", d, 1, 1, 1).graph();
        // 1 + 3 + 7 - 4*9 = -25 -> relu 0
        assertClose(CNetworks.run1(g, dir, range(1, 9)), 0);
    }

    /** A sigmoid that cannot fuse runs after the convolution. */
    @Test
    void convWithSigmoidActivation() {
        Op.Conv2D conv = new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, 1, 1, 1, new float[] {1f}, new float[] {0f},
                Activation.SIGMOID);
        Graph g = CNetworks.input(1, 2, 1).then("conv", conv, 1, 2, 1).graph();
        // sigmoid(0) = 0.5, sigmoid(ln 3) = 3/4
        assertClose(CNetworks.run1(g, dir, 0f, (float) Math.log(3)), 0.5f, 0.75f);
        GeneratedNetwork n = CNetworks.generate(g);
        assertThat(n.functionOf("conv")).isEqualTo("cnn_convolve_HWC_f32_nonsquare+cnn_f32_sigmoid");
    }
}
