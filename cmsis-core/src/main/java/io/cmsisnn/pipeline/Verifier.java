package io.cmsisnn.pipeline;

import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.LayerCost;
import io.cmsisnn.graph.Node;
import io.cmsisnn.report.ReportWriter;
import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.toolchain.HostToolchain;
import io.cmsisnn.toolchain.NetworkRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The {@code verify} goal: runs the test set through the float model, the Java emulation and the
 * compiled C network, writes the reports, and fails when the C network is not good enough.
 */
public final class Verifier {
    /** f32 C and Java use the same operation order; what remains is libm's exp/tanh rounding. */
    static final double F32_TOLERANCE = 1e-4;
    /** Per-layer SNR is measured on at most this many samples: enough for a stable figure. */
    private static final int SNR_SAMPLES = 200;

    private final BuildLog log;

    public Verifier(BuildLog log) {
        this.log = log;
    }

    public VerificationReport verify(ConversionSettings settings, VerificationSettings verification) {
        checkToolchain(verification);
        Conversion conversion = new Generator(log).convert(settings);
        Graph imported = conversion.imported();
        Graph lowered = conversion.lowered();
        GeneratedNetwork network = conversion.network();
        warnIfStale(network, verification.generatedDirectory());

        TestSet testSet = new TestSetLoader().load(settings, verification, imported.inputShape(), imported.outputShape());
        log.info("cmsis: verifying " + network.name() + " on " + testSet.size() + " samples from " + testSet.description());

        float[][] floatOut = runAll(new FloatEngine(imported), testSet.inputs());
        float[][] emulatedOut = runAll(new FloatEngine(lowered), testSet.inputs());

        HostToolchain toolchain = new HostToolchain(verification.toolchain());
        Path work = verification.workDirectory();
        Path executable = toolchain.build(network, work);
        float[][] compiledOut = new NetworkRunner().run(executable, testSet.inputs(), lowered.outputShape().size(), work);

        OutputComparison vsEmulation = OutputComparison.of(compiledOut, emulatedOut, F32_TOLERANCE);
        int[] labels = testSet.labels();
        Double floatTop1 = labels == null ? null : Metrics.top1(floatOut, labels);
        Double emulatedTop1 = labels == null ? null : Metrics.top1(emulatedOut, labels);
        Double compiledTop1 = labels == null ? null : Metrics.top1(compiledOut, labels);
        Double drop = labels == null ? null : (floatTop1 - compiledTop1) * 100.0;
        Double floatRmse = testSet.expected() == null ? null : Metrics.rmse(floatOut, testSet.expected());

        List<String> failures = new ArrayList<>();
        if (drop != null && drop > verification.maxAccuracyDrop()) {
            failures.add(String.format(Locale.ROOT,
                    "compiled top-1 %.4f is %.2f points below the float model's %.4f (maxAccuracyDrop %.2f); see the per-layer SNR in the report",
                    compiledTop1, drop, floatTop1, verification.maxAccuracyDrop()));
        }
        if (vsEmulation.mismatchedSamples() > 0) {
            failures.add(String.format(Locale.ROOT,
                    "%d of %d samples of the compiled network differ from the Java emulation by more than %.0e (first: sample %d, max difference %.3g)",
                    vsEmulation.mismatchedSamples(), testSet.size(), F32_TOLERANCE, vsEmulation.firstMismatch(), vsEmulation.maxAbsDiff()));
        }

        VerificationReport report = new VerificationReport(
                settings.model().toString(), conversion.scheme().id(), network.name(), testSet.size(), testSet.description(),
                new VerificationReport.FloatResult(floatTop1, floatRmse),
                new VerificationReport.EmulatedResult(emulatedTop1, Metrics.rmse(emulatedOut, floatOut)),
                new VerificationReport.CompiledResult(compiledTop1, verification.toolchain(), verification.target(), "bundled",
                        vsEmulation.bitExact(), vsEmulation.mismatchedSamples(), vsEmulation.maxAbsDiff(), F32_TOLERANCE),
                drop,
                new VerificationReport.Memory(network.activationBytes(), network.scratchBytes(), network.weightBytes(), null),
                layerReports(imported, lowered, network, testSet),
                failures.isEmpty(), failures);
        new ReportWriter().write(report, verification.reportDirectory());

        log.info(summary(report));
        log.info("cmsis: report in " + verification.reportDirectory().resolve("report.html"));
        if (!failures.isEmpty()) {
            throw new VerificationException("cmsis:verify failed for " + settings.model().getFileName() + ": "
                    + String.join("; ", failures) + ". Report: " + verification.reportDirectory().resolve("report.md"));
        }
        return report;
    }

    private static void checkToolchain(VerificationSettings v) {
        if (!"host".equals(v.target())) {
            throw new ConfigurationException("target '" + v.target() + "' is not yet supported; use target host");
        }
        if (v.cmsisNnDirectory() != null) {
            throw new ConfigurationException("cmsisNnDirectory is not used by scheme f32 (the float kernels are bundled); remove it");
        }
    }

    private static float[][] runAll(FloatEngine engine, float[][] inputs) {
        return IntStream.range(0, inputs.length).parallel().mapToObj(i -> engine.run(inputs[i])).toArray(float[][]::new);
    }

    /** Per layer of the generated network: kernel, cost, and SNR of its tensor against the float model's. */
    private static List<VerificationReport.LayerReport> layerReports(Graph imported, Graph lowered, GeneratedNetwork network,
                                                                     TestSet testSet) {
        int n = Math.min(testSet.size(), SNR_SAMPLES);
        FloatEngine reference = new FloatEngine(imported);
        FloatEngine emulation = new FloatEngine(lowered);
        int layers = lowered.nodes().size();
        double[] signal = new double[layers];
        double[] noise = new double[layers];
        boolean[] comparable = new boolean[layers];
        for (int s = 0; s < n; s++) {
            Map<String, float[]> ref = reference.runAll(testSet.inputs()[s]);
            Map<String, float[]> emu = emulation.runAll(testSet.inputs()[s]);
            for (int l = 0; l < layers; l++) {
                String name = lowered.nodes().get(l).name();
                float[] r = ref.get(name);
                float[] e = emu.get(name);
                if (r == null || e == null || r.length != e.length) {
                    continue;
                }
                comparable[l] = true;
                for (int i = 0; i < r.length; i++) {
                    signal[l] += (double) r[i] * r[i];
                    double d = (double) r[i] - e[i];
                    noise[l] += d * d;
                }
            }
        }
        List<VerificationReport.LayerReport> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Node node = lowered.nodes().get(l);
            out.add(new VerificationReport.LayerReport(node.name(), node.source(), network.functionOf(node.name()),
                    LayerCost.macs(node), LayerCost.parameters(node) * 4, comparable[l] ? Metrics.snrDb(signal[l], noise[l]) : null));
        }
        return out;
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
            sb.append(String.format(Locale.ROOT, "float top-1 %.4f, emulated %.4f, compiled (%s, %s) %.4f, drop %.2f points; ",
                    r.floatResult().top1(), r.emulated().top1(), c.toolchain(), c.target(), c.top1(), r.accuracyDrop()));
        }
        if (r.floatResult().rmse() != null) {
            sb.append(String.format(Locale.ROOT, "float RMSE vs expected %.4g; ", r.floatResult().rmse()));
        }
        sb.append(String.format(Locale.ROOT, "compiled vs emulation max |diff| %.3g, %d mismatched samples -> %s",
                c.maxAbsDiffVsEmulation(), c.mismatchedSamples(), r.passed() ? "PASSED" : "FAILED"));
        return sb.toString();
    }
}
