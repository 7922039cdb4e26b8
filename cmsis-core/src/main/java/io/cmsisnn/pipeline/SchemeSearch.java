package io.cmsisnn.pipeline;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.calibration.CalibrationResult;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.Labels;
import io.cmsisnn.data.SampleReader;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.LayerCost;
import io.cmsisnn.graph.Node;
import io.cmsisnn.importer.ImportedModel;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.report.VerificationReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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

        List<VerificationReport.Candidate> tried = new ArrayList<>();
        List<Conversion> conversions = new ArrayList<>();
        CalibrationResult calibration = null;
        for (Scheme scheme : auto.family().schemes()) {
            Conversion c = generator.convert(settings.withScheme(scheme), model, calibration);
            calibration = c.calibration();
            float[][] out = c.backend().emulate(v.inputs(), (n, f) -> IntStream.range(0, n).parallel().mapToObj(f)
                    .toArray(float[][]::new)).values();
            double top1 = Metrics.top1(out, labels);
            double drop = (floatTop1 - top1) * 100.0;
            GeneratedNetwork net = c.network();
            VerificationReport.Candidate candidate = new VerificationReport.Candidate(scheme.id(), floatTop1, top1, drop,
                    drop <= auto.maxAccuracyDrop(), net.activationBytes(), net.scratchBytes(),
                    instructions(c.lowered(), settings.quantization().armMathDsp()), net.weightBytes());
            log.info(String.format(Locale.ROOT, "cmsis: %s candidate %s: top-1 %.4f (float %.4f, drop %.2f points%s), RAM %d bytes "
                    + "(%d activation + %d scratch), ~%d instructions, %d weight bytes", family, scheme.id(), top1, floatTop1, drop,
                    candidate.meetsDrop() ? "" : ", over " + auto.maxAccuracyDrop(), candidate.ramBytes(), net.activationBytes(),
                    net.scratchBytes(), candidate.estimatedInstructions(), net.weightBytes()));
            tried.add(candidate);
            conversions.add(c);
        }
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
        String what = settings.dataKey() == null ? settings.calibrationData().toString()
                : settings.calibrationData() + " [" + settings.dataKey() + "]";
        Graph g = model.graph();
        float[][] all = new SampleReader(settings.dataLayout(), g.inputShape(), model.input(), g.inputName())
                .read(DataFiles.read(settings.calibrationData(), settings.dataKey()), settings.inputScale(), settings.inputOffset(),
                        what, 0);
        InputPreparer.requireFinite(all, what);
        int[] labels = auto.labels() == null ? null
                : Labels.labels(DataFiles.read(auto.labels(), auto.labelKey()), all.length, auto.labels().toString(), what);
        int limit = settings.quantization().calibrationSamples();
        boolean[] calibrated = new boolean[all.length];
        int used = limit <= 0 || limit >= all.length ? all.length : limit;
        for (int i = 0; i < used; i++) {
            calibrated[(int) ((long) i * all.length / used)] = true;
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            if (!calibrated[i]) {
                rest.add(i);
            }
        }
        boolean heldApart = !rest.isEmpty();
        List<Integer> pool = heldApart ? rest : IntStream.range(0, all.length).boxed().toList();
        int n = Math.min(auto.validationSamples(), pool.size());
        float[][] inputs = new float[n][];
        int[] picked = labels == null ? null : new int[n];
        for (int i = 0; i < n; i++) {
            int index = pool.get((int) ((long) i * pool.size() / n));
            inputs[i] = all[index];
            if (picked != null) {
                picked[i] = labels[index];
            }
        }
        String description = String.format(Locale.ROOT, "%d samples of %s %s, against %s", n, what,
                heldApart ? "that calibration did not use" : "(all of them also calibrated: no sample was left to hold apart)",
                labels == null ? "the float model's top class (no calibrationLabels: every disagreement counts as a loss)"
                        : "the labels in " + auto.labels());
        return new Validation(inputs, picked, description);
    }
}
