package io.cmsisnn.pipeline;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.Labels;
import io.cmsisnn.data.SampleReader;
import io.cmsisnn.data.TestSet;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.LayerCost;
import io.cmsisnn.graph.Node;
import io.cmsisnn.importer.ImportedModel;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.quant.LayerPrecision;
import io.cmsisnn.quant.WidenedGraph;
import io.cmsisnn.report.VerificationReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * {@code scheme} auto: builds every candidate of the family from one set of calibration statistics,
 * measures each one's emulated top-1 (bit-exact with its C) on calibration-file samples that the
 * statistics did not use, and keeps the cheapest candidate whose drop against the float model on
 * those samples is within {@code maxAccuracyDrop}. Cost, in this order: RAM (activation arena plus
 * kernel scratch), then estimated instructions, then weight bytes (flash). When no candidate meets
 * the drop, the most accurate one is kept and the report says so (verify then fails on its gate).
 *
 * <p>Instructions are estimated as MACs over the MACs per instruction of the kernels' inner loops:
 * 2 with {@code ARM_MATH_DSP} (SMLAD, two 16-bit multiply-accumulates, the int8 operands widened in
 * pairs), 1 without. It is coarse, and only decides between candidates of equal RAM.
 */
final class SchemeSearch {
    private final Generator generator;
    private final BuildLog log;

    SchemeSearch(Generator generator, BuildLog log) {
        this.generator = generator;
        this.log = log;
    }

    /** The chosen candidate's conversion, carrying the search's record. */
    Conversion search(ConversionSettings settings, ImportedModel model) {
        AutoScheme auto = settings.auto();
        String family = auto.family().id();
        Graph imported = model.graph();
        if (imported.outputShape().size() < 2) {
            throw new ConfigurationException("scheme " + family + " chooses by top-1 accuracy, but " + settings.model().getFileName()
                    + " has " + imported.outputShape().size() + " output value(s), not class scores; set <scheme> to one of "
                    + auto.family().schemes().stream().map(Scheme::id).toList());
        }
        Validation v = validation(settings, model);
        FloatEngine engine = new FloatEngine(imported);
        float[][] reference = IntStream.range(0, v.inputs().length).parallel().mapToObj(i -> engine.run(v.inputs()[i]))
                .toArray(float[][]::new);
        int[] labels = v.labels() != null ? v.labels() : IntStream.range(0, reference.length)
                .map(i -> Metrics.argmax(reference[i])).toArray();
        double floatTop1 = Metrics.top1(reference, labels);

        Trials trials = new Trials(settings, model, v.inputs(), labels, floatTop1);
        for (Scheme scheme : auto.family().schemes()) {
            Conversion c = trials.evaluate(scheme.id(), base(settings, scheme));
            if (trials.last().meetsDrop()) {
                continue;
            }
            if (scheme == Scheme.S8) {
                widen(trials, c, base(settings, scheme));
            } else if (scheme == Scheme.Q7 || scheme == Scheme.Q15) {
                refine(trials, base(settings, scheme));
            }
        }
        List<VerificationReport.Candidate> tried = trials.candidates;
        List<Conversion> conversions = trials.conversions;
        int best = choose(tried);
        VerificationReport.Candidate winner = tried.get(best);
        String reason = reason(tried, winner, auto.maxAccuracyDrop());
        log.info("cmsis: " + family + " chose " + winner.scheme() + ": " + reason);
        if (!winner.meetsDrop()) {
            log.warn("cmsis: " + family + ": no candidate met maxAccuracyDrop " + auto.maxAccuracyDrop() + "; " + reason);
        }
        return conversions.get(best).withSearch(new VerificationReport.SchemeSearch(family, auto.maxAccuracyDrop(), v.description(),
                tried, winner.scheme(), reason));
    }

    /** {@code settings} for one scheme: layer precision is the s8 candidates' own, and the search sets it. */
    private static ConversionSettings base(ConversionSettings settings, Scheme scheme) {
        return settings.withScheme(scheme).toBuilder().layerPrecision(Map.of()).build();
    }

