package io.cmsisnn.codegen;

import java.util.Locale;

/** C text helpers: float literals that round-trip exactly, safe comments, identifiers. */
final class CText {
    private CText() {
    }

    /**
     * A C float literal whose value is exactly {@code v}: Java's shortest decimal when it reads
     * back to the same bits (C compilers round decimal literals correctly), otherwise a C99 hex
     * float. Keeps the sign of zero. The caller rejects NaN and infinity first.
     */
    static String floatLiteral(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            throw new IllegalArgumentException("not a finite float: " + v);
        }
        String s = Float.toString(v);
        if (Float.floatToRawIntBits(Float.parseFloat(s)) == Float.floatToRawIntBits(v)) {
            return s + "f";
        }
        return Float.toHexString(v) + "f";
    }

    /** A clamp bound: a float literal, or {@code INFINITY} / {@code (-INFINITY)} from math.h. */
    static String boundLiteral(float v) {
        if (v == Float.POSITIVE_INFINITY) {
            return "INFINITY";
        }
        if (v == Float.NEGATIVE_INFINITY) {
            return "(-INFINITY)";
        }
        String s = floatLiteral(v);
        return s.startsWith("-") ? "(" + s + ")" : s;
    }

    /** Text that can sit inside a C block comment: printable ASCII, no comment end, no trigraphs. */
    static String comment(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            b.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
        }
        String s = b.toString();
        while (s.contains("*/") || s.contains("/*") || s.contains("??")) {
            s = s.replace("*/", "* /").replace("/*", "/ *").replace("??", "? ?");
        }
        return s;
    }

    /**
     * Paragraphs for a block comment in a header: each made comment-safe, wrapped at word breaks to
     * lines of at most {@code width} characters, and preceded by an empty line.
     */
    static java.util.List<String> paragraphs(java.util.List<String> texts, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String text : texts) {
            lines.add("");
            StringBuilder line = new StringBuilder();
            for (String word : comment(text).split(" +")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.length() > 0 ? " " : "").append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** A lower-case C identifier fragment made of a name's letters and digits (never empty). */
    static String identifierPart(String name, int maxLength) {
        StringBuilder b = new StringBuilder();
        boolean underscore = false;
        for (int i = 0; i < name.length() && b.length() < maxLength; i++) {
            char ch = name.charAt(i);
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
                b.append(Character.toLowerCase(ch));
                underscore = false;
            } else if (!underscore && b.length() > 0) {
                b.append('_');
                underscore = true;
            }
        }
        while (b.length() > 0 && b.charAt(b.length() - 1) == '_') {
            b.setLength(b.length() - 1);
        }
        return b.length() == 0 ? "t" : b.toString();
    }

    static boolean isIdentifier(String s) {
        return s != null && s.matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
