package io.cmsisnn.report;

import java.util.List;
import java.util.Locale;

/**
 * Instructions per layer of a profiled Cortex-M run as bars (class {@code bar}), each labelled with
 * the layer's MACs per instruction where it has MACs.
 */
final class ProfileChart {
    private static final double HEIGHT = 220;
    private static final double TOP = 40;
    private static final double LEFT = 80;
    private static final double LABELS = 120;

    private ProfileChart() {
    }

    static boolean profiled(List<VerificationReport.LayerReport> layers) {
        return layers.stream().anyMatch(l -> l.instructions() != null);
    }

    static String svg(List<VerificationReport.LayerReport> layers) {
        int n = layers.size();
        double bar = Math.max(14, Math.min(48, 820.0 / Math.max(1, n)));
        double most = 1;
        for (VerificationReport.LayerReport l : layers) {
            if (l.instructions() != null) {
                most = Math.max(most, l.instructions());
            }
        }
        double base = TOP + HEIGHT;
        Svg svg = new Svg("chart profile", Math.max(LEFT + n * bar + 16, 360), base + LABELS, "instructions per layer");
        svg.text("axis", 4, 14, "start", "instructions per inference (label: MACs per instruction)");
        for (int i = 0; i <= 4; i++) {
            double v = most * i / 4;
            double y = base - v / most * HEIGHT;
            svg.line("grid", LEFT, y, LEFT + n * bar, y, null).text("axis", LEFT - 6, y + 4, "end", String.format(Locale.ROOT, "%,.0f", v));
        }
        for (int i = 0; i < n; i++) {
            VerificationReport.LayerReport l = layers.get(i);
            double x = LEFT + i * bar + 2;
            double value = l.instructions() == null ? 0 : l.instructions();
            double h = value / most * HEIGHT;
            svg.rect("bar", x, base - h, bar - 4, h, String.format(Locale.ROOT, "%s: %,.0f instructions", l.name(), value));
            if (l.macsPerInstruction() != null && l.macs() > 0) { // a layer without MACs (a copy) has no rate to show
                svg.text("value", x + (bar - 4) / 2, base - h - 4, "middle", String.format(Locale.ROOT, "%.2f", l.macsPerInstruction()));
            }
            svg.verticalText("label", x + (bar - 4) / 2 + 4, base + 6, l.name());
        }
        svg.line("axis-line", LEFT, base, LEFT + n * bar, base, null);
        return svg.end();
    }
}
