package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.engine.GraphFixtures;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.quant.ActivationRanges;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineQuantizer;
import io.cmsisnn.quant.LegacyLayer;
import io.cmsisnn.quant.LegacyNetwork;
import io.cmsisnn.quant.LegacyQuantizer;
import io.cmsisnn.quant.TensorRanges;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Saturation counted through the network emulators' counting runs, on quantized one-layer networks. */
class NetworkSaturationTest {

    /**
     * An s8 2x2 identity dense layer, input range [-1, 1], output range [-0.5, 0.5] (a step of 1/255):
     * a real output of 0.9 or -0.9 lies about 100 steps beyond the range and clips, 0.2, -0.1 and 0.1
     * lie inside. Samples (0.9, 0.2), (-0.9, -0.9), (0.1, -0.1): 6 outputs, 3 clipped; counted over
     * the three runs into one counter, the plain run counts nothing and gives the same codes.
     */
    @Test
    void affineCountingRunCountsEachSampleOnce() {
        Node d = new Node("fc", "Dense", new Op.Dense(2, 2, new float[] {1, 0, 0, 1}, new float[] {0, 0}, Activation.LINEAR),
                List.of("x"), Shape.vector(2));
        Graph g = new Graph("g", "x", Shape.vector(2), List.of(d), "fc");
        ActivationRanges ranges = t -> t.equals("x") ? new ActivationRanges.Range(-1f, 1f, null)
                : new ActivationRanges.Range(-0.5f, 0.5f, null);
        AffineNetwork net = new AffineQuantizer().quantize(g, ranges, new AffineQuantizer.Options(8, true, false));
        AffineNetworkEmulator e = new AffineNetworkEmulator(net);
        SaturationCounter[] counters = {new SaturationCounter()};
        for (float[] x : new float[][] {{0.9f, 0.2f}, {-0.9f, -0.9f}, {0.1f, -0.1f}}) {
            int[] q = e.quantizeInput(x);
            assertThat(e.runAll(q, counters).get("fc")).containsExactly(e.run(q));
        }
        assertThat(counters[0].outputs()).isEqualTo(6);
        assertThat(counters[0].clipped()).isEqualTo(3);
        assertThat(counters[0].saturated()).isEqualTo(3);
        assertThat(counters[0].requantOverflows()).isZero();
    }

    /**
     * The q7 dense layer of LegacyQuantizerTest (weights {127, -64}, bias 102, bias_shift 5) with the
     * output in Q0.8 instead, so out_shift = 7 + 8 - 8 = 7 and NN_ROUND(7) = 64: acc = 102 * 32 + 64 +
     * 127 x0 - 64 x1 = 3328 + 127 x0 - 64 x1, clipped unless -16384 <= acc < 16384 (acc >> 7 in
     * [-128, 127]).
     * <pre>
     * (127, -128)  3328 + 16129 + 8192 = 27649   clipped
     * (0, 0)       3328, >> 7 = 26
     * (104, 0)     3328 + 13208 = 16536          clipped
     * (-128, 127)  3328 - 16256 - 8128 = -21056  clipped
     * </pre>
     * 4 outputs, 3 clipped. The shifted bias 3264 = 25 * 128 + 64 has bit 6 set, below out_shift 7:
     * all 4 outputs drop bias bits. No sum comes near 2^31.
     */
    @Test
    void legacyCountingRunRecomputesTheFullyConnectedSums() {
        Graph g = GraphFixtures.single(Shape.vector(2), new Op.Dense(2, 1, new float[] {0.5f, -0.25f}, new float[] {0.1f},
                Activation.RELU));
        Map<String, Integer> fracs = Map.of("x", 7, "y", 8);
        TensorRanges ranges = (tensor, bits) -> new TensorRanges.Suggested(fracs.get(tensor), null);
        LegacyNetwork net = new LegacyQuantizer().quantize(g, ranges, new LegacyQuantizer.Options(8, false));
        LegacyLayer layer = net.layers().get(0);
        assertThat(layer.biasShift()).isEqualTo(5);
        assertThat(layer.outShift()).isEqualTo(7);
        assertThat(net.array("L1_WT").values()).containsExactly(127, -64);
        assertThat(net.array("L1_BIAS").values()).containsExactly(102);
        LegacyNetworkEmulator e = new LegacyNetworkEmulator(net);
        SaturationCounter[] counters = {new SaturationCounter()};
        for (int[] x : new int[][] {{127, -128}, {0, 0}, {104, 0}, {-128, 127}}) {
            assertThat(e.runAll(x, counters).get("y")).containsExactly(e.run(x));
        }
        assertThat(counters[0].outputs()).isEqualTo(4);
        assertThat(counters[0].clipped()).isEqualTo(3);
        assertThat(counters[0].wrappedSums()).isZero();
        assertThat(counters[0].biasBitsDropped()).isEqualTo(4);
    }

