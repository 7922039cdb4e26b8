package io.cmsisnn.report;

import java.util.List;
import java.util.Locale;

/**
 * Per-layer SNR as bars, one per generated layer in run order. The layer with the lowest finite SNR
 * is drawn in class {@code worst} and labelled; a layer that matches the float model exactly gets a
 * full-height bar of class {@code exact}.
 */
final class SnrChart {
    private static final double HEIGHT = 260;
    private static final double TOP = 44;
    private static final double LEFT = 48;
    private static final double LABELS = 120;

    private SnrChart() {
    }

    /** Index of the layer with the lowest finite SNR, or -1 when none has one. */
    static int worst(List<VerificationReport.LayerReport> layers) {
        int worst = -1;
        for (int i = 0; i < layers.size(); i++) {
            Double snr = layers.get(i).snrDb();
            if (snr != null && Double.isFinite(snr) && (worst < 0 || snr < layers.get(worst).snrDb())) {
                worst = i;
            }
        }
        return worst;
    }

    static String svg(List<VerificationReport.LayerReport> layers) {
        int n = layers.size();
        double bar = Math.max(14, Math.min(48, 820.0 / Math.max(1, n)));
        double width = LEFT + n * bar + 16;
        double top = 10;
        for (VerificationReport.LayerReport l : layers) {
            if (l.snrDb() != null && Double.isFinite(l.snrDb())) {
                top = Math.max(top, l.snrDb());
            }
        }
        top = Math.ceil(top / 10) * 10;
        int worst = worst(layers);
        Svg svg = new Svg("chart snr", Math.max(width, 360), TOP + HEIGHT + LABELS, "SNR per layer, dB");
        double base = TOP + HEIGHT;
        int step = (int) Math.max(10, Math.ceil(top / 50) * 10);
        for (int t = 0; t <= top; t += step) {
            double y = base - t / top * HEIGHT;
            svg.line("grid", LEFT, y, LEFT + n * bar, y, null).text("axis", LEFT - 6, y + 4, "end", Integer.toString(t));
        }
        svg.text("axis", 4, 14, "start", "SNR, dB (higher is closer to float)");
        for (int i = 0; i < n; i++) {
            VerificationReport.LayerReport l = layers.get(i);
            Double snr = l.snrDb();
            boolean exact = snr == null || snr == Double.POSITIVE_INFINITY;
            double value = exact ? top : Double.isFinite(snr) ? Math.max(0, snr) : 0;
            double h = value / top * HEIGHT;
            double x = LEFT + i * bar + 2;
            String cls = i == worst ? "bar worst" : exact ? "bar exact" : "bar";
            String title = l.name() + " (" + l.op() + "): " + (exact ? "exact" : String.format(Locale.ROOT, "%.1f dB", snr));
            svg.rect(cls, x, base - h, bar - 4, h, title);
            svg.verticalText("label", x + (bar - 4) / 2 + 4, base + 6, l.name());
            if (i == worst) {
                // the label sits above the plot, where no bar can cover it, with a tick down to the bar
                double centre = x + (bar - 4) / 2;
                double labelX = Math.max(LEFT + 80, Math.min(centre, Math.max(LEFT + 80, LEFT + n * bar - 80)));
                svg.text("worst-label", labelX, TOP - 14, "middle", String.format(Locale.ROOT, "worst: %s %.1f dB", l.name(), snr));
                svg.line("worst-mark", centre, TOP - 10, centre, base - h, null);
            }
        }
        svg.line("axis-line", LEFT, base, LEFT + n * bar, base, null);
        return svg.end();
    }
}