    /** How many of the layers that lose the most in int8 are tried widened to 16x8, alone and then together. */
    static final int WIDEN_CANDIDATES = 3;

    /**
     * s8 with s16 layers: the widenable layers where the s8 network's SNR against float falls the most
     * (a layer's SNR below the best SNR of its inputs), at most {@value #WIDEN_CANDIDATES}, each widened
     * with the layers writing its inputs; then, ordered by the top-1 each gained, the first two and the
     * first three together, until one meets the drop.
     */
    private void widen(Trials trials, Conversion s8, ConversionSettings settings) {
        List<String> ranked = int8Losses(s8, trials.inputs);
        if (ranked.isEmpty()) {
            return;
        }
        Graph lowered = s8.lowered();
        List<String> names = ranked.subList(0, Math.min(WIDEN_CANDIDATES, ranked.size()));
        Map<Set<String>, Double> alone = new LinkedHashMap<>();
        for (String layer : names) {
            Set<String> unit = withProducers(lowered, layer);
            if (alone.containsKey(unit)) {
                continue;
            }
            trials.evaluate(name(unit), settings.toBuilder().layerPrecision(s16(unit)).build());
            alone.put(unit, trials.last().top1());
            if (trials.last().meetsDrop()) {
                return;
            }
        }
        List<Set<String>> byGain = new ArrayList<>(alone.keySet());
        byGain.sort(Comparator.comparingDouble((Set<String> u) -> -alone.get(u)));
        Set<String> union = new TreeSet<>(byGain.get(0));
        for (int k = 1; k < byGain.size(); k++) {
            union.addAll(byGain.get(k));
            trials.evaluate(name(union), settings.toBuilder().layerPrecision(s16(union)).build());
            if (trials.last().meetsDrop()) {
                return;
            }
        }
    }

    /**
     * A lossy layer with the widenable layers writing its inputs: widened alone, a layer still reads
     * its input through a requantize from int8, so the int16 tensor it needs is its input's too.
     */
    private static Set<String> withProducers(Graph g, String layer) {
        Set<String> unit = new TreeSet<>();
        unit.add(layer);
        for (String input : g.node(layer).inputs()) {
            if (!input.equals(g.inputName()) && WidenedGraph.widenable(g.node(input))) {
                unit.add(input);
            }
        }
        return unit;
    }

    private static Map<String, LayerPrecision> s16(Set<String> layers) {
        Map<String, LayerPrecision> m = new TreeMap<>();
        layers.forEach(l -> m.put(l, LayerPrecision.S16));
        return m;
    }

    private static String name(Set<String> layers) {
        return "s8+s16 " + String.join(",", layers);
    }

    /** The widenable layers of an s8 conversion, most SNR lost first (only those that lose any). */
    private static List<String> int8Losses(Conversion s8, float[][] inputs) {
        int n = Math.min(SNR_SAMPLES, inputs.length);
        TestSet first = new TestSet(java.util.Arrays.copyOf(inputs, n), null, null, n + " validation samples");
        Map<String, Double> snr = new HashMap<>();
        for (VerificationReport.LayerReport r : s8.backend().layerReports(s8.imported(), first, n)) {
            if (r.snrDb() != null) {
                snr.put(r.name(), r.snrDb());
            }
        }
        double best = snr.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        Map<String, Double> loss = new HashMap<>();
        for (Node node : s8.lowered().nodes()) {
            Double own = snr.get(node.name());
            if (own == null || !WidenedGraph.widenable(node)) {
                continue;
            }
            double in = node.inputs().stream().filter(snr::containsKey).mapToDouble(snr::get).max().orElse(best);
            if (in - own > 0) {
                loss.put(node.name(), in - own);
            }
        }
        List<String> ranked = new ArrayList<>(loss.keySet());
        ranked.sort(Comparator.comparingDouble((String l) -> -loss.get(l)).thenComparing(Comparator.naturalOrder()));
        return ranked;
    }

