package io.cmsisnn.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The candidates of a {@code scheme} auto search, as report.json data, a Markdown table and an HTML table. */
final class SearchTable {
    private SearchTable() {
    }

    static Map<String, Object> json(VerificationReport.SchemeSearch s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", s.family());
        m.put("maxAccuracyDrop", s.maxAccuracyDrop());
        m.put("evaluatedOn", s.evaluatedOn());
        m.put("chosen", s.chosen());
        m.put("reason", s.reason());
        List<Object> candidates = new ArrayList<>();
        for (VerificationReport.Candidate c : s.candidates()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("scheme", c.scheme());
            cm.put("floatTop1", c.floatTop1());
            cm.put("top1", c.top1());
            cm.put("drop", c.drop());
            cm.put("meetsDrop", c.meetsDrop());
            cm.put("ramBytes", c.ramBytes());
            cm.put("activationBytes", c.activationBytes());
            cm.put("scratchBytes", c.scratchBytes());
            cm.put("estimatedInstructions", c.estimatedInstructions());
            cm.put("weightBytes", c.weightBytes());
            candidates.add(cm);
        }
        m.put("candidates", candidates);
        return m;
    }

    static void markdown(StringBuilder sb, VerificationReport.SchemeSearch s) {
        sb.append("## Scheme search (`").append(s.family()).append("`)\n\n")
                .append(String.format(Locale.ROOT, "Chose `%s`: %s. Measured on %s; allowed drop %.2f points.%n%n", s.chosen(), s.reason(),
                        s.evaluatedOn(), s.maxAccuracyDrop()))
                .append("| candidate | top-1 | drop | within | RAM B | activations B | scratch B | instructions (est.) | weights B |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (VerificationReport.Candidate c : s.candidates()) {
            sb.append(String.format(Locale.ROOT, "| %s%s | %.4f | %.2f | %s | %d | %d | %d | %d | %d |%n", c.scheme(),
                    c.scheme().equals(s.chosen()) ? " (chosen)" : "", c.top1(), c.drop(), c.meetsDrop() ? "yes" : "no", c.ramBytes(),
                    c.activationBytes(), c.scratchBytes(), c.estimatedInstructions(), c.weightBytes()));
        }
        sb.append('\n');
    }

    static void html(StringBuilder sb, VerificationReport.SchemeSearch s) {
        sb.append("<h2>Scheme search (<code>").append(escape(s.family())).append("</code>)</h2>\n<p class=\"note\">Chose <code>")
                .append(escape(s.chosen())).append("</code>: ").append(escape(s.reason())).append(". Measured on ")
                .append(escape(s.evaluatedOn())).append(String.format(Locale.ROOT, "; allowed drop %.2f points.</p>%n", s.maxAccuracyDrop()))
                .append("<table class=\"layers\"><tr><th>candidate</th><th>top-1</th><th>drop</th><th>within</th><th>RAM B</th>"
                        + "<th>activations B</th><th>scratch B</th><th>instructions (est.)</th><th>weights B</th></tr>\n");
        for (VerificationReport.Candidate c : s.candidates()) {
            boolean chosen = c.scheme().equals(s.chosen());
            sb.append(chosen ? "<tr class=\"worst\">" : "<tr>").append("<td>").append(escape(c.scheme())).append(chosen ? " (chosen)" : "")
                    .append(String.format(Locale.ROOT, "</td><td>%.4f</td><td>%.2f</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td>"
                            + "<td>%d</td><td>%d</td></tr>%n", c.top1(), c.drop(), c.meetsDrop() ? "yes" : "no", c.ramBytes(),
                            c.activationBytes(), c.scratchBytes(), c.estimatedInstructions(), c.weightBytes()));
        }
        sb.append("</table>\n");
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
