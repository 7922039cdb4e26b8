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

/** Writes report.json, report.md and report.html; each file appears whole or not at all. */
public final class ReportWriter {

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
        m.put("passed", r.passed());
        m.put("failures", new ArrayList<Object>(r.failures()));
        return m;
    }

    static String markdown(VerificationReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# CMSIS-NN verification: ").append(r.network()).append("\n\n");
        sb.append("Model `").append(r.model()).append("`, scheme `").append(r.scheme()).append("`, ")
                .append(r.samples()).append(" samples (").append(r.data()).append(").\n\n");
        sb.append("Result: **").append(r.passed() ? "passed" : "FAILED").append("**\n\n");
        for (String failure : r.failures()) {
            sb.append("- ").append(failure).append('\n');
        }
        sb.append("\n| | top-1 | vs float |\n|---|---|---|\n");
        sb.append("| float model | ").append(pct(r.floatResult().top1())).append(" | |\n");
        sb.append("| Java emulation | ").append(pct(r.emulated().top1())).append(" | RMSE ")
                .append(num(r.emulated().rmseVsFloat())).append(" |\n");
        VerificationReport.CompiledResult c = r.compiled();
        sb.append("| compiled (").append(c.toolchain()).append(", ").append(c.target()).append(", ")
                .append(c.kernels()).append(" kernels) | ").append(pct(c.top1())).append(" | drop ")
                .append(r.accuracyDrop() == null ? "n/a" : String.format(Locale.ROOT, "%.2f points", r.accuracyDrop()))
                .append(" |\n\n");
        sb.append("Compiled vs emulation: ").append(c.mismatchedSamples()).append(" samples differ beyond ")
                .append(num(c.tolerance())).append(" (max abs difference ").append(num(c.maxAbsDiffVsEmulation()))
                .append(c.bitExactWithEmulation() ? ", bit-exact" : "").append(").\n\n");
        if (c.instructionsPerInference() != null) {
            sb.append(String.format(Locale.ROOT, "On %s (QEMU, instructions counted): %,.0f instructions per inference (at most %,d), "
                    + "%.3f MACs per instruction.%n%n", c.target(), c.instructionsPerInference(), c.maxInstructionsPerInference(),
                    c.macsPerInstruction()));
        }
        VerificationReport.Memory m = r.memory();
        sb.append("Memory: weights ").append(m.weightBytes()).append(" B, activations ").append(m.activationBytes())
                .append(" B, scratch ").append(m.scratchBytes()).append(" B")
                .append(m.codeBytes() == null ? "" : ", code " + m.codeBytes() + " B").append(".\n\n");
        boolean profiled = r.layers().stream().anyMatch(l -> l.instructions() != null);
        if (profiled) {
            sb.append("Instructions per layer: mean per inference from the end of the previous layer to the layer's "
                    + "CMSIS_NN_PROFILE_LAYER mark (the first layer includes copying the input in; copying the output out "
                    + "follows the last mark), without the profiling hook's own instructions.\n\n");
        }
        String profileHead = profiled ? " instructions | MACs/instruction |" : "";
        String profileRule = profiled ? "---|---|" : "";
        VerificationReport.Quantization q = r.quantization();
        if (q == null) {
            sb.append("| layer | op | function | MACs | weight bytes | SNR dB |").append(profileHead)
                    .append("\n|---|---|---|---|---|---|").append(profileRule).append('\n');
            for (VerificationReport.LayerReport l : r.layers()) {
                sb.append("| ").append(l.name()).append(" | ").append(l.op()).append(" | `").append(l.function())
                        .append("` | ").append(l.macs()).append(" | ").append(l.weightBytes()).append(" | ")
                        .append(snr(l)).append(" |").append(profiled ? profileCells(l) : "").append('\n');
            }
            return sb.toString();
        }
        sb.append("Calibration: ").append(q.calibrationSamples()).append(" samples of ").append(q.calibrationData())
                .append(", range method `").append(q.rangeMethod()).append('`')
                .append("percentile".equals(q.rangeMethod()) ? " (" + q.percentile() + " %)" : "")
                .append(String.format(Locale.ROOT, ", %.0f samples/s. ", q.calibrationSamplesPerSecond()))
                .append("Input ").append(q.inputFormat()).append(", output ").append(q.outputFormat())
                .append(q.armMathDsp() ? "; kernels built with ARM_MATH_DSP" : "; kernels built without ARM_MATH_DSP").append(".\n\n");
        for (String note : q.notes()) {
            sb.append("Note: ").append(note).append("\n\n");
        }
        sb.append("SNR compares each layer's emulated output with the same tensor of the float network; the lowest values "
                + "show where accuracy is lost.\n\n");
        sb.append("| layer | op | function | formats in → out (weights, bias) | bias_shift | out_shift | MACs | weight bytes | SNR dB |")
                .append(profileHead).append("\n|---|---|---|---|---|---|---|---|---|").append(profileRule).append('\n');
        for (VerificationReport.LayerReport l : r.layers()) {
            sb.append("| ").append(l.name()).append(" | ").append(l.op()).append(" | `").append(l.function()).append("` | ")
                    .append(l.inputFormat()).append(" → ").append(l.outputFormat())
                    .append(l.weightFormat() == null ? "" : " (" + l.weightFormat() + ", " + l.biasFormat() + ")").append(" | ")
                    .append(l.biasShift() == null ? "" : l.biasShift()).append(" | ").append(l.outShift() == null ? "" : l.outShift())
                    .append(" | ").append(l.macs()).append(" | ").append(l.weightBytes()).append(" | ").append(snr(l)).append(" |")
                    .append(profiled ? profileCells(l) : "").append('\n');
        }
        sb.append("\nWhy each function, and notes:\n\n");
        for (VerificationReport.LayerReport l : r.layers()) {
            sb.append("* ").append(l.name()).append(": `").append(l.function()).append("`: ").append(l.reason());
            for (String note : l.notes()) {
                sb.append("; ").append(note);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String html(VerificationReport r) {
        String md = markdown(r);
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>CMSIS-NN verification: ")
                .append(escape(r.network())).append("</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}"
                        + ".fail{color:#b00}.pass{color:#070}</style></head><body>\n");
        boolean inTable = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                if (line.startsWith("|---")) {
                    continue;
                }
                if (!inTable) {
                    sb.append("<table>\n");
                    inTable = true;
                }
                sb.append("<tr>");
                String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
                for (String cell : cells) {
                    sb.append("<td>").append(inline(cell.trim())).append("</td>");
                }
                sb.append("</tr>\n");
                continue;
            }
            if (inTable) {
                sb.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("# ")) {
                sb.append("<h1>").append(escape(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("* ")) {
                sb.append("<p>").append(inline(line.substring(2))).append("</p>\n");
            } else if (line.startsWith("- ")) {
                sb.append("<p class=\"fail\">").append(inline(line.substring(2))).append("</p>\n");
            } else if (!line.isBlank()) {
                sb.append("<p>").append(inline(line)).append("</p>\n");
            }
        }
        if (inTable) {
            sb.append("</table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String inline(String s) {
        return escape(s).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>").replaceAll("`(.+?)`", "<code>$1</code>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String snr(VerificationReport.LayerReport l) {
        if (l.snrDb() == null) {
            return "exact";
        }
        return Double.isInfinite(l.snrDb()) ? "exact" : String.format(Locale.ROOT, "%.1f", l.snrDb());
    }

    /** " instructions | MACs/instruction |" of a profiled layer; empty cells for a layer without a mark. */
    private static String profileCells(VerificationReport.LayerReport l) {
        String instructions = l.instructions() == null ? "" : String.format(Locale.ROOT, "%,.0f", l.instructions());
        String perInstruction = l.macsPerInstruction() == null ? "" : String.format(Locale.ROOT, "%.3f", l.macsPerInstruction());
        return " " + instructions + " | " + perInstruction + " |";
    }

    private static String pct(Double top1) {
        return top1 == null ? "n/a" : String.format(Locale.ROOT, "%.4f", top1);
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.3g", d);
    }
}
