package io.cmsisnn.report;

import java.util.Locale;

/** An error histogram of equal-width bins (class {@code bin}), with the bin that holds 0 outlined. */
final class ErrorChart {
    private static final double WIDTH = 520;
    private static final double HEIGHT = 160;
    private static final double TOP = 24;
    private static final double LEFT = 70;

    private ErrorChart() {
    }

    static String svg(VerificationReport.ErrorHistogram h) {
        int n = h.counts().size();
        double bin = (WIDTH - LEFT - 20) / Math.max(1, n);
        long most = 1;
        for (long c : h.counts()) {
            most = Math.max(most, c);
        }
        double base = TOP + HEIGHT;
        double w = (h.high() - h.low()) / Math.max(1, n);
        Svg svg = new Svg("chart errors", WIDTH, base + 40, "error histogram: " + h.what());
        svg.text("axis", 4, 14, "start", h.what());
        svg.text("axis", LEFT - 6, TOP + 4, "end", String.format(Locale.ROOT, "%,d", most));
        for (int i = 0; i < n; i++) {
            long c = h.counts().get(i);
            double bh = (double) c / most * HEIGHT;
            double lo = h.low() + i * w;
            boolean zero = lo <= 0 && 0 < lo + w;
            svg.rect(zero ? "bin zero" : "bin", LEFT + i * bin + 0.5, base - bh, bin - 1, bh,
                    String.format(Locale.ROOT, "[%.3g, %.3g): %,d", lo, lo + w, c));
        }
        svg.line("axis-line", LEFT, base, LEFT + n * bin, base, null);
        svg.text("axis", LEFT, base + 16, "start", String.format(Locale.ROOT, "%.3g", h.low()));
        svg.text("axis", LEFT + n * bin / 2, base + 16, "middle", "0");
        svg.text("axis", LEFT + n * bin, base + 16, "end", String.format(Locale.ROOT, "%.3g", h.high()));
        return svg.end();
    }
}
