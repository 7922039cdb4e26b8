package io.cmsisnn.report;

import io.cmsisnn.calibration.TensorStatistics;
import java.util.Locale;

/**
 * One layer's calibrated output as bars over power-of-two magnitude bins (log2 |x| on the x axis),
 * the zeros as a bar of their own on the left, the chosen format's range as a vertical line and the
 * bins beyond it in class {@code clipped}.
 */
final class HistogramChart {
    private static final double WIDTH = 300;
    private static final double HEIGHT = 110;
    private static final double TOP = 34;
    private static final double LEFT = 40;
    private static final double ZERO_BAR = 16;

    private HistogramChart() {
    }

    /** The exponent E with 2^E at the range's larger end: the picture's range line sits there. */
    static double rangeExponent(VerificationReport.ActivationHistogram h) {
        double magnitude = Math.max(Math.abs(h.rangeLow()), Math.abs(h.rangeHigh()));
        return magnitude > 0 ? Math.log(magnitude) / Math.log(2) : h.firstExponent() - 1;
    }

    static String svg(VerificationReport.ActivationHistogram h) {
        int first = h.firstExponent();
        int last = first + h.bins().size() - 1;
        double rangeE = rangeExponent(h);
        // show bins from the lowest with values (left edge 2^(first-1)) to past the range line
        int from = Math.min(first, (int) Math.floor(rangeE)) - 1;
        int to = Math.max(last, (int) Math.ceil(rangeE));
        int bins = to - from;
        double bin = (WIDTH - LEFT - ZERO_BAR - 26) / bins;
        long most = Math.max(1, h.zeros());
        for (long c : h.bins()) {
            most = Math.max(most, c);
        }
        double base = TOP + HEIGHT;
        double x0 = LEFT + ZERO_BAR + 6;
        Svg svg = new Svg("chart histogram", WIDTH, base + 34, "activation histogram of " + h.layer());
        svg.text("title", 4, 13, "start", h.layer());
        svg.text("axis", 4, 27, "start", String.format(Locale.ROOT, "range [%s, %s], clipped %s", num(h.rangeLow()),
                num(h.rangeHigh()), share(h.clippedShare())));
        double zh = (double) h.zeros() / most * HEIGHT;
        svg.rect("bin zeros", LEFT, base - zh, ZERO_BAR, zh, String.format(Locale.ROOT, "x = 0: %,d of %,d", h.zeros(), h.count()));
        svg.text("axis", LEFT + ZERO_BAR / 2, base + 13, "middle", "0");
        for (int i = 0; i < h.bins().size(); i++) {
            int e = first + i;
            long c = h.bins().get(i);
            double x = x0 + (e - 1 - from) * bin;
            double bh = (double) c / most * HEIGHT;
            boolean clipped = e - 1 >= rangeE - 1e-9; // the bin starts at or beyond the range
            svg.rect(clipped ? "bin clipped" : "bin", x + 0.5, base - bh, bin - 1, bh,
                    String.format(Locale.ROOT, "%s <= |x| < %s: %,d", binLow(e), binHigh(e), c));
        }
        svg.line("axis-line", LEFT, base, WIDTH - 8, base, null);
        // labels at least 38 px apart, counted down from the right end, clear of the zeros' "0"
        int stride = Math.max(1, (int) Math.ceil(38 / bin));
        for (int e = to; e >= from; e -= stride) {
            double x = x0 + (e - from) * bin;
            if (x - 16 > LEFT + ZERO_BAR) {
                svg.text("axis", x, base + 13, "middle", "2^" + e);
            }
        }
        double rx = x0 + (rangeE - from) * bin;
        svg.line("range", rx, TOP - 4, rx, base, "chosen range: |x| up to " + num(Math.pow(2, rangeE)));
        svg.text("axis", WIDTH / 2, base + 28, "middle", "|x|, power-of-two bins; bar height: count");
        svg.text("axis", LEFT - 4, TOP + 8, "end", compact(most));
        return svg.end();
    }

    /** The lower edge of bin e: 2^(e-1), or 0 for the lowest bin, which also holds every smaller magnitude. */
    static String binLow(int e) {
        return e <= TensorStatistics.MIN_EXPONENT ? "0" : "2^" + (e - 1);
    }

    /** The upper edge of bin e: 2^e, or infinity for the highest bin, which also holds every larger magnitude. */
    static String binHigh(int e) {
        return e >= TensorStatistics.MAX_EXPONENT ? "inf" : "2^" + e;
    }

    private static String num(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.4g", v);
    }

    /** A count in at most five characters: 950, 11.8k, 2.3M. */
    static String compact(long v) {
        if (v < 1000) {
            return Long.toString(v);
        }
        return v < 1_000_000 ? String.format(Locale.ROOT, "%.3gk", v / 1e3) : String.format(Locale.ROOT, "%.3gM", v / 1e6);
    }

    private static String share(double s) {
        return s == 0 ? "none" : String.format(Locale.ROOT, "%.3g %%", s * 100);
    }
}