    /** q7/q15 with refined formats: rangeMethod accuracy, when the calibration file leaves samples to search on. */
    private void refine(Trials trials, ConversionSettings settings) {
        if (settings.quantization().rangeMethod() == RangeMethod.ACCURACY) {
            return;
        }
        String name = settings.scheme().id() + " (rangeMethod accuracy)";
        try {
            trials.evaluate(name, settings.toBuilder().rangeMethod(RangeMethod.ACCURACY).build());
        } catch (ConfigurationException e) {
            log.info("cmsis: " + trials.settings.auto().family().id() + " candidate " + name + " not tried: " + e.getMessage());
        }
    }

    /** Per-layer SNR is measured on at most this many validation samples, as verify does. */
    private static final int SNR_SAMPLES = 200;

    /** The candidates built so far, each measured on the same validation samples. */
    private final class Trials {
        private final ConversionSettings settings;
        private final ImportedModel model;
        private final float[][] inputs;
        private final int[] labels;
        private final double floatTop1;
        private final List<VerificationReport.Candidate> candidates = new ArrayList<>();
        private final List<Conversion> conversions = new ArrayList<>();
        private CalibrationResult calibration;

        Trials(ConversionSettings settings, ImportedModel model, float[][] inputs, int[] labels, double floatTop1) {
            this.settings = settings;
            this.model = model;
            this.inputs = inputs;
            this.labels = labels;
            this.floatTop1 = floatTop1;
        }

        VerificationReport.Candidate last() {
            return candidates.get(candidates.size() - 1);
        }

        /** Builds {@code candidate} (one scheme, no search), measures it and records it under {@code name}. */
        Conversion evaluate(String name, ConversionSettings candidate) {
            AutoScheme auto = settings.auto();
            Conversion c = generator.convert(candidate, model, calibration);
            calibration = c.calibration();
            float[][] out = c.backend().emulate(inputs, (n, f) -> IntStream.range(0, n).parallel().mapToObj(f)
                    .toArray(float[][]::new)).values();
            double top1 = Metrics.top1(out, labels);
            double drop = (floatTop1 - top1) * 100.0;
            GeneratedNetwork net = c.network();
            VerificationReport.Candidate k = new VerificationReport.Candidate(name, floatTop1, top1, drop,
                    drop <= auto.maxAccuracyDrop(), net.activationBytes(), net.scratchBytes(),
                    instructions(c.lowered(), settings.quantization().armMathDsp()), net.weightBytes());
            log.info(String.format(Locale.ROOT, "cmsis: %s candidate %s: top-1 %.4f (float %.4f, drop %.2f points%s), RAM %d bytes "
                    + "(%d activation + %d scratch), ~%d instructions, %d weight bytes", auto.family().id(), name, top1, floatTop1,
                    drop, k.meetsDrop() ? "" : ", over " + auto.maxAccuracyDrop(), k.ramBytes(), net.activationBytes(),
                    net.scratchBytes(), k.estimatedInstructions(), net.weightBytes()));
            candidates.add(k);
            conversions.add(c);
            return c;
        }
    }

    /** The cheapest candidate meeting the drop (RAM, instructions, weight bytes, then the order tried); else the most accurate. */
    static int choose(List<VerificationReport.Candidate> tried) {
        Comparator<VerificationReport.Candidate> cost = Comparator.comparingLong(VerificationReport.Candidate::ramBytes)
                .thenComparingLong(VerificationReport.Candidate::estimatedInstructions)
                .thenComparingLong(VerificationReport.Candidate::weightBytes);
        int best = -1;
        for (int i = 0; i < tried.size(); i++) {
            if (tried.get(i).meetsDrop() && (best < 0 || cost.compare(tried.get(i), tried.get(best)) < 0)) {
                best = i;
            }
        }
        if (best >= 0) {
            return best;
        }
        best = 0;
        for (int i = 1; i < tried.size(); i++) {
            if (tried.get(i).drop() < tried.get(best).drop()) {
                best = i;
            }
        }
        return best;
    }

