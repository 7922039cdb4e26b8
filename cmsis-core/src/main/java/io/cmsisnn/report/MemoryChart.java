package io.cmsisnn.report;

import java.util.List;
import java.util.Locale;

/**
 * The activation arena as a timeline: x is the execution step, y the byte offset (0 at the bottom);
 * each tensor is a rectangle of class {@code tensor} over the steps it is live. A line of class
 * {@code peak} marks the arena's size, one of class {@code bound} the most bytes live at one step.
 */
final class MemoryChart {
    private static final double HEIGHT = 300;
    private static final double TOP = 24;
    private static final double LEFT = 70;

    private MemoryChart() {
    }

    /**
     * @param stepNames what runs at each step: the input copy, then the layers
     */
    static String svg(VerificationReport.MemoryTimeline plan, List<String> stepNames) {
        int steps = plan.steps();
        double step = Math.max(20, Math.min(60, 820.0 / Math.max(1, steps)));
        double width = LEFT + steps * step + 150;
        double base = TOP + HEIGHT;
        double top = Math.max(1, plan.arenaBytes());
        Svg svg = new Svg("chart memory", width, base + 120, "memory plan: tensor offsets over execution steps");
        for (int i = 0; i <= 4; i++) {
            double bytes = top * i / 4;
            double y = base - bytes / top * HEIGHT;
            svg.line("grid", LEFT, y, LEFT + steps * step, y, null)
                    .text("axis", LEFT - 6, y + 4, "end", String.format(Locale.ROOT, "%,.0f", bytes));
        }
        svg.text("axis", 4, 14, "start", "offset, bytes");
        int index = 0;
        for (VerificationReport.TensorRegion t : plan.tensors()) {
            double x = LEFT + t.firstStep() * step;
            double w = (t.lastStep() - t.firstStep() + 1) * step;
            double y = base - (double) (t.offset() + t.bytes()) / top * HEIGHT;
            double h = (double) t.bytes() / top * HEIGHT;
            svg.rect("tensor shade" + (index++ % 4), x + 1, y, w - 2, h, String.format(Locale.ROOT,
                    "%s: %,d bytes at offset %,d, live at steps %d to %d", t.tensor(), t.bytes(), t.offset(), t.firstStep(),
                    t.lastStep()));
            if (h >= 12 && w >= 7 * Math.min(t.tensor().length(), 14)) {
                svg.text("tensor-label", x + w / 2, y + h - 4, "middle", t.tensor()); // low in the box, clear of the lines at the top
            }
        }
        double right = LEFT + steps * step;
        double peak = base - plan.arenaBytes() / top * HEIGHT;
        svg.line("peak", LEFT, peak, right, peak, "arena (peak) " + plan.arenaBytes() + " bytes")
                .text("peak-label", right + 6, peak + 4, "start", String.format(Locale.ROOT, "peak %,d B", plan.arenaBytes()));
        double bound = base - plan.lowerBoundBytes() / top * HEIGHT;
        svg.line("bound", LEFT, bound, right, bound, "most bytes live at one step " + plan.lowerBoundBytes())
                .text("bound-label", right + 6, bound + (Math.abs(bound - peak) < 14 ? 16 : 4), "start",
                        String.format(Locale.ROOT, "lower bound %,d B", plan.lowerBoundBytes()));
        svg.line("axis-line", LEFT, base, right, base, null);
        for (int s = 0; s < steps; s++) {
            String name = s < stepNames.size() ? stepNames.get(s) : "output";
            svg.verticalText("label", LEFT + s * step + step / 2 + 4, base + 6, s + " " + name);
        }
        return svg.end();
    }
}
