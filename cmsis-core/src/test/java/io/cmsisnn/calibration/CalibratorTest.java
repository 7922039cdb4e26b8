package io.cmsisnn.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibratorTest {

    /** x (2 values) -> d = Dense [[1, 0], [0, 2]] (so d = (x0, 2*x1)) -> r = relu(d). */
    private static Graph denseRelu() {
        Op.Dense dense = new Op.Dense(2, 2, new float[] {1, 0, 0, 2}, new float[] {0, 0}, Activation.LINEAR);
        Node d = new Node("d", "Dense", dense, List.of("x"), Shape.vector(2));
        Node r = new Node("r", "ReLU", new Op.ActivationOp(Activation.RELU), List.of("d"), Shape.vector(2));
        return new Graph("tiny", "x", Shape.vector(2), List.of(d, r), "r");
    }

    /** x (1 value) -> big = Dense [[3e38]]: overflows to infinity once |x| > ~1.13. */
    private static Graph overflowing() {
        Op.Dense dense = new Op.Dense(1, 1, new float[] {3e38f}, new float[] {0}, Activation.LINEAR);
        Node big = new Node("big", "Dense", dense, List.of("x"), Shape.vector(1));
        return new Graph("overflow", "x", Shape.vector(1), List.of(big), "big");
    }

    private static final float[][] THREE = {{1, -1}, {-0.5f, 0.25f}, {0, 3}};

    @Test
    void gathersStatisticsOfEveryTensorInGraphOrder() {
        List<String> lines = new ArrayList<>();
        CalibrationResult r = new Calibrator(2).calibrate(denseRelu(), THREE, 0, lines::add);
        assertThat(r.samples()).isEqualTo(3);
        assertThat(r.statistics().keySet()).containsExactly("x", "d", "r");
        // x: 1, -1, -0.5, 0.25, 0, 3 -> min -1, max 3, one zero
        TensorStatistics x = r.statistics("x");
        assertThat(x.count()).isEqualTo(6);
        assertThat(x.min()).isEqualTo(-1.0);
        assertThat(x.max()).isEqualTo(3.0);
        assertThat(x.zeroCount()).isEqualTo(1);
        // d = (x0, 2*x1): (1, -2), (-0.5, 0.5), (0, 6) -> min -2, max 6, one zero; sample in sample order
        TensorStatistics d = r.statistics("d");
        assertThat(d.min()).isEqualTo(-2.0);
        assertThat(d.max()).isEqualTo(6.0);
        assertThat(d.zeroCount()).isEqualTo(1);
        assertThat(d.sample()).containsExactly(1f, -2f, -0.5f, 0.5f, 0f, 6f);
        // r = relu(d): (1, 0), (0, 0.5), (0, 6) -> min 0, max 6, three zeros;
        // bins: 0.5 -> e = 0, 1 -> e = 1, 6 -> e = 3
        TensorStatistics relu = r.statistics("r");
        assertThat(relu.min()).isEqualTo(0.0);
        assertThat(relu.max()).isEqualTo(6.0);
        assertThat(relu.zeroCount()).isEqualTo(3);
        assertThat(relu.bin(0)).isEqualTo(1);
        assertThat(relu.bin(1)).isEqualTo(1);
        assertThat(relu.bin(3)).isEqualTo(1);
        // MINMAX on r: ceil(log2 6) = 3 -> q7 frac 4, q15 frac 12
        assertThat(r.choose("r", 8, RangeMethod.MINMAX, 0).frac()).isEqualTo(4);
        assertThat(r.choose("r", 16, RangeMethod.MINMAX, 0).frac()).isEqualTo(12);
        // a run this short gives only the closing line, with the rate
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("calibration: 3/3 samples in ").endsWith(" samples/s)");
        assertThat(r.samplesPerSecond()).isPositive().isFinite();
    }

    @Test
    void limitTakesTheFirstSamples() {
        // the first two samples only: x = 1, -1, -0.5, 0.25 -> max 1
        CalibrationResult two = new Calibrator().calibrate(denseRelu(), THREE, 2, null);
        assertThat(two.samples()).isEqualTo(2);
        assertThat(two.statistics("x").count()).isEqualTo(4);
        assertThat(two.statistics("x").max()).isEqualTo(1.0);
        // a limit above the set size, or 0 / negative, means all of it
        assertThat(new Calibrator().calibrate(denseRelu(), THREE, 10, null).samples()).isEqualTo(3);
        assertThat(new Calibrator().calibrate(denseRelu(), THREE, -1, null).samples()).isEqualTo(3);
    }

    @Test
    void emptySetIsRejected() {
        assertThatThrownBy(() -> new Calibrator().calibrate(denseRelu(), new float[0][], 0, null))
                .isInstanceOf(CalibrationException.class)
                .hasMessage("the calibration set is empty: give calibrationData with at least one sample");
        assertThatThrownBy(() -> new Calibrator().calibrate(denseRelu(), null, 0, null))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void nanOrInfInAnInputSampleNamesTheSample() {
        float[][] nan = {{1, 2}, {0, Float.NaN}, {3, 4}};
        assertThatThrownBy(() -> new Calibrator().calibrate(denseRelu(), nan, 0, null))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("sample 1 ")
                .hasMessageContaining("NaN/Inf");
        float[][] inf = {{Float.NEGATIVE_INFINITY, 2}};
        assertThatThrownBy(() -> new Calibrator().calibrate(denseRelu(), inf, 0, null))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("sample 0 ")
                .hasMessageContaining("NaN/Inf");
        // beyond the limit a bad sample is never read
        assertThat(new Calibrator().calibrate(denseRelu(), nan, 1, null).samples()).isEqualTo(1);
    }

    @Test
    void wrongSampleSizeIsRejected() {
        assertThatThrownBy(() -> new Calibrator().calibrate(denseRelu(), new float[][] {{1, 2}, {1, 2, 3}}, 0, null))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("sample 1 has 3 values")
                .hasMessageContaining("'x'");
    }

    @Test
    void infinityInsideTheGraphNamesTheLayerAndSample() {
        // 0.5 * 3e38 = 1.5e38 fits a float; 10 * 3e38 = 3e39 > Float.MAX_VALUE (3.4e38) -> +Infinity
        float[][] samples = {{0.5f}, {10f}, {-0.1f}};
        assertThatThrownBy(() -> new Calibrator(1).calibrate(overflowing(), samples, 0, null))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("layer 'big'")
                .hasMessageContaining("Infinity")
                .hasMessageContaining("sample 1 ");
        // only the good samples: calibration goes through
        assertThat(new Calibrator(1).calibrate(overflowing(), samples, 1, null).statistics("big").max())
                .isEqualTo((double) (0.5f * 3e38f));
    }

    @Test
    void nanInsideTheGraphNamesTheLayer() {
        // sum = 0 + x0 * 10 + x1 * (-10) with x0 = x1 = 3e38: 3e39 overflows to +Inf, then -Inf is added -> NaN
        Op.Dense dense = new Op.Dense(2, 1, new float[] {10, -10}, new float[] {0}, Activation.LINEAR);
        Node sum = new Node("sum", "Dense", dense, List.of("x"), Shape.vector(1));
        Graph g = new Graph("nan", "x", Shape.vector(2), List.of(sum), "sum");
        assertThatThrownBy(() -> new Calibrator().calibrate(g, new float[][] {{1, 1}, {1, 2}, {3e38f, 3e38f}}, 0, null))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("layer 'sum'")
                .hasMessageContaining("NaN")
                .hasMessageContaining("sample 2 ");
    }

    @Test
    void theLowestFailingSampleIsReportedWhateverTheThreads() {
        float[][] samples = new float[300][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = new float[] {i == 57 || i == 58 || i == 200 || i == 299 ? 100f : 0.001f * i};
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThatThrownBy(() -> new Calibrator(8).calibrate(overflowing(), samples, 0, null))
                    .isInstanceOf(CalibrationException.class)
                    .hasMessageContaining("sample 57 ");
        }
    }

    @Test
    void resultIsTheSameForAnyThreadCount() {
        // x: 64 values, h = relu(Dense 64 -> 16), y = Dense 16 -> 3; 400 samples make 25,600 input
        // values, more than SAMPLE_LIMIT, so the input's sample is strided (k = 2)
        Random rnd = new Random(7);
        float[] w1 = new float[64 * 16];
        float[] w2 = new float[16 * 3];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) rnd.nextGaussian() * 0.2f;
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = (float) rnd.nextGaussian();
        }
        Node h = new Node("h", "Dense", new Op.Dense(64, 16, w1, new float[16], Activation.RELU), List.of("x"), Shape.vector(16));
        Node y = new Node("y", "Dense", new Op.Dense(16, 3, w2, new float[3], Activation.LINEAR), List.of("h"), Shape.vector(3));
        Graph g = new Graph("mlp", "x", Shape.vector(64), List.of(h, y), "y");
        float[][] samples = new float[400][64];
        for (float[] s : samples) {
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) rnd.nextGaussian() * (i % 5 == 0 ? 10 : 1);
            }
        }
        CalibrationResult one = new Calibrator(1).calibrate(g, samples, 0, null);
        CalibrationResult many = new Calibrator(8).calibrate(g, samples, 0, null);
        CalibrationResult auto = new Calibrator().calibrate(g, samples, 0, null);
        assertThat(one.statistics("x").sample()).hasSize(12_800); // ceil(25,600 / 2)
        assertThat(one.statistics("x").sample()[1]).isEqualTo(samples[0][2]); // positions 0, 2, 4, ...
        assertThat(one.statistics("h").sample()).hasSize(400 * 16); // 6,400 values: all kept
        for (CalibrationResult other : List.of(many, auto)) {
            assertThat(other.statistics()).isEqualTo(one.statistics());
            for (String t : one.statistics().keySet()) {
                for (RangeMethod m : RangeMethod.values()) {
                    assertThat(other.choose(t, 8, m, 99.9)).isEqualTo(one.choose(t, 8, m, 99.9));
                    assertThat(other.choose(t, 16, m, 99.9)).isEqualTo(one.choose(t, 16, m, 99.9));
                }
            }
        }
        Map<String, TensorStatistics> stats = one.statistics();
        assertThat(stats.keySet()).containsExactly("x", "h", "y");
        assertThat(stats.get("h").min()).isEqualTo(0.0); // relu
    }

    @Test
    void reportsProgressWhileRunningAndTheRateAtTheEnd() {
        // 300 samples through Dense 512 -> 512 (about 79M multiply-adds), progress every millisecond
        Random rnd = new Random(3);
        float[] w = new float[512 * 512];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextFloat() - 0.5f;
        }
        Node d = new Node("d", "Dense", new Op.Dense(512, 512, w, new float[512], Activation.LINEAR), List.of("x"), Shape.vector(512));
        Graph g = new Graph("wide", "x", Shape.vector(512), List.of(d), "d");
        float[][] samples = new float[300][512];
        for (float[] s : samples) {
            for (int i = 0; i < s.length; i++) {
                s[i] = rnd.nextFloat();
            }
        }
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        CalibrationResult r = new Calibrator(2, 1_000_000L).calibrate(g, samples, 0, lines::add);
        assertThat(r.samples()).isEqualTo(300);
        assertThat(lines.size()).isGreaterThan(1);
        for (String line : lines.subList(0, lines.size() - 1)) {
            assertThat(line).matches("calibration: \\d+/300 samples \\([0-9,]+ samples/s(, about \\d+ s left)?\\)");
        }
        assertThat(lines.get(lines.size() - 1)).matches("calibration: 300/300 samples in [0-9.]+ s \\([0-9,]+ samples/s\\)");
    }

    @Test
    void threadCountMustBePositive() {
        assertThatThrownBy(() -> new Calibrator(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Calibrator(3).threads()).isEqualTo(3);
    }
}
