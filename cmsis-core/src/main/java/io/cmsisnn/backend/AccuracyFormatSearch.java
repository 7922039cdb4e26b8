package io.cmsisnn.backend;

import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.emulation.LegacyNetworkEmulator;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.quant.LegacyNetwork;
import io.cmsisnn.quant.LegacyQuantizer;
import io.cmsisnn.quant.QFormat;
import io.cmsisnn.quant.TensorRanges;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code rangeMethod accuracy} for q7/q15: starting from the suggested (min/max) formats, a greedy
 * search over the activation formats, scored by the bit-exact emulation against the float model on
 * validation samples.
 *
 * <p>The tensors searched are those whose format the quantizer takes from the suggestions (the
 * input and the outputs of convolution, depthwise, dense, scale-shift and add layers), in graph order. For each
 * one in turn, the fractional bits {@code f+1, f-1, f+2, f-2, f+3, f-3} around its current {@code f}
 * are tried, the whole network quantized again and emulated on every validation sample. A
 * candidate replaces {@code f} only when it is strictly better than the current formats (see
 * {@link ValidationScore#improvesOn}): for a classifier, significantly more validation samples whose
 * top class equals the float model's (McNemar's test at about 95 % on the samples that change); for
 * regression, a smaller MSE against the float outputs. Of several such candidates the one with the
 * largest gain wins, then the one with the smaller output MSE, then the earlier one, so the same
 * inputs give the same formats. The agreement (or RMSE) on the validation samples therefore never
 * ends worse than min/max's. Changes that keep the agreement and only lower the MSE are not taken:
 * on the shared runs they brought the outputs closer to the float model's yet cost test-set top-1
 * (bench/accuracy-formats-2026-12-02.txt), and a gain of one or two samples is noise.
 *
 * <p>The budget is a number of trials (candidate networks emulated), not time, so the result does
 * not depend on the machine; when it runs out the search stops and says which tensors it did not reach.
 *
 * <p>The output counts as class scores when it has more than one value and not as many as the
 * input (an autoencoder's reconstruction is scored by RMSE).
 */
public final class AccuracyFormatSearch {
    /** Offsets from the current fractional bits, nearest first, finer before coarser. */
    private static final int[] STEPS = {1, -1, 2, -2, 3, -3};

    private final Graph graph;
    private final Graph referenceGraph;
    private final LegacyQuantizer.Options options;

    /** @param graph the lowered float graph that is quantized, also the float reference */
    public AccuracyFormatSearch(Graph graph, LegacyQuantizer.Options options) {
        this(graph, graph, options);
    }

    /**
     * @param graph     the lowered float graph that is quantized (e.g. with its biases corrected)
     * @param reference the float function to agree with, with the same tensor names (e.g. the graph before the correction,
     *                  whose function is the model's); agreement with a corrected graph's float function would reward
     *                  undoing the correction
     */
    public AccuracyFormatSearch(Graph graph, Graph reference, LegacyQuantizer.Options options) {
        this.graph = graph;
        this.referenceGraph = reference;
        this.options = options;
    }

    /**
     * What the search runs on.
     *
     * @param validation samples (model inputs, HWC) not used for the calibration statistics
     * @param trials     at most this many candidate networks are emulated; positive
     * @param samples    how the samples of one trial are run (in order, or on all cores)
     * @param log        receives each kept change and the summary
     */
    public record Request(float[][] validation, int trials, SampleMap samples, Consumer<String> log) {
        public Request {
            if (validation.length == 0) {
                throw new IllegalArgumentException("the accuracy search needs at least one validation sample");
            }
            if (trials < 1) {
                throw new IllegalArgumentException("the accuracy search needs a budget of at least one trial, got " + trials);
            }
        }
    }

    /** One kept format change. */
    public record Change(String tensor, QFormat from, QFormat to, ValidationScore before, ValidationScore after) {
        /** One line for the log, the report's quantization notes and the C source. */
        public String describe() {
            return "rangeMethod accuracy: tensor '" + tensor + "' " + from + " -> " + to + ", validation " + before + " -> " + after;
        }
    }

    /**
     * The search's outcome.
     *
     * @param fracs    the fractional bits the search changed, by tensor (the others keep their suggestion)
     * @param kept     the changes, in the order they were made
     * @param trials   candidate networks emulated
     * @param budget   the trials allowed
     * @param start    the score of the suggested formats
     * @param end      the score of the chosen formats
     * @param untried  tensors the budget did not reach (or reached only in part), in graph order
     * @param seconds  wall time of the search, for the log only (never in generated files)
     */
    public record Result(Map<String, Integer> fracs, List<Change> kept, int trials, int budget, ValidationScore start,
                         ValidationScore end, List<String> untried, double seconds) {
        public Result {
            fracs = Map.copyOf(fracs);
            kept = List.copyOf(kept);
            untried = List.copyOf(untried);
        }

        /** {@code base}'s suggestions with the search's changes. */
        public TensorRanges ranges(TensorRanges base) {
            return overriding(base, fracs);
        }

        /** Deterministic lines for the report's quantization notes and the C source: summary, changes, what was left. */
        public List<String> notes() {
            List<String> out = new ArrayList<>();
            out.add(String.format(Locale.ROOT, "rangeMethod accuracy: %d of %d trials on %d held-apart calibration samples, "
                    + "%d format change%s kept; validation %s -> %s against the float model", trials, budget, start.samples(),
                    kept.size(), kept.size() == 1 ? "" : "s", start, end));
            kept.forEach(c -> out.add(c.describe()));
            if (!untried.isEmpty()) {
                out.add("rangeMethod accuracy: the budget of " + budget + " trials ran out before every format of "
                        + String.join(", ", untried.stream().map(t -> "'" + t + "'").toList())
                        + " was tried; raise accuracyTrials to search them too");
            }
            return out;
        }
    }

    /** Runs the search from {@code start}'s suggestions. */
    public Result search(TensorRanges start, Request request) {
        long t0 = System.nanoTime();
        float[][] x = request.validation();
        String compared = comparedTensor(graph);
        float[][] reference = floatReference(request, compared);
        boolean classifier = isClassifier(graph);

        Set<String> searched = new LinkedHashSet<>();
        TensorRanges recording = (tensor, bits) -> {
            searched.add(tensor);
            return start.suggest(tensor, bits);
        };
        Map<String, Integer> fracs = new LinkedHashMap<>();
        ValidationScore startScore = score(quantize(recording), x, reference, compared, classifier, request.samples());
        ValidationScore current = startScore;
        List<Change> kept = new ArrayList<>();
        List<String> untried = new ArrayList<>();
        int trials = 0;
        int bits = options.bits();
        for (String tensor : searched) {
            if (trials >= request.trials()) {
                untried.add(tensor);
                continue;
            }
            int from = start.suggest(tensor, bits).frac();
            int best = from;
            ValidationScore bestScore = current;
            boolean complete = true;
            for (int step : STEPS) {
                int frac = from + step;
                if (frac < CalibrationResult.MIN_FRAC || frac > bits + CalibrationResult.EXTRA_FRAC) {
                    continue;
                }
                if (trials >= request.trials()) {
                    complete = false;
                    break;
                }
                trials++;
                Map<String, Integer> candidate = new LinkedHashMap<>(fracs);
                candidate.put(tensor, frac);
                ValidationScore s = score(quantize(overriding(start, candidate)), x, reference, compared,
                        classifier, request.samples());
                if (s.improvesOn(current) && (best == from || ranksAbove(s, bestScore, current))) {
                    best = frac;
                    bestScore = s;
                }
            }
            if (!complete) {
                untried.add(tensor);
            }
            if (best != from) {
                Change change = new Change(tensor, new QFormat(bits, from), new QFormat(bits, best), current, bestScore);
                fracs.put(tensor, best);
                current = bestScore;
                kept.add(change);
                request.log().accept(change.describe());
            }
        }
        Result result = new Result(fracs, kept, trials, request.trials(), startScore, current, untried,
                (System.nanoTime() - t0) / 1e9);
        request.log().accept(String.format(Locale.ROOT, "%s (%.1f s)", result.notes().get(0), result.seconds()));
        return result;
    }

    /** The float side, once per search: per sample the compared tensor, then the output's top class. */
    private float[][] floatReference(Request request, String compared) {
        FloatEngine engine = new FloatEngine(referenceGraph);
        float[][] x = request.validation();
        return request.samples().map(x.length, i -> {
            Map<String, float[]> tensors = engine.runAll(x[i]);
            float[] v = tensors.get(compared);
            float[] withTop = Arrays.copyOf(v, v.length + 1);
            withTop[v.length] = Metrics.argmax(tensors.get(referenceGraph.outputName()));
            return withTop;
        });
    }

    /**
     * How {@code quantized} (a graph with the same tensors, e.g. with corrected biases) quantized with {@code ranges}
     * scores on the request's samples against the reference: to compare networks the search did not build.
     */
    public ValidationScore score(Graph quantized, TensorRanges ranges, Request request) {
        String compared = comparedTensor(graph);
        return score(new LegacyQuantizer().quantize(quantized, ranges, options), request.validation(),
                floatReference(request, compared), compared, isClassifier(graph), request.samples());
    }

    /** Of two improvements on {@code current}: the larger agreement gain, then the smaller MSE; the earlier on a tie. */
    private static boolean ranksAbove(ValidationScore a, ValidationScore b, ValidationScore current) {
        int gainA = a.gainOver(current);
        int gainB = b.gainOver(current);
        return gainA != gainB ? gainA > gainB : a.mse() < b.mse();
    }

    /** Class scores: more than one value, and not as many as the input (a reconstruction). */
    static boolean isClassifier(Graph graph) {
        int out = graph.outputShape().size();
        return out > 1 && out != graph.inputShape().size();
    }

    /** The tensor whose MSE is scored: the softmax's input for a network ending in softmax, else the output. */
    static String comparedTensor(Graph graph) {
        Node last = graph.node(graph.outputName());
        return last.op() instanceof Op.Softmax ? last.inputs().get(0) : graph.outputName();
    }

    /** Index of the largest code, the first on ties (as {@link Metrics#argmax} on the dequantized values). */
    private static int argmax(int[] codes) {
        int best = 0;
        for (int i = 1; i < codes.length; i++) {
            if (codes[i] > codes[best]) {
                best = i;
            }
        }
        return best;
    }

    private LegacyNetwork quantize(TensorRanges ranges) {
        return new LegacyQuantizer().quantize(graph, ranges, options);
    }

    private static TensorRanges overriding(TensorRanges base, Map<String, Integer> fracs) {
        return (tensor, bits) -> {
            Integer frac = fracs.get(tensor);
            return frac == null ? base.suggest(tensor, bits) : new TensorRanges.Suggested(frac, null);
        };
    }

    /** Agreement of the outputs' top classes, and the MSE of {@code compared} against {@code reference} (its float values). */
    private ValidationScore score(LegacyNetwork net, float[][] x, float[][] reference, String compared, boolean classifier,
                                  SampleMap samples) {
        LegacyNetworkEmulator emulator = new LegacyNetworkEmulator(net);
        String output = graph.outputName();
        // per sample: the compared tensor's real values, then the index of the output's top class
        float[][] y = samples.map(x.length, i -> {
            Map<String, int[]> tensors = emulator.runAll(emulator.quantizeInput(x[i]));
            float[] v = emulator.dequantize(compared, tensors.get(compared));
            float[] withTop = Arrays.copyOf(v, v.length + 1);
            withTop[v.length] = argmax(tensors.get(output));
            return withTop;
        });
        BitSet agreeing = new BitSet(x.length);
        double squared = 0;
        long values = 0;
        for (int s = 0; s < x.length; s++) {
            int n = y[s].length - 1;
            if (classifier && y[s][n] == reference[s][n]) {
                agreeing.set(s);
            }
            for (int k = 0; k < n; k++) {
                double d = (double) y[s][k] - reference[s][k];
                squared += d * d;
            }
            values += n;
        }
        return new ValidationScore(classifier, agreeing, x.length, values == 0 ? 0 : squared / values);
    }
}
