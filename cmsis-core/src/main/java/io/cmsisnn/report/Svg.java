package io.cmsisnn.report;

import java.util.Locale;

/**
 * Writes one inline SVG picture: shapes with a CSS class (report.html's style sheet colours them) and
 * a {@code <title>} that browsers show on hover. Coordinates are user units, one per CSS pixel.
 */
final class Svg {
    private final StringBuilder sb = new StringBuilder();

    /** @param label what the picture shows, for screen readers and the XML's readers */
    Svg(String cssClass, double width, double height, String label) {
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"").append(attr(cssClass)).append("\" width=\"")
                .append(n(width)).append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width))
                .append(' ').append(n(height)).append("\" role=\"img\" aria-label=\"").append(attr(label)).append("\">\n");
    }

    /** A rectangle; {@code title} may be null. */
    Svg rect(String cssClass, double x, double y, double width, double height, String title) {
        sb.append("<rect class=\"").append(attr(cssClass)).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" width=\"").append(n(Math.max(0, width))).append("\" height=\"").append(n(Math.max(0, height)))
                .append('"');
        return close("rect", title);
    }

    Svg line(String cssClass, double x1, double y1, double x2, double y2, String title) {
        sb.append("<line class=\"").append(attr(cssClass)).append("\" x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1))
                .append("\" x2=\"").append(n(x2)).append("\" y2=\"").append(n(y2)).append('"');
        return close("line", title);
    }

    /** Text whose {@code anchor} is {@code start}, {@code middle} or {@code end}. */
    Svg text(String cssClass, double x, double y, String anchor, String text) {
        sb.append("<text class=\"").append(attr(cssClass)).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(escape(text)).append("</text>\n");
        return this;
    }

    /** Text turned 90 degrees counter-clockwise about its anchor point (labels under narrow bars). */
    Svg verticalText(String cssClass, double x, double y, String text) {
        sb.append("<text class=\"").append(attr(cssClass)).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" text-anchor=\"end\" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\">")
                .append(escape(text)).append("</text>\n");
        return this;
    }

    String end() {
        return sb.append("</svg>\n").toString();
    }

    private Svg close(String element, String title) {
        if (title == null) {
            sb.append("/>\n");
        } else {
            sb.append("><title>").append(escape(title)).append("</title></").append(element).append(">\n");
        }
        return this;
    }

    /** Two decimals at most: enough for a pixel, short in the file. */
    static String n(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String attr(String s) {
        return escape(s).replace("\"", "&quot;");
    }
}
