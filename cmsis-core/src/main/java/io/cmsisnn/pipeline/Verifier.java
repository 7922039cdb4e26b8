package io.cmsisnn.pipeline;

import io.cmsisnn.backend.Outputs;
import io.cmsisnn.backend.SchemeBackend;
import io.cmsisnn.cache.BuildCache;
import io.cmsisnn.cache.CacheKey;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.data.TestSet;
import io.cmsisnn.data.TestSetLoader;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.LayerCost;
import io.cmsisnn.graph.Node;
import io.cmsisnn.importer.ImportedModel;
import io.cmsisnn.importer.ModelImporter;
import io.cmsisnn.metrics.Metrics;
import io.cmsisnn.metrics.OutputComparison;
import io.cmsisnn.report.ReportWriter;
import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.toolchain.MemoryFootprint;
import io.cmsisnn.toolchain.TargetRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code verify} goal: runs the test set through the float model, the Java emulation and the
 * compiled C network, writes the reports, and fails when the C network is not good enough.
 */
public final class Verifier {
    /** Per-layer SNR is measured on at most this many samples: enough for a stable figure. */
    private static final int SNR_SAMPLES = 200;
    /** Cache entry kind of a passing verification's report. */
    private static final String REPORT = "report";

    private final BuildLog log;
    /** Where the last result is kept for reuse; null for none. */
    private final BuildCache cache;

    public Verifier(BuildLog log) {
        this(log, null);
    }

    /** A verifier that reuses its last result, and calibration statistics, through {@code cache} (null: none). */
    public Verifier(BuildLog log, BuildCache cache) {
        this.log = log;
        this.cache = cache;
    }

    public VerificationReport verify(ConversionSettings settings, VerificationSettings verification) {
        CompiledExecution execution = new CompiledExecution(log);
        settings = execution.forTarget(settings, verification);
        String stampName = null;
        CacheKey key = null;
        if (cache != null) {
            key = Keys.verification(settings, verification, cache, PluginIdentity.of(cache));
            stampName = BuildCache.stampName("verify", verification.reportDirectory());
            VerificationReport reused = reuse(stampName, key);
            if (reused != null) {
                return reused;
            }
            cache.dropStamp(stampName); // a run that fails or stops half-way must not look finished
        }
        // everything that can be checked in a moment is checked before calibration and emulation
        execution.requireInstalled(settings, verification);
        ImportedModel model = new ModelImporter().read(settings.model(), null);
        TestSet testSet = new TestSetLoader().load(new TestSetLoader.Files(verification.testData(), settings.dataKey(),
                        verification.testLabels(), verification.labelKey(), verification.expectedOutputs(), verification.testSamples(),
                        verification.randomSamples()), settings.dataLayout(), settings.inputScale(), settings.inputOffset(),
                new TestSetLoader.Port(model.graph().inputShape(), model.input()),
                new TestSetLoader.Port(model.graph().outputShape(), model.output()));
        Conversion conversion = new Generator(log, cache).convert(settings, model, null);
        Graph imported = conversion.imported();
        Graph lowered = conversion.lowered();
        GeneratedNetwork network = conversion.network();
        warnIfStale(network, verification.generatedDirectory());

        log.info("cmsis: verifying " + network.name() + " (" + conversion.scheme().id() + ") on " + testSet.size()
                + " samples from " + testSet.description());

        float[][] floatOut = runAll(new FloatEngine(imported), testSet.inputs(), new Progress(log, "float model", testSet.size()));
        SchemeBackend backend = conversion.backend();
        Outputs emulated = backend.emulate(testSet.inputs(), new Progress(log, conversion.scheme().id() + " emulation",
                testSet.size())::map);

        CompiledExecution.Result compiled = execution.run(network, backend.fixedPoint(), testSet.inputs(),
                lowered.outputShape().size(), verification, new Progress(log, "compiled network", testSet.size()));
        float[][] compiledRaw = compiled.outputs();
        float[][] compiledOut = backend.dequantize(compiledRaw);

        double tolerance = backend.tolerance();
        OutputComparison vsEmulation = OutputComparison.of(compiledRaw, emulated.raw(), tolerance);
        int[] labels = testSet.labels();
        Double floatTop1 = labels == null ? null : Metrics.top1(floatOut, labels);
        Double emulatedTop1 = labels == null ? null : Metrics.top1(emulated.values(), labels);
        Double compiledTop1 = labels == null ? null : Metrics.top1(compiledOut, labels);
        Double drop = labels == null ? null : (floatTop1 - compiledTop1) * 100.0;
        Double floatRmse = testSet.expected() == null ? null : Metrics.rmse(floatOut, testSet.expected());

        List<VerificationReport.LayerReport> layers = withInstructions(backend.layerReports(imported, testSet, SNR_SAMPLES), network,
                compiled.targetRun());
        List<String> failures = new ArrayList<>();
        if (drop != null && drop > verification.maxAccuracyDrop()) {
            failures.add(String.format(Locale.ROOT,
                    "compiled top-1 %.4f is %.2f points below the float model's %.4f (maxAccuracyDrop %.2f)%s",
                    compiledTop1, drop, floatTop1, verification.maxAccuracyDrop(), worstLayers(layers)));
        }
        if (vsEmulation.mismatchedSamples() > 0) {
            failures.add(String.format(Locale.ROOT,
                    "%d of %d samples of the compiled network differ from the Java emulation by more than %.0e (first: sample %d, max difference %.3g)",
                    vsEmulation.mismatchedSamples(), testSet.size(), tolerance, vsEmulation.firstMismatch(), vsEmulation.maxAbsDiff()));
        }

        VerificationReport.SchemeComparison versusQ7 = conversion.scheme() == Scheme.S8
                ? Q7Comparison.compare(settings, model, conversion, emulated.values(), testSet, log) : null;
        String comparison = versusQ7 == null ? null : Q7Comparison.describe(versusQ7, testSet.size());
        if (comparison != null) {
            log.info("cmsis: " + comparison);
        }
        ReportPaths paths = new ReportPaths(verification.baseDirectory());
        VerificationReport report = new VerificationReport(
                paths.of(settings.model()), conversion.scheme().id(), network.name(), testSet.size(),
                paths.within(testSet.description(), verification.testData()),
                new VerificationReport.FloatResult(floatTop1, floatRmse),
                new VerificationReport.EmulatedResult(emulatedTop1, Metrics.rmse(emulated.values(), floatOut)),
                compiledResult(compiledTop1, compiled, verification, vsEmulation, tolerance, macs(lowered)),
                drop,
                memory(network, compiled),
                layers, quantizationReport(settings, conversion, comparison, paths),
                failures.isEmpty(), failures, versusQ7,
                ReportDiagnostics.of(conversion, floatOut, emulated.values(), compiledOut, labels), conversion.schemeSearch());
        new ReportWriter().write(report, verification.reportDirectory());

        log.info(summary(report));
        log.info("cmsis: report in " + verification.reportDirectory().resolve("report.html"));
        if (cache != null && failures.isEmpty()) {
            remember(stampName, key, report, verification.reportDirectory());
        }
        if (!failures.isEmpty()) {
            throw new VerificationException("cmsis:verify failed for " + settings.model().getFileName() + ": "
                    + String.join("; ", failures) + ". Report: " + verification.reportDirectory().resolve("report.md"));
        }
        return report;
    }

