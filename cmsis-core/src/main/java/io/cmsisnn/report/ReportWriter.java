package io.cmsisnn.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes report.json, report.md and report.html; each file appears whole or not at all.
 *
 * <p>report.json carries {@value #SCHEMA_VERSION} as {@code schemaVersion}. Version 2 (the first
 * with the key; files without it are version 1) names files relative to the project's base
 * directory and adds {@code outputs} (ST Edge AI's validate figures per output), {@code confusionMatrix}
 * or {@code errorHistogram}, {@code activations} (calibrated histograms) and {@code memoryPlan}.
 * A version adds keys freely; it changes when a key is removed or changes its meaning.
 */
public final class ReportWriter {
    /** The version of report.json's layout. */
    public static final int SCHEMA_VERSION = 2;

    /** The files {@link #write} makes in {@code directory}. */
    public static java.util.List<Path> files(Path directory) {
        return java.util.List.of(directory.resolve("report.json"), directory.resolve("report.md"), directory.resolve("report.html"));
    }

    public void write(VerificationReport report, Path directory) {
        try {
            Files.createDirectories(directory);
            replace(directory.resolve("report.json"), Json.write(toMap(report)));
            replace(directory.resolve("report.md"), markdown(report));
            replace(directory.resolve("report.html"), html(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void replace(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Map<String, Object> toMap(VerificationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("model", r.model());
        m.put("scheme", r.scheme());
        m.put("network", r.network());
        m.put("samples", r.samples());
        m.put("data", r.data());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("top1", r.floatResult().top1());
        f.put("rmse", r.floatResult().rmse());
        m.put("float", f);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("top1", r.emulated().top1());
        e.put("rmseVsFloat", r.emulated().rmseVsFloat());
        m.put("emulated", e);
        VerificationReport.CompiledResult c = r.compiled();
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("top1", c.top1());
        cm.put("toolchain", c.toolchain());
        cm.put("target", c.target());
        cm.put("kernels", c.kernels());
        cm.put("bitExactWithEmulation", c.bitExactWithEmulation());
        cm.put("mismatchedSamples", c.mismatchedSamples());
        cm.put("maxAbsDiffVsEmulation", c.maxAbsDiffVsEmulation());
        cm.put("tolerance", c.tolerance());
        cm.put("instructionsPerInference", c.instructionsPerInference());
        cm.put("maxInstructionsPerInference", c.maxInstructionsPerInference());
        cm.put("macsPerInstruction", c.macsPerInstruction());
        m.put("compiled", cm);
        m.put("accuracyDrop", r.accuracyDrop());
        VerificationReport.Memory mem = r.memory();
        Map<String, Object> mm = new LinkedHashMap<>();
        mm.put("activationBytes", mem.activationBytes());
        mm.put("scratchBytes", mem.scratchBytes());
        mm.put("weightBytes", mem.weightBytes());
        mm.put("codeBytes", mem.codeBytes());
        m.put("memory", mm);
        List<Object> layers = new ArrayList<>();
        for (VerificationReport.LayerReport l : r.layers()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("name", l.name());
            lm.put("op", l.op());
            lm.put("function", l.function());
            lm.put("macs", l.macs());
            lm.put("weightBytes", l.weightBytes());
            lm.put("snrDb", l.snrDb());
            VerificationReport.Saturation sat = l.saturation();
            if (sat != null) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("outputs", sat.outputs());
                sm.put("saturated", sat.saturated());
                sm.put("clipped", sat.clipped());
                sm.put("activationClips", sat.activationClips());
                sm.put("requantOverflows", sat.requantOverflows());
                sm.put("wrappedSums", sat.wrappedSums());
                sm.put("biasBitsDropped", sat.biasBitsDropped());
                sm.put("frequent", sat.frequent());
                lm.put("saturation", sm);
            }
            lm.put("instructions", l.instructions());
            lm.put("macsPerInstruction", l.macsPerInstruction());
            if (l.outputFormat() != null) {
                lm.put("reason", l.reason());
                lm.put("inputFormat", l.inputFormat());
                lm.put("outputFormat", l.outputFormat());
                lm.put("weightFormat", l.weightFormat());
                lm.put("biasFormat", l.biasFormat());
                lm.put("biasShift", l.biasShift());
                lm.put("outShift", l.outShift());
                lm.put("notes", new ArrayList<Object>(l.notes()));
            }
            layers.add(lm);
        }
        m.put("layers", layers);
        VerificationReport.Quantization q = r.quantization();
        if (q != null) {
            Map<String, Object> qm = new LinkedHashMap<>();
            qm.put("rangeMethod", q.rangeMethod());
            qm.put("percentile", q.percentile());
            qm.put("calibrationSamples", q.calibrationSamples());
            qm.put("calibrationData", q.calibrationData());
            qm.put("calibrationSamplesPerSecond", q.calibrationSamplesPerSecond());
            qm.put("armMathDsp", q.armMathDsp());
            qm.put("inputFormat", q.inputFormat());
            qm.put("outputFormat", q.outputFormat());
            qm.put("notes", new ArrayList<Object>(q.notes()));
            m.put("quantization", qm);
        }
        VerificationReport.SchemeComparison sc = r.comparison();
        if (sc != null) {
            Map<String, Object> cmp = new LinkedHashMap<>();
            cmp.put("against", sc.against());
            cmp.put("unavailable", sc.unavailable());
            cmp.put("top1", sc.top1());
            cmp.put("againstTop1", sc.againstTop1());
            cmp.put("weightBytes", sc.weightBytes());
            cmp.put("againstWeightBytes", sc.againstWeightBytes());
            cmp.put("activationBytes", sc.activationBytes());
            cmp.put("againstActivationBytes", sc.againstActivationBytes());
            m.put("comparison", cmp);
        }
        if (r.schemeSearch() != null) {
            m.put("schemeSearch", SearchTable.json(r.schemeSearch()));
        }
        diagnostics(m, r.diagnostics());
        m.put("passed", r.passed());
        m.put("failures", new ArrayList<Object>(r.failures()));
        return m;
    }

    private static void diagnostics(Map<String, Object> m, VerificationReport.Diagnostics d) {
        List<Object> outputs = new ArrayList<>();
        for (VerificationReport.OutputMetrics o : d.outputs()) {
            Map<String, Object> om = new LinkedHashMap<>();
            om.put("name", o.output());
            om.put("emulatedVsFloat", agreement(o.emulatedVsFloat()));
            om.put("compiledVsFloat", agreement(o.compiledVsFloat()));
            outputs.add(om);
        }
        m.put("outputs", outputs);
        if (d.confusion() != null) {
            m.put("confusionMatrix", new ArrayList<Object>(d.confusion().counts()));
        }
        if (d.errors() != null) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("what", d.errors().what());
            em.put("low", d.errors().low());
            em.put("high", d.errors().high());
            em.put("counts", new ArrayList<Object>(d.errors().counts()));
            m.put("errorHistogram", em);
        }
        List<Object> activations = new ArrayList<>();
        for (VerificationReport.ActivationHistogram h : d.activations()) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("layer", h.layer());
            hm.put("count", h.count());
            hm.put("zeros", h.zeros());
            hm.put("firstExponent", h.firstExponent());
            hm.put("bins", new ArrayList<Object>(h.bins()));
            hm.put("rangeLow", h.rangeLow());
            hm.put("rangeHigh", h.rangeHigh());
            hm.put("clippedShare", h.clippedShare());
            hm.put("clippedBasis", h.clippedBasis());
            activations.add(hm);
        }
        m.put("activations", activations);
        VerificationReport.MemoryTimeline plan = d.memoryPlan();
        if (plan != null) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("arenaBytes", plan.arenaBytes());
            pm.put("lowerBoundBytes", plan.lowerBoundBytes());
            pm.put("steps", plan.steps());
            List<Object> tensors = new ArrayList<>();
            for (VerificationReport.TensorRegion t : plan.tensors()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("tensor", t.tensor());
                tm.put("offset", t.offset());
                tm.put("bytes", t.bytes());
                tm.put("firstStep", t.firstStep());
                tm.put("lastStep", t.lastStep());
                tensors.add(tm);
            }
            pm.put("tensors", tensors);
            m.put("memoryPlan", pm);
        }
    }

    private static Map<String, Object> agreement(VerificationReport.Agreement a) {
        Map<String, Object> am = new LinkedHashMap<>();
        am.put("acc", a.acc());
        am.put("rmse", a.rmse());
        am.put("mae", a.mae());
        am.put("l2r", a.l2r());
        am.put("cos", a.cos());
        return am;
    }


    /** A column of the layer table: its heading, its cell of each layer (empty when the layer has none), whether it is code. */
    record Column(String heading, java.util.function.Function<VerificationReport.LayerReport, String> cell, boolean code) {
    }

    /**
     * The layer table's columns that hold something for at least one layer: an f32 network has no
     * formats, an s8 one no shifts, a run that was not profiled no instruction counts.
     */
    static List<Column> layerColumns(List<VerificationReport.LayerReport> layers) {
        List<Column> all = List.of(
                new Column("layer", VerificationReport.LayerReport::name, false),
                new Column("op", VerificationReport.LayerReport::op, false),
                new Column("function", VerificationReport.LayerReport::function, true),
                new Column("input", l -> shortFormat(l.inputFormat()), false),
                new Column("output", l -> shortFormat(l.outputFormat()), false),
                new Column("weights", l -> shortFormat(l.weightFormat()), false),
                new Column("bias", VerificationReport.LayerReport::biasFormat, false),
                new Column("bias_shift", l -> l.biasShift() == null ? null : l.biasShift().toString(), false),
                new Column("out_shift", l -> l.outShift() == null ? null : l.outShift().toString(), false),
                new Column("MACs", l -> String.format(Locale.ROOT, "%,d", l.macs()), false),
                new Column("weight bytes", l -> String.format(Locale.ROOT, "%,d", l.weightBytes()), false),
                new Column("SNR dB", ReportWriter::snr, false),
                new Column("clipped", l -> l.saturation() == null ? null : share(l.saturation().clipped(), l.saturation().outputs()),
                        false),
                new Column("int32 overflows", l -> l.saturation() == null ? null
                        : share(l.saturation().requantOverflows() + l.saturation().wrappedSums(), l.saturation().outputs()), false),
                new Column("bias bits dropped", l -> l.saturation() == null || l.biasShift() == null ? null
                        : share(l.saturation().biasBitsDropped(), l.saturation().outputs()), false),
                new Column("instructions", l -> l.instructions() == null ? null : String.format(Locale.ROOT, "%,.0f", l.instructions()),
                        false),
                new Column("MACs/instruction", l -> l.macsPerInstruction() == null ? null
                        : String.format(Locale.ROOT, "%.3f", l.macsPerInstruction()), false));
        List<Column> kept = new ArrayList<>();
        for (Column c : all) {
            if (layers.stream().map(c.cell()).anyMatch(v -> v != null && !v.isEmpty())) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** A format short enough for one table line: "scale 0.0078372, zero point -128" as "s 0.007837 zp -128". */
    static String shortFormat(String format) {
        if (format == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("scale (\\S+), zero point (-?\\d+)").matcher(format);
        if (m.matches()) {
            return String.format(Locale.ROOT, "s %.4g zp %s", Double.parseDouble(m.group(1)), m.group(2));
        }
        return format.replace(" symmetric per output channel", " per channel").replace(" symmetric per tensor", " per tensor");
    }

    /** The drop (percentage points of top-1 below float) in words: a gain reads as a gain. */
    public static String dropText(Double drop) {
        if (drop == null) {
            return "no labels: accuracy not measured";
        }
        double d = Math.round(drop * 100) / 100.0;
        if (d == 0) {
            return "same top-1 as float";
        }
        return d > 0 ? String.format(Locale.ROOT, "%.2f points below float", d)
                : String.format(Locale.ROOT, "+%.2f points better than float", -d);
    }

    private static String ratio(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String sci(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.3g", v);
    }

    /** Rows of the agreement table: the candidate, then acc, rmse, mae, l2r, cos. */
    private static List<List<String>> agreementRows(VerificationReport.OutputMetrics o) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(agreementRow("emulated vs float", o.emulatedVsFloat()));
        rows.add(agreementRow("compiled vs float", o.compiledVsFloat()));
        return rows;
    }

    private static List<String> agreementRow(String name, VerificationReport.Agreement a) {
        return List.of(name, ratio(a.acc()), sci(a.rmse()), sci(a.mae()), sci(a.l2r()), a.cos() == null ? "n/a"
                : String.format(Locale.ROOT, "%.6f", a.cos()));
    }

    private static final List<String> AGREEMENT_HEAD = List.of("", "acc", "rmse", "mae", "l2r", "cos");
    private static final String AGREEMENT_NOTE = "acc: share of samples whose top class is the float model's; rmse and mae over "
            + "every output value; l2r = ||float - x|| / ||float||; cos: cosine similarity of all outputs with the float ones.";

    private static void mdTable(StringBuilder sb, List<String> head, List<List<String>> rows) {
        sb.append("| ").append(String.join(" | ", head)).append(" |\n|");
        sb.append("---|".repeat(head.size())).append('\n');
        for (List<String> row : rows) {
            // a '|' inside a cell (|x|) would end it
            sb.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
        }
        sb.append('\n');
    }

    static String markdown(VerificationReport r) {
        StringBuilder sb = new StringBuilder();
        VerificationReport.CompiledResult c = r.compiled();
        VerificationReport.Diagnostics d = r.diagnostics();
        sb.append("# CMSIS-NN verification: ").append(r.network()).append("\n\n");
        sb.append("Result: **").append(r.passed() ? "passed" : "FAILED").append("**. ");
        if (r.floatResult().top1() != null) {
            sb.append(String.format(Locale.ROOT, "Top-1: float %s, emulated %s, compiled %s (%s).", ratio(r.floatResult().top1()),
                    ratio(r.emulated().top1()), ratio(c.top1()), dropText(r.accuracyDrop())));
        } else {
            sb.append("No labels: compiled against float RMSE ")
                    .append(d.outputs().isEmpty() ? num(r.emulated().rmseVsFloat()) : sci(d.outputs().get(0).compiledVsFloat().rmse()))
                    .append('.');
        }
        sb.append("\n\n");
        for (String failure : r.failures()) {
            sb.append("- ").append(failure).append('\n');
        }
        if (!r.failures().isEmpty()) {
            sb.append('\n');
        }
        sb.append("Model `").append(r.model()).append("`, scheme `").append(r.scheme()).append("`, ")
                .append(r.samples()).append(" samples (").append(r.data()).append("). Compiled with ").append(c.toolchain())
                .append(" for ").append(c.target()).append(", ").append(c.kernels()).append(" kernels; against the emulation ")
                .append(c.mismatchedSamples()).append(" samples differ beyond ").append(num(c.tolerance()))
                .append(" (max abs difference ").append(num(c.maxAbsDiffVsEmulation()))
                .append(c.bitExactWithEmulation() ? ", bit-exact" : "").append(").\n\n");
        sb.append("Pictures (per-layer SNR, activation histograms, memory plan").append(ProfileChart.profiled(r.layers())
                ? ", instructions per layer" : "").append(") are in report.html.\n\n");
        if (r.floatResult().rmse() != null) {
            sb.append("Float model against the expected outputs: RMSE ").append(num(r.floatResult().rmse())).append(".\n\n");
        }
        for (VerificationReport.OutputMetrics o : d.outputs()) {
            sb.append("## Output `").append(o.output()).append("` against the float model\n\n");
            mdTable(sb, AGREEMENT_HEAD, agreementRows(o));
            sb.append(AGREEMENT_NOTE).append("\n\n");
        }
        if (d.confusion() != null) {
            sb.append("## Confusion matrix (rows: label, columns: compiled network's class)\n\n");
            mdTable(sb, confusionHead(d.confusion()), confusionRows(d.confusion()));
        }
        if (d.errors() != null) {
            sb.append("## Error histogram: ").append(d.errors().what()).append("\n\n");
            mdTable(sb, List.of("from", "to", "values"), errorRows(d.errors()));
        }
        if (c.instructionsPerInference() != null) {
            sb.append(String.format(Locale.ROOT, "On %s (QEMU, instructions counted): %,.0f instructions per inference (at most %,d), "
                    + "%.3f MACs per instruction, %s.%n%n", c.target(), c.instructionsPerInference(), c.maxInstructionsPerInference(),
                    c.macsPerInstruction(), countedWith(c)));
        }
        VerificationReport.Memory m = r.memory();
        sb.append("Memory: weights ").append(m.weightBytes()).append(" B, activations ").append(m.activationBytes())
                .append(" B, scratch ").append(m.scratchBytes()).append(" B")
                .append(m.codeBytes() == null ? "" : ", code " + m.codeBytes() + " B").append(".\n\n");
        VerificationReport.Quantization q = r.quantization();
        if (q != null) {
            sb.append("Calibration: ").append(q.calibrationSamples()).append(" samples of ").append(q.calibrationData())
                    .append(", range method `").append(q.rangeMethod()).append('`')
                    .append("percentile".equals(q.rangeMethod()) ? " (" + q.percentile() + " %)" : "")
                    .append(String.format(Locale.ROOT, ", %.0f samples/s. ", q.calibrationSamplesPerSecond()))
                    .append("Input ").append(q.inputFormat()).append(", output ").append(q.outputFormat())
                    .append(q.armMathDsp() ? "; kernels built with ARM_MATH_DSP" : "; kernels built without ARM_MATH_DSP").append(".\n\n");
            for (String note : q.notes()) {
                sb.append("Note: ").append(note).append("\n\n");
            }
        }
        if (r.schemeSearch() != null) {
            SearchTable.markdown(sb, r.schemeSearch());
        }
        sb.append("## Layers\n\n");
        sb.append("SNR compares each layer's emulated output with the same tensor of the float network; the lowest values "
                + "show where accuracy is lost.");
        int worst = SnrChart.worst(r.layers());
        if (worst >= 0) {
            VerificationReport.LayerReport w = r.layers().get(worst);
            sb.append(String.format(Locale.ROOT, " Lowest: %s, %.1f dB.", w.name(), w.snrDb()));
        }
        sb.append("\n\n");
        String saturation = saturationText(r.layers());
        if (saturation != null) {
            sb.append(saturation).append("\n\n");
        }
        if (ProfileChart.profiled(r.layers())) {
            sb.append("Instructions per layer: mean per inference from the end of the previous layer to the layer's "
                    + "CMSIS_NN_PROFILE_LAYER mark (the first layer includes copying the input in; copying the output out "
                    + "follows the last mark), without the profiling hook's own instructions.\n\n");
        }
        List<Column> columns = layerColumns(r.layers());
        List<List<String>> rows = new ArrayList<>();
        for (VerificationReport.LayerReport l : r.layers()) {
            List<String> row = new ArrayList<>();
            for (Column col : columns) {
                String v = col.cell().apply(l);
                row.add(v == null ? "" : col.code() ? "`" + v + "`" : v);
            }
            rows.add(row);
        }
        mdTable(sb, columns.stream().map(Column::heading).toList(), rows);
        if (r.layers().stream().anyMatch(l -> l.reason() != null || !l.notes().isEmpty())) {
            sb.append("Why each function, and notes:\n\n");
            for (VerificationReport.LayerReport l : r.layers()) {
                sb.append("* ").append(l.name()).append(": `").append(l.function()).append('`')
                        .append(l.reason() == null ? "" : ": " + l.reason());
                for (String note : l.notes()) {
                    sb.append("; ").append(note);
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        if (!d.activations().isEmpty()) {
            sb.append("## Activations (calibration)\n\n");
            List<List<String>> hrows = new ArrayList<>();
            for (VerificationReport.ActivationHistogram h : d.activations()) {
                hrows.add(List.of(h.layer(), String.format(Locale.ROOT, "%,d", h.count()), String.format(Locale.ROOT, "%,d", h.zeros()),
                        h.bins().isEmpty() ? "" : HistogramChart.binLow(h.firstExponent()) + " to "
                                + HistogramChart.binHigh(h.firstExponent() + h.bins().size() - 1),
                        String.format(Locale.ROOT, "[%.4g, %.4g]", h.rangeLow(), h.rangeHigh()),
                        String.format(Locale.ROOT, "%.3g %% (%s)", h.clippedShare() * 100, h.clippedBasis())));
            }
            mdTable(sb, List.of("layer", "values", "zeros", "magnitudes", "format range", "clipped"), hrows);
        }
        if (d.activations().isEmpty() && q == null) {
            sb.append("f32 needs no calibration, so there are no activation histograms.\n\n");
        }
        VerificationReport.MemoryTimeline plan = d.memoryPlan();
        if (plan != null) {
            sb.append("## Memory plan\n\n");
            sb.append(String.format(Locale.ROOT, "Arena %,d bytes; the most bytes live at one step: %,d (no plan can use less). "
                    + "Step 0 copies the input in, step i + 1 runs layer i.%n%n", plan.arenaBytes(), plan.lowerBoundBytes()));
            List<List<String>> trows = new ArrayList<>();
            for (VerificationReport.TensorRegion t : plan.tensors()) {
                trows.add(List.of(t.tensor(), String.format(Locale.ROOT, "%,d", t.offset()), String.format(Locale.ROOT, "%,d", t.bytes()),
                        t.firstStep() + " to " + t.lastStep()));
            }
            mdTable(sb, List.of("tensor", "offset", "bytes", "live at steps"), trows);
        }
        return sb.toString();
    }

    private static List<String> confusionHead(VerificationReport.ConfusionMatrix m) {
        List<String> head = new ArrayList<>();
        head.add("label \\ class");
        for (int j = 0; j < m.counts().size(); j++) {
            head.add(Integer.toString(j));
        }
        return head;
    }

    private static List<List<String>> confusionRows(VerificationReport.ConfusionMatrix m) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < m.counts().size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(i));
            for (Long v : m.counts().get(i)) {
                row.add(Long.toString(v));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> errorRows(VerificationReport.ErrorHistogram h) {
        List<List<String>> rows = new ArrayList<>();
        double w = (h.high() - h.low()) / h.counts().size();
        for (int i = 0; i < h.counts().size(); i++) {
            rows.add(List.of(String.format(Locale.ROOT, "%.3g", h.low() + i * w), String.format(Locale.ROOT, "%.3g", h.low() + (i + 1) * w),
                    Long.toString(h.counts().get(i))));
        }
        return rows;
    }

    /** Colours of the pictures' classes; the page needs nothing from the network and no script. */
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;max-width:90em;margin:1.5em auto;padding:0 1em;color:#222}
            h1{font-size:1.5em;margin-bottom:.3em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .45em;text-align:left}
            th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .layers td,.layers th{white-space:nowrap}.scroll{overflow-x:auto}
            .summary{display:flex;flex-wrap:wrap;gap:1em;align-items:stretch;margin:1em 0}
            .card{border:1px solid #ccc;border-radius:6px;padding:.5em 1em;min-width:9em}
            .card .v{font-size:1.6em;font-weight:600}.card .k{color:#555;font-size:.9em}
            .verdict.pass{background:#e6f4e6;border-color:#7b7}.verdict.fail{background:#fbe9e9;border-color:#d77}
            .pass{color:#070}.fail{color:#b00}.gain{color:#070}.loss{color:#b00}.note{color:#555;font-size:.9em}
            .grid-charts{display:flex;flex-wrap:wrap;gap:.5em}
            svg text{font-family:system-ui,sans-serif}
            .axis{font-size:11px;fill:#444}.label{font-size:10px;fill:#333}.title{font-size:12px;font-weight:600;fill:#222}
            .grid{stroke:#e4e4e4}.axis-line{stroke:#888}
            .bar{fill:#4a7ab5}.bar.exact{fill:#a9cfe0}.bar.worst{fill:#d9534f}.worst-label{font-size:12px;font-weight:600;fill:#b52b27}.worst-mark{stroke:#b52b27;stroke-dasharray:2 2}
            .value{font-size:10px;fill:#333}
            .bin{fill:#6a9fd4}.bin.zeros{fill:#aaa}.bin.clipped{fill:#d9534f}.bin.zero{fill:#2a9d2a}
            .range{stroke:#e08a00;stroke-width:2;stroke-dasharray:4 2}
            .tensor{stroke:#fff;stroke-width:1}.shade0{fill:#7fa7d6}.shade1{fill:#9fc89a}.shade2{fill:#e0b97a}.shade3{fill:#c7a2d6}
            .tensor-label{font-size:10px;fill:#111}
            .peak{stroke:#d9534f;stroke-width:2}.bound{stroke:#2a9d2a;stroke-width:2;stroke-dasharray:6 3}
            .peak-label{font-size:11px;fill:#b52b27}.bound-label{font-size:11px;fill:#1d7a1d}
            .cm td{text-align:right;min-width:2.5em}
            """;

    /** The report for people: summary first, then the pictures; well-formed XML, so tools can read it as such. */
    static String html(VerificationReport r) {
        VerificationReport.CompiledResult c = r.compiled();
        VerificationReport.Diagnostics d = r.diagnostics();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>CMSIS-NN verification: ")
                .append(escape(r.network())).append("</title>\n<style>\n").append(STYLE).append("</style></head><body>\n");
        sb.append("<h1>CMSIS-NN verification: ").append(escape(r.network())).append(" (").append(escape(r.scheme())).append(")</h1>\n");
        sb.append("<div class=\"summary\">\n");
        sb.append("<div class=\"card verdict ").append(r.passed() ? "pass" : "fail").append("\"><div class=\"k\">result</div><div class=\"v\">")
                .append(r.passed() ? "passed" : "FAILED").append("</div></div>\n");
        if (r.floatResult().top1() != null) {
            card(sb, "float top-1", ratio(r.floatResult().top1()));
            card(sb, "emulated top-1", ratio(r.emulated().top1()));
            card(sb, "compiled top-1", ratio(c.top1()));
            Double drop = r.accuracyDrop();
            String cls = drop == null || Math.round(drop * 100) == 0 ? "" : drop > 0 ? " loss" : " gain";
            sb.append("<div class=\"card").append(cls).append("\"><div class=\"k\">compiled against float</div><div class=\"v\">")
                    .append(escape(dropText(drop))).append("</div></div>\n");
        } else if (!d.outputs().isEmpty()) {
            card(sb, "compiled vs float RMSE", sci(d.outputs().get(0).compiledVsFloat().rmse()));
            card(sb, "compiled vs float cos", agreementRow("", d.outputs().get(0).compiledVsFloat()).get(5));
        }
        card(sb, "compiled vs emulation", c.bitExactWithEmulation() ? "bit-exact" : c.mismatchedSamples() + " samples differ");
        sb.append("</div>\n");
        for (String failure : r.failures()) {
            sb.append("<p class=\"fail\">").append(escape(failure)).append("</p>\n");
        }
        sb.append("<p>Model <code>").append(escape(r.model())).append("</code>, scheme <code>").append(escape(r.scheme()))
                .append("</code>, ").append(r.samples()).append(" samples (").append(escape(r.data())).append("). Compiled with ")
                .append(escape(c.toolchain())).append(" for ").append(escape(c.target())).append(", ").append(escape(c.kernels()))
                .append(" kernels; max abs difference from the emulation ").append(num(c.maxAbsDiffVsEmulation()))
                .append(" (tolerance ").append(num(c.tolerance())).append(").</p>\n");
        VerificationReport.Memory m = r.memory();
        sb.append("<p>Memory: weights ").append(m.weightBytes()).append(" B, activations ").append(m.activationBytes())
                .append(" B, scratch ").append(m.scratchBytes()).append(" B").append(m.codeBytes() == null ? "" : ", code " + m.codeBytes() + " B")
                .append(".");
        if (c.instructionsPerInference() != null) {
            sb.append(String.format(Locale.ROOT, " On %s (QEMU): %,.0f instructions per inference (at most %,d), %.3f MACs per instruction, %s.",
                    escape(c.target()), c.instructionsPerInference(), c.maxInstructionsPerInference(), c.macsPerInstruction(),
                    escape(countedWith(c))));
        }
        sb.append("</p>\n");
        if (r.floatResult().rmse() != null) {
            sb.append("<p>Float model against the expected outputs: RMSE ").append(num(r.floatResult().rmse())).append(".</p>\n");
        }
        for (VerificationReport.OutputMetrics o : d.outputs()) {
            sb.append("<h2>Output <code>").append(escape(o.output())).append("</code> against the float model</h2>\n");
            htmlTable(sb, "agreement", AGREEMENT_HEAD, agreementRows(o));
            sb.append("<p class=\"note\">").append(escape(AGREEMENT_NOTE)).append("</p>\n");
        }
        if (d.confusion() != null) {
            sb.append("<h2>Confusion matrix</h2>\n<p class=\"note\">Rows: the label; columns: the compiled network's class. "
                    + "Darker cells hold more samples.</p>\n");
            confusionHtml(sb, d.confusion());
        }
        if (d.errors() != null) {
            sb.append("<h2>Error histogram</h2>\n").append(ErrorChart.svg(d.errors()));
        }
        sb.append("<h2>SNR per layer</h2>\n<p class=\"note\">Each layer's emulated output against the same tensor of the float "
                + "network; the red bar is the layer with the lowest SNR, pale bars are exact.</p>\n<div class=\"scroll\">")
                .append(SnrChart.svg(r.layers())).append("</div>\n");
        if (ProfileChart.profiled(r.layers())) {
            sb.append("<h2>Instructions per layer</h2>\n<p class=\"note\">Mean per inference from the end of the previous layer to "
                    + "the layer's CMSIS_NN_PROFILE_LAYER mark, without the hook's own instructions.</p>\n<div class=\"scroll\">")
                    .append(ProfileChart.svg(r.layers())).append("</div>\n");
        }
        if (r.schemeSearch() != null) {
            SearchTable.html(sb, r.schemeSearch());
        }
        sb.append("<h2>Layers</h2>\n");
        String saturation = saturationText(r.layers());
        if (saturation != null) {
            sb.append("<p class=\"saturation\">").append(escape(saturation)).append("</p>\n");
        }
        sb.append("<div class=\"scroll\">");
        List<Column> columns = layerColumns(r.layers());
        sb.append("<table class=\"layers\"><tr>");
        for (Column col : columns) {
            sb.append("<th>").append(escape(col.heading())).append("</th>");
        }
        sb.append("</tr>\n");
        int worst = SnrChart.worst(r.layers());
        for (int i = 0; i < r.layers().size(); i++) {
            VerificationReport.LayerReport l = r.layers().get(i);
            sb.append(i == worst ? "<tr class=\"worst\">" : "<tr>");
            for (Column col : columns) {
                String v = col.cell().apply(l);
                v = v == null ? "" : escape(v);
                sb.append(col.code() ? "<td><code>" + v + "</code></td>" : "<td>" + v + "</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table></div>\n");
        if (r.layers().stream().anyMatch(l -> l.reason() != null || !l.notes().isEmpty())) {
            sb.append("<details><summary>Why each function, and notes</summary><ul>\n");
            for (VerificationReport.LayerReport l : r.layers()) {
                sb.append("<li>").append(escape(l.name())).append(": <code>").append(escape(l.function())).append("</code>")
                        .append(l.reason() == null ? "" : ": " + escape(l.reason()));
                for (String note : l.notes()) {
                    sb.append("; ").append(escape(note));
                }
                sb.append("</li>\n");
            }
            sb.append("</ul></details>\n");
        }
        VerificationReport.Quantization q = r.quantization();
        if (!d.activations().isEmpty()) {
            sb.append("<h2>Activations (calibration)</h2>\n<p class=\"note\">Each layer's output over the calibration set in "
                    + "power-of-two magnitude bins; the dashed line is the chosen format's range, red bins lie beyond it.");
            if (q != null) {
                sb.append(" ").append(q.calibrationSamples()).append(" samples of <code>").append(escape(q.calibrationData()))
                        .append("</code>, range method <code>").append(escape(q.rangeMethod())).append("</code>.");
            }
            sb.append("</p>\n<div class=\"grid-charts\">\n");
            for (VerificationReport.ActivationHistogram h : d.activations()) {
                sb.append(HistogramChart.svg(h));
            }
            sb.append("</div>\n");
        }
        if (d.activations().isEmpty() && q == null) {
            sb.append("<h2>Activations</h2>\n<p class=\"note\">f32 needs no calibration, so there are no activation "
                    + "histograms.</p>\n");
        }
        if (q != null && !q.notes().isEmpty()) {
            sb.append("<ul class=\"note\">\n");
            for (String note : q.notes()) {
                sb.append("<li>").append(escape(note)).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        VerificationReport.MemoryTimeline plan = d.memoryPlan();
        if (plan != null) {
            sb.append("<h2>Memory plan</h2>\n<p class=\"note\">").append(String.format(Locale.ROOT, "Each tensor's bytes of the "
                    + "activation arena over the steps it is live (step 0 copies the input in, step i + 1 runs layer i). "
                    + "Arena (peak) %,d bytes; the most bytes live at one step, which no plan can beat: %,d.",
                    plan.arenaBytes(), plan.lowerBoundBytes())).append("</p>\n<div class=\"scroll\">");
            List<String> stepNames = new ArrayList<>();
            stepNames.add("input");
            for (VerificationReport.LayerReport l : r.layers()) {
                stepNames.add(l.name());
            }
            stepNames.add("output copy");
            sb.append(MemoryChart.svg(plan, stepNames)).append("</div>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void card(StringBuilder sb, String key, String value) {
        sb.append("<div class=\"card\"><div class=\"k\">").append(escape(key)).append("</div><div class=\"v\">").append(escape(value))
                .append("</div></div>\n");
    }

    private static void htmlTable(StringBuilder sb, String cssClass, List<String> head, List<List<String>> rows) {
        sb.append("<table class=\"").append(cssClass).append("\"><tr>");
        for (String h : head) {
            sb.append("<th>").append(escape(h)).append("</th>");
        }
        sb.append("</tr>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                sb.append(i == 0 ? "<td>" : "<td class=\"n\">").append(escape(row.get(i))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    /** Cells shaded by their share of the row (the label's samples), so that mistakes stand out whatever the class sizes. */
    private static void confusionHtml(StringBuilder sb, VerificationReport.ConfusionMatrix m) {
        List<List<Long>> counts = m.counts();
        sb.append("<table class=\"cm\"><tr><th>label \\ class</th>");
        for (int j = 0; j < counts.size(); j++) {
            sb.append("<th>").append(j).append("</th>");
        }
        sb.append("</tr>\n");
        for (int i = 0; i < counts.size(); i++) {
            long row = counts.get(i).stream().mapToLong(Long::longValue).sum();
            sb.append("<tr><th>").append(i).append("</th>");
            for (int j = 0; j < counts.size(); j++) {
                long v = counts.get(i).get(j);
                double share = row == 0 ? 0 : (double) v / row;
                String colour = i == j ? "42,120,190" : "217,83,79";
                sb.append("<td style=\"background:rgba(").append(colour).append(',')
                        .append(String.format(Locale.ROOT, "%.2f", v == 0 ? 0 : 0.08 + 0.8 * Math.sqrt(share))).append(")\">")
                        .append(v).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    /**
     * Which kernels the instruction counts are of. The bundled ones are portable C without DSP or Helium
     * instructions, so a firmware linked with CMSIS-NN runs a fraction of them; saying so keeps the figure
     * from being read as the firmware's.
     */
    public static String countedWith(VerificationReport.CompiledResult c) {
        if ("bundled".equals(c.kernels())) {
            return "counted with the plugin's bundled portable kernels (plain C: no DSP or Helium instructions, several times "
                    + "what CMSIS-NN takes; set cmsisNnDirectory to count a CMSIS-NN build, which firmware links)";
        }
        return "counted with the " + c.kernels() + " kernels";
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** "n (p %)" of a count among a layer's outputs; "0" for none. */
    static String share(long count, long outputs) {
        if (count == 0) {
            return "0";
        }
        double percent = 100.0 * count / outputs;
        String p = percent >= 10 ? String.format(Locale.ROOT, "%.0f", percent)
                : String.format(Locale.ROOT, "%.2g", percent).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        return String.format(Locale.ROOT, "%,d (%s %%)", count, p);
    }

    /**
     * The sentence naming the first layer (in network order) whose saturation is frequent, or saying
     * none is; null when no layer was counted.
     */
    static String saturationText(List<VerificationReport.LayerReport> layers) {
        if (layers.stream().noneMatch(l -> l.saturation() != null)) {
            return null;
        }
        String rule = String.format(Locale.ROOT, "saturation is frequent when more than %.0f %% of a layer's outputs clip at "
                + "the activation range (or __SSAT bound) or overflow int32", 100 * VerificationReport.Saturation.FREQUENT);
        long counted = layers.stream().filter(l -> l.saturation() != null).count();
        for (VerificationReport.LayerReport l : layers) {
            VerificationReport.Saturation s = l.saturation();
            if (s != null && s.frequent()) {
                return String.format(Locale.ROOT, "First layer where saturation is frequent: %s, %s of its %,d outputs clipped or "
                        + "overflowed (%s; %d layers counted over the compared samples).", l.name(), share(s.saturated(), s.outputs()),
                        s.outputs(), rule, counted);
            }
        }
        return String.format(Locale.ROOT, "No layer saturates frequently (%s; %d layers counted over the compared samples).", rule,
                counted);
    }

    private static String snr(VerificationReport.LayerReport l) {
        if (l.snrDb() == null) {
            return "exact";
        }
        return Double.isInfinite(l.snrDb()) ? (l.snrDb() > 0 ? "exact" : "-inf") : String.format(Locale.ROOT, "%.1f", l.snrDb());
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.3g", d);
    }
}
