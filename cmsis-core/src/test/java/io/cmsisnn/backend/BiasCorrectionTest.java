package io.cmsisnn.backend;

import io.cmsisnn.graph.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The arithmetic of {@link BiasCorrection}, on values worked out by hand; its effect is gated in DepthwiseGatesTest. */
class BiasCorrectionTest {

    @Test
    void channelMeansAndUnclampedSharesOfHwcTensors() {
        // two samples of a 1x2 tensor with 2 channels, HWC: [p0c0, p0c1, p1c0, p1c1]
        float[] a = {0f, 1f, 2f, 3f};
        float[] b = {0f, -1f, 4f, 6f};
        BiasCorrection.ChannelSums sums = BiasCorrection.ChannelSums.total(List.of(
                BiasCorrection.ChannelSums.of(a, 2, Activation.RELU), BiasCorrection.ChannelSums.of(b, 2, Activation.RELU)));
        assertThat(sums.positions()).isEqualTo(4);
        // channel 0: (0 + 2 + 0 + 4) / 4 = 1.5; channel 1: (1 + 3 - 1 + 6) / 4 = 2.25
        assertThat(sums.means()).containsExactly(1.5, 2.25);
        // strictly above ReLU's 0: channel 0 has 2 and 4 (2 of 4); channel 1 has 1, 3 and 6 (3 of 4)
        assertThat(sums.activeShares()).containsExactly(0.5, 0.75);
        // without a clamp every value counts
        assertThat(BiasCorrection.ChannelSums.of(b, 2, Activation.LINEAR).activeShares()).containsExactly(1.0, 1.0);
        // ReLU6: 6 sits on the clamp
        assertThat(BiasCorrection.ChannelSums.of(b, 2, Activation.RELU6).activeShares()).containsExactly(0.5, 0.0);
    }

    @Test
    void shiftIsTheMeanErrorOverTheUnclampedShare() {
        // emulated mean 0.30, float 0.25: 0.05 too high; half the outputs move with the bias, so the bias moves by -0.1
        assertThat(BiasCorrection.shift(0.30, 0.25, 0.5)).isCloseTo(-0.1, within(1e-12));
        // no clamp: the plain difference
        assertThat(BiasCorrection.shift(-1.0, 0.5, 1.0)).isEqualTo(1.5);
        // a channel almost always clamped says too little about its bias: left alone
        assertThat(BiasCorrection.shift(0.30, 0.25, 0.04)).isZero();
        assertThat(BiasCorrection.shift(0.30, 0.25, 0.05)).isCloseTo(-1.0, within(1e-12));
    }
}