    private static String reason(List<VerificationReport.Candidate> tried, VerificationReport.Candidate winner, double maxDrop) {
        if (!winner.meetsDrop()) {
            return String.format(Locale.ROOT, "no candidate lost at most %.2f points; %s lost the least (%.2f)", maxDrop,
                    winner.scheme(), winner.drop());
        }
        List<String> others = new ArrayList<>();
        for (VerificationReport.Candidate c : tried) {
            if (c == winner) {
                continue;
            }
            others.add(c.meetsDrop()
                    ? String.format(Locale.ROOT, "%s also meets it but needs %d bytes of RAM", c.scheme(), c.ramBytes())
                    : String.format(Locale.ROOT, "%s loses %.2f points", c.scheme(), c.drop()));
        }
        return String.format(Locale.ROOT, "the cheapest candidate within %.2f points (drop %.2f, %d bytes of RAM)%s", maxDrop,
                winner.drop(), winner.ramBytes(), others.isEmpty() ? "" : "; " + String.join("; ", others));
    }

    /** MACs over the inner loops' MACs per instruction (see the class comment). */
    static long instructions(Graph lowered, boolean dsp) {
        long macs = 0;
        for (Node n : lowered.nodes()) {
            macs += LayerCost.macs(n);
        }
        return dsp ? (macs + 1) / 2 : macs;
    }

    /** Inputs to measure the candidates on, their labels (null: the float model's own) and what they are. */
    private record Validation(float[][] inputs, int[] labels, String description) {
    }

    /**
     * Up to {@code validationSamples} samples of the calibration file that calibration did not take
     * (it takes {@code calibrationSamples} spread evenly; these are spread over the rest); when it
     * took them all, the calibration samples themselves, which the description says.
     */
    private Validation validation(ConversionSettings settings, ImportedModel model) {
        AutoScheme auto = settings.auto();
        if (settings.calibrationData() == null) {
            throw new ConfigurationException("scheme " + auto.family().id() + " measures the candidates on calibration data: set "
                    + "<calibrationData> (or -Dcmsis.calibrationData)");
        }
        String what = Generator.describe(settings);
        Graph g = model.graph();
        float[][] all = new SampleReader(settings.dataLayout(), g.inputShape(), model.input(), g.inputName())
                .read(DataFiles.read(settings.calibrationData(), settings.dataKey()), settings.inputScale(), settings.inputOffset(),
                        what, 0);
        InputPreparer.requireFinite(all, what);
        int[] labels = auto.labels() == null ? null
                : Labels.labels(DataFiles.read(auto.labels(), auto.labelKey()), all.length, auto.labels().toString(), what);
        int[] indices = Generator.heldApartIndices(all.length, settings.quantization().calibrationSamples(), auto.validationSamples());
        boolean heldApart = indices.length > 0;
        if (!heldApart) {
            // calibration took every sample: measure on them, spread as calibration spreads them
            int n = Math.min(auto.validationSamples(), all.length);
            indices = IntStream.range(0, n).map(i -> (int) ((long) i * all.length / n)).toArray();
        }
        int n = indices.length;
        float[][] inputs = new float[n][];
        int[] picked = labels == null ? null : new int[n];
        for (int i = 0; i < n; i++) {
            inputs[i] = all[indices[i]];
            if (picked != null) {
                picked[i] = labels[indices[i]];
            }
        }
        String description = String.format(Locale.ROOT, "%d samples of %s %s, against %s", n, what,
                heldApart ? "that calibration did not use" : "(all of them also calibrated: no sample was left to hold apart)",
                labels == null ? "the float model's top class (no calibrationLabels: every disagreement counts as a loss)"
                        : "the labels in " + auto.labels());
        return new Validation(inputs, picked, description);
    }
}