    /** a = x + x over a 2-vector: the residual add of a block, in its smallest form. */
    private static Graph doubled() {
        Node a = new Node("a", "Add", new Op.Add(), List.of("x", "x"), Shape.vector(2));
        return new Graph("g", "x", Shape.vector(2), List.of(a), "a");
    }

    /**
     * q7, x and a both in Q0.7, so both add shifts are 0 and the sum of codes saturates to
     * [-128, 127]: codes (100, 10) sum to 200 (clipped) and 20; (-64, -65) to -128 (the bound itself,
     * not beyond) and -130 (clipped). 4 outputs, 2 clipped.
     */
    @Test
    void legacyAddCountsTheSumsTheWordSaturates() {
        TensorRanges ranges = (tensor, bits) -> new TensorRanges.Suggested(7, null);
        LegacyNetwork net = new LegacyQuantizer().quantize(doubled(), ranges, new LegacyQuantizer.Options(8, false));
        LegacyNetworkEmulator e = new LegacyNetworkEmulator(net);
        SaturationCounter[] counters = {new SaturationCounter()};
        for (int[] x : new int[][] {{100, 10}, {-64, -65}}) {
            assertThat(e.runAll(x, counters).get("a")).containsExactly(e.run(x));
        }
        assertThat(e.run(new int[] {100, 10})).containsExactly(127, 20);
        assertThat(counters[0].outputs()).isEqualTo(4);
        assertThat(counters[0].clipped()).isEqualTo(2);
        assertThat(counters[0].saturated()).isEqualTo(2);
    }

    /**
     * s8, x in [-1, 1] and a in [-0.5, 0.5]: 2x lies beyond the output range for |x| above 0.25 (more
     * than a step, 1/255, away for the values here). Samples (0.9, 0.1) and (-0.6, 0.2) give 1.8, 0.2,
     * -1.2, 0.4: 4 outputs, 2 clipped.
     */
    @Test
    void affineAddCountsTheOutputsClampedToTheRange() {
        ActivationRanges ranges = t -> t.equals("x") ? new ActivationRanges.Range(-1f, 1f, null)
                : new ActivationRanges.Range(-0.5f, 0.5f, null);
        AffineNetwork net = new AffineQuantizer().quantize(doubled(), ranges, new AffineQuantizer.Options(8, true, false));
        AffineNetworkEmulator e = new AffineNetworkEmulator(net);
        SaturationCounter[] counters = {new SaturationCounter()};
        for (float[] x : new float[][] {{0.9f, 0.1f}, {-0.6f, 0.2f}}) {
            int[] q = e.quantizeInput(x);
            assertThat(e.runAll(q, counters).get("a")).containsExactly(e.run(q));
        }
        assertThat(counters[0].outputs()).isEqualTo(4);
        assertThat(counters[0].clipped()).isEqualTo(2);
        assertThat(counters[0].requantOverflows()).isZero();
    }
}
