package io.cmsisnn.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.Calibrator;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.codegen.RawInput;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.engine.GraphFixtures;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.quant.LegacyQuantizer;
import io.cmsisnn.quant.QFormat;
import io.cmsisnn.quant.TensorRanges;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccuracyFormatSearchTest {
    private static final LegacyQuantizer.Options Q7 = new LegacyQuantizer.Options(8, false);
    private static final SourceHeader HEADER = new SourceHeader("net", "net.h5", List.of(), RawInput.IDENTITY);
    private static final SampleMap ON_ALL_CORES = (n, f) -> IntStream.range(0, n).parallel().mapToObj(f).toArray(float[][]::new);

    /**
     * y = (x0 - x1, x1 - x0), x2 unused: class 0 when x0 > x1. An input (v, v, 0) gives y = 0 whatever v
     * is. (Three inputs, so that the two outputs are class scores, not a reconstruction.)
     */
    private static Graph difference() {
        return GraphFixtures.single(Shape.vector(3), new Op.Dense(3, 2, new float[] {1, -1, 0, -1, 1, 0}, new float[] {0, 0},
                Activation.LINEAR));
    }

    /** 20 typical samples (+-0.006) and one outlier (7.5, 7.5, 0) that sets the input range but not the output's. */
    private static float[][] calibrationSamples() {
        List<float[]> s = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            s.add(new float[] {0.006f, -0.006f, 0});
            s.add(new float[] {-0.006f, 0.006f, 0});
        }
        s.add(new float[] {7.5f, 7.5f, 0});
        return s.toArray(float[][]::new);
    }

    /** Half of class 0, half of class 1 in the float model, interleaved. */
    private static float[][] validationSamples() {
        float[][] v = new float[20][];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 2 == 0 ? new float[] {0.006f, -0.006f, 0} : new float[] {-0.006f, 0.006f, 0};
        }
        return v;
    }

    private static TensorRanges suggested(CalibrationResult calibration, RangeMethod method) {
        return (tensor, bits) -> new TensorRanges.Suggested(calibration.choose(tensor, bits, method, 99.99).frac(), null);
    }

    /** What the generator does for rangeMethod accuracy: search from the minmax suggestions, then build with the result. */
    private static LegacyBackend searched(Graph g, CalibrationResult stats, LegacyQuantizer.Options options,
                                          AccuracyFormatSearch.Request request) {
        AccuracyFormatSearch.Result found = new AccuracyFormatSearch(g, options).search(
                LegacyBackend.suggestions(stats, RangeMethod.ACCURACY, 99.99), request);
        return LegacyBackend.build(g, stats, RangeMethod.ACCURACY, 99.99, options, found, List.of(), HEADER);
    }

    private static AccuracyFormatSearch.Request request(float[][] validation, int trials) {
        return new AccuracyFormatSearch.Request(validation, trials, SampleMap.SEQUENTIAL, line -> { });
    }

    @Test
    void anOutlierThatZeroesEveryTypicalInputIsOutvotedByTheFinerFormat() {
        Graph g = difference();
        CalibrationResult calibration = new Calibrator().calibrate(g, calibrationSamples(), 0, null);
        // minmax by hand: input max |x| = 7.5, ceil(log2 7.5) = 3 integer bits -> frac 7 - 3 = 4 (Q3.4, steps of 1/16);
        // output max |y| = 0.012 (the outlier gives 0), ceil(log2 0.012) = -6 -> frac 13
        assertThat(calibration.choose("x", 8, RangeMethod.MINMAX, 0).frac()).isEqualTo(4);
        assertThat(calibration.choose("y", 8, RangeMethod.MINMAX, 0).frac()).isEqualTo(13);

        List<String> logged = new ArrayList<>();
        AccuracyFormatSearch.Result r = new AccuracyFormatSearch(g, Q7).search(suggested(calibration, RangeMethod.MINMAX),
                new AccuracyFormatSearch.Request(validationSamples(), 120, SampleMap.SEQUENTIAL, logged::add));

        // Q3.4: 0.006 * 16 = 0.096 rounds to 0, so y = 0 and arg-max picks class 0: right for exactly half the samples
        assertThat(r.start().agreeingCount()).isEqualTo(10);
        assertThat(r.start().agreement()).isEqualTo(0.5);
        // candidates 5, 3, 6, 2, 7, 1: only frac 7 = 4 + 3 makes 0.006 * 128 = 0.768 a nonzero code (1); 0.006 * 64 = 0.384 -> 0
        assertThat(r.kept()).hasSize(1);
        AccuracyFormatSearch.Change change = r.kept().get(0);
        assertThat(change.tensor()).isEqualTo("x");
        assertThat(change.from()).isEqualTo(new QFormat(8, 4));
        assertThat(change.to()).isEqualTo(new QFormat(8, 7));
        assertThat(r.fracs()).containsExactly(java.util.Map.entry("x", 7));
        // codes (1, -1, 0), weights Q0.7 (127, -128, 0): sums +-255, out_shift 7 + 7 - 13 = 1 -> +-127: every sign right.
        // Every sample agrees now, so no output format can gain any: no second change.
        // 10 samples gained, none lost: 10 >= 2 sqrt(10) = 6.3, a significant gain
        assertThat(r.end().agreeingCount()).isEqualTo(20);
        assertThat(change.after()).isEqualTo(r.end());
        // six candidates for x and six for y, every one inside the clamp
        assertThat(r.trials()).isEqualTo(12);
        assertThat(r.untried()).isEmpty();
        // the log: the change as it is made, then the summary with the time taken
        assertThat(logged).hasSize(2);
        assertThat(logged.get(0)).isEqualTo("rangeMethod accuracy: tensor 'x' Q3.4 -> Q0.7, validation agreement 0.5000, "
                + "MSE 0.000144 -> agreement 1.0000, MSE 1.23e-05");
        assertThat(logged.get(1)).startsWith(r.notes().get(0)).matches(".* \\([0-9.]+ s\\)");

        LegacyBackend built = searched(g, calibration, Q7, request(validationSamples(), 120));
        assertThat(built.quantized().inputFormat()).isEqualTo(new QFormat(8, 7));
        assertThat(built.quantized().notes()).contains(change.describe());
        assertThat(built.quantized().notes().get(0)).startsWith("rangeMethod accuracy: 12 of 120 trials on 20 held-apart");
        assertThat(built.network().files().get("net.c")).contains("'x' Q3.4 -> Q0.7");
    }

    @Test
    void aBudgetThatRunsOutKeepsTheBestSoFarAndSaysWhatItDidNotTry() {
        Graph g = difference();
        CalibrationResult calibration = new Calibrator().calibrate(g, calibrationSamples(), 0, null);
        // three trials reach x's candidates 5, 3 and 6 only, none of which changes a code
        AccuracyFormatSearch.Result r = new AccuracyFormatSearch(g, Q7).search(suggested(calibration, RangeMethod.MINMAX),
                request(validationSamples(), 3));
        assertThat(r.trials()).isEqualTo(3);
        assertThat(r.kept()).isEmpty();
        assertThat(r.end()).isEqualTo(r.start());
        assertThat(r.untried()).containsExactly("x", "y");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("raise accuracyTrials"));
    }

    /**
     * Random two-layer networks in q7 and q15: the chosen formats' top-1 agreement with the float model on the
     * validation samples, counted here from the final network's emulation, is never below minmax's.
     */
    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void neverAgreesLessThanMinmax(int bits) {
        LegacyQuantizer.Options options = new LegacyQuantizer.Options(bits, false);
        int improved = 0;
        for (int seed = 1; seed <= 6; seed++) {
            Random rnd = new Random(seed);
            Graph g = new GraphFixtures(Shape.vector(6))
                    .add("h", new Op.Dense(6, 8, GraphFixtures.random(rnd, 48), GraphFixtures.random(rnd, 8), Activation.RELU), "x")
                    .add("y", new Op.Dense(8, 4, GraphFixtures.random(rnd, 32), GraphFixtures.random(rnd, 4), Activation.LINEAR), "h")
                    .build("y");
            float[][] calibration = samples(rnd, 60, seed);
            float[][] validation = samples(rnd, 80, seed);
            CalibrationResult stats = new Calibrator().calibrate(g, calibration, 0, null);
            LegacyBackend minmax = LegacyBackend.build(g, stats, RangeMethod.MINMAX, 99.99, options, List.of(), HEADER);
            LegacyBackend accuracy = searched(g, stats, options, request(validation, 60));
            int before = agreeing(g, minmax, validation);
            int after = agreeing(g, accuracy, validation);
            assertThat(after).as("seed %d", seed).isGreaterThanOrEqualTo(before);
            improved += after > before ? 1 : 0;
        }
        if (bits == 8) {
            // the outlier sample of each set makes minmax coarse, so the search has something to win somewhere
            assertThat(improved).isPositive();
        }
    }

    /** Uniform in [-0.25, 0.25), with one sample scaled up 40 times (an outlier); reproducible. */
    private static float[][] samples(Random rnd, int n, int seed) {
        float[][] s = new float[n][];
        for (int i = 0; i < n; i++) {
            s[i] = GraphFixtures.random(rnd, 6);
            for (int k = 0; k < 6; k++) {
                s[i][k] *= i == seed ? 10f : 0.25f;
            }
        }
        return s;
    }

    private static int agreeing(Graph g, LegacyBackend backend, float[][] x) {
        FloatEngine engine = new FloatEngine(g);
        float[][] emulated = backend.emulate(x, SampleMap.SEQUENTIAL).values();
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            n += Metrics.argmax(emulated[i]) == Metrics.argmax(engine.run(x[i])) ? 1 : 0;
        }
        return n;
    }

    @Test
    void theSameInputsGiveTheSameFormatsAndFilesOnOneThreadOrMany() {
        Random rnd = new Random(7);
        Graph g = new GraphFixtures(Shape.vector(6))
                .add("h", new Op.Dense(6, 8, GraphFixtures.random(rnd, 48), GraphFixtures.random(rnd, 8), Activation.RELU), "x")
                .add("y", new Op.Dense(8, 4, GraphFixtures.random(rnd, 32), GraphFixtures.random(rnd, 4), Activation.LINEAR), "h")
                .build("y");
        float[][] validation = samples(rnd, 80, 3);
        CalibrationResult stats = new Calibrator().calibrate(g, samples(rnd, 60, 5), 0, null);
        LegacyBackend once = searched(g, stats, Q7, request(validation, 40));
        LegacyBackend again = searched(g, stats, Q7, new AccuracyFormatSearch.Request(validation, 40, ON_ALL_CORES, line -> { }));
        assertThat(again.quantized().formats()).isEqualTo(once.quantized().formats());
        assertThat(again.network().files()).isEqualTo(once.network().files());
    }

    @Test
    void classScoresAreOutputsOfSeveralValuesThatDoNotReconstructTheInput() {
        Op.Dense oneOut = new Op.Dense(3, 1, new float[3], new float[1], Activation.LINEAR);
        Op.Dense sameSize = new Op.Dense(3, 3, new float[9], new float[3], Activation.LINEAR);
        Op.Dense classes = new Op.Dense(3, 2, new float[6], new float[2], Activation.LINEAR);
        assertThat(AccuracyFormatSearch.isClassifier(GraphFixtures.single(Shape.vector(3), oneOut))).isFalse();
        assertThat(AccuracyFormatSearch.isClassifier(GraphFixtures.single(Shape.vector(3), sameSize))).isFalse();
        assertThat(AccuracyFormatSearch.isClassifier(GraphFixtures.single(Shape.vector(3), classes))).isTrue();
    }

    private static ValidationScore agreeing(int samples, double mse, int... indices) {
        BitSet set = new BitSet();
        for (int i : indices) {
            set.set(i);
        }
        return new ValidationScore(true, set, samples, mse);
    }

    @Test
    void anImprovementIsASignificantGainInAgreement() {
        ValidationScore current = agreeing(100, 0.5, IntStream.range(0, 90).toArray());
        // 4 gained (90..93), none lost: 4 >= 2 sqrt(4) = 4
        assertThat(agreeing(100, 0.9, IntStream.range(0, 94).toArray()).improvesOn(current)).isTrue();
        // 3 gained: 3 < 2 sqrt(3) = 3.46, whatever the MSE
        assertThat(agreeing(100, 0.1, IntStream.range(0, 93).toArray()).improvesOn(current)).isFalse();
        // 6 gained (90..95) and 2 lost (0, 1): 4 < 2 sqrt(8) = 5.66
        assertThat(agreeing(100, 0.1, IntStream.range(2, 96).toArray()).improvesOn(current)).isFalse();
        // 9 gained and 1 lost: 8 >= 2 sqrt(10) = 6.32
        assertThat(agreeing(100, 0.1, IntStream.range(1, 99).toArray()).improvesOn(current)).isTrue();
        assertThat(agreeing(100, 0.1, IntStream.range(1, 99).toArray()).gainOver(current)).isEqualTo(8);
        // the same samples with a smaller MSE only: not a gain
        assertThat(agreeing(100, 0.1, IntStream.range(0, 90).toArray()).improvesOn(current)).isFalse();
        // regression: the MSE alone
        ValidationScore regression = new ValidationScore(false, new BitSet(), 20, 0.5);
        assertThat(new ValidationScore(false, new BitSet(), 20, 0.4).improvesOn(regression)).isTrue();
        assertThat(new ValidationScore(false, new BitSet(), 20, 0.5).improvesOn(regression)).isFalse();
    }

    @Test
    void aNetworkEndingInSoftmaxIsComparedOnTheSoftmaxInput() {
        Graph withSoftmax = new GraphFixtures(Shape.vector(3))
                .add("logits", new Op.Dense(3, 2, new float[6], new float[2], Activation.LINEAR), "x")
                .add("probs", new Op.Softmax(), "logits").build("probs");
        assertThat(AccuracyFormatSearch.comparedTensor(withSoftmax)).isEqualTo("logits");
        assertThat(AccuracyFormatSearch.comparedTensor(difference())).isEqualTo("y");
    }
}