    /** The last passing result when nothing it depended on changed and its reports are intact; else null (says why). */
    private VerificationReport reuse(String stampName, CacheKey key) {
        String reason = BuildCache.staleReason(cache.stamp(stampName), key, "no earlier passing verification");
        if (reason == null) {
            VerificationReport report = cache.read(REPORT, key).map(Verifier::readReport).orElse(null);
            if (report != null) {
                cache.save();
                log.info("cmsis: verify is up to date (model, data, configuration, toolchain and plugin unchanged, reports "
                        + "intact): the last result stands");
                log.info(summary(report));
                return report;
            }
            reason = "the stored result is unreadable";
        }
        log.info("cmsis: verifying (" + reason + ")");
        return null;
    }

    private void remember(String stampName, CacheKey key, VerificationReport report, Path reportDirectory) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(report);
            }
            cache.write(REPORT, key, bytes.toByteArray());
        } catch (IOException e) {
            return; // not remembered: the next build verifies again
        }
        cache.writeStamp(stampName, key, ReportWriter.files(reportDirectory), Map.of("summary", summary(report)));
    }

    private static VerificationReport readReport(byte[] bytes) {
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return (VerificationReport) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            return null;
        }
    }

    /** The layers with the lowest SNR, to point a failing build at them. */
    private static String worstLayers(List<VerificationReport.LayerReport> layers) {
        List<VerificationReport.LayerReport> ranked = new ArrayList<>();
        for (VerificationReport.LayerReport l : layers) {
            if (l.snrDb() != null && Double.isFinite(l.snrDb())) {
                ranked.add(l);
            }
        }
        if (ranked.isEmpty()) {
            return "; see the per-layer SNR in the report";
        }
        ranked.sort(java.util.Comparator.comparingDouble(VerificationReport.LayerReport::snrDb));
        StringBuilder sb = new StringBuilder("; lowest SNR: ");
        for (int i = 0; i < Math.min(3, ranked.size()); i++) {
            VerificationReport.LayerReport l = ranked.get(i);
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "'%s' %.1f dB", l.name(), l.snrDb()));
        }
        return sb.toString();
    }

    private static VerificationReport.Quantization quantizationReport(ConversionSettings settings, Conversion conversion,
                                                                      String comparison, ReportPaths paths) {
        ConversionSettings.Quantization q = settings.quantization();
        return conversion.backend().quantizationReport(q.rangeMethod().id(), q.percentile(), conversion.calibration(),
                paths.of(settings.calibrationData()), comparison);
    }

    /**
     * Each layer's mean instructions from a profiled run. The generator recorded the node each mark
     * ends, so a report layer finds its count by its node name, whatever order either list has.
     */
    private static List<VerificationReport.LayerReport> withInstructions(List<VerificationReport.LayerReport> layers,
                                                                         GeneratedNetwork network, TargetRun run) {
        if (run == null || !run.profiled()) {
            return layers;
        }
        Map<String, Double> byNode = new HashMap<>();
        List<String> marked = network.profiledLayers();
        for (int i = 0; i < marked.size(); i++) {
            byNode.put(marked.get(i), run.layerInstructions()[i]);
        }
        List<VerificationReport.LayerReport> out = new ArrayList<>();
        for (VerificationReport.LayerReport l : layers) {
            Double mean = byNode.get(l.name());
            // a layer without code measures 0 to within the hook's calibration; ticks can leave it a hair below
            out.add(mean == null ? l : l.withInstructions(Math.max(0.0, mean)));
        }
        return out;
    }

    private static VerificationReport.CompiledResult compiledResult(Double top1, CompiledExecution.Result compiled, VerificationSettings v,
                                                                    OutputComparison vsEmulation, double tolerance, long macs) {
        TargetRun run = compiled.targetRun();
        return new VerificationReport.CompiledResult(top1, compiled.toolchain(), run == null ? "host" : v.target().id(), compiled.kernels(),
                vsEmulation.bitExact(), vsEmulation.mismatchedSamples(), vsEmulation.maxAbsDiff(), tolerance,
                run == null ? null : run.meanInstructions(), run == null ? null : run.maxInstructions(),
                run == null ? null : run.macsPerInstruction(macs));
    }

    /** On a Cortex-M target the sizes come from the linked ELF file; on the host from the generator's plan. */
    private static VerificationReport.Memory memory(GeneratedNetwork network, CompiledExecution.Result compiled) {
        MemoryFootprint f = compiled.footprint();
        return f == null ? new VerificationReport.Memory(network.activationBytes(), network.scratchBytes(), network.weightBytes(), null)
                : new VerificationReport.Memory(f.activationBytes(), f.scratchBytes(), f.weightBytes(), f.codeBytes());
    }

    private static long macs(Graph lowered) {
        long macs = 0;
        for (Node n : lowered.nodes()) {
            macs += LayerCost.macs(n);
        }
        return macs;
    }

    private static float[][] runAll(FloatEngine engine, float[][] inputs, Progress progress) {
        return progress.map(inputs.length, i -> engine.run(inputs[i]));
    }

    private void warnIfStale(GeneratedNetwork network, Path generatedDirectory) {
        if (generatedDirectory == null || !Files.isDirectory(generatedDirectory)) {
            return;
        }
        for (Map.Entry<String, String> file : network.files().entrySet()) {
            Path existing = generatedDirectory.resolve(file.getKey());
            try {
                if (Files.isRegularFile(existing) && !Files.readString(existing, StandardCharsets.UTF_8).equals(file.getValue())) {
                    log.warn("cmsis: " + existing + " differs from what the model generates now; run cmsis:generate again. "
                            + "Verifying the freshly generated network.");
                    return;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String summary(VerificationReport r) {
        VerificationReport.CompiledResult c = r.compiled();
        StringBuilder sb = new StringBuilder("cmsis: ").append(r.network()).append(" (").append(r.scheme()).append("), ")
                .append(r.samples()).append(" samples: ");
        if (r.floatResult().top1() != null) {
            sb.append(String.format(Locale.ROOT, "float top-1 %.4f, emulated %.4f, compiled (%s, %s) %.4f, %s; ",
                    r.floatResult().top1(), r.emulated().top1(), c.toolchain(), c.target(), c.top1(),
                    ReportWriter.dropText(r.accuracyDrop())));
        }
        if (r.floatResult().rmse() != null) {
            sb.append(String.format(Locale.ROOT, "float RMSE vs expected %.4g; ", r.floatResult().rmse()));
        }
        if (c.instructionsPerInference() != null) {
            sb.append(String.format(Locale.ROOT, "%,.0f instructions per inference, %s; ", c.instructionsPerInference(),
                    ReportWriter.countedWith(c)));
        }
        sb.append(String.format(Locale.ROOT, "compiled vs emulation max |diff| %.3g, %d mismatched samples -> %s",
                c.maxAbsDiffVsEmulation(), c.mismatchedSamples(), r.passed() ? "PASSED" : "FAILED"));
        return sb.toString();
    }
}
