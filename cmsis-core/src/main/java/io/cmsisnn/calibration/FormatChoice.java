package io.cmsisnn.calibration;

/**
 * The power-of-two Q format chosen for one tensor: a B-bit word holds {@code int / 2^frac}.
 *
 * @param frac              fractional bits; may exceed {@code B-1} (a range below 1) or be negative
 *                          (a range above {@code 2^(B-1)})
 * @param range             the positive range the format covers, {@code 2^(B-1-frac)}; the codes
 *                          span {@code [-range, range - 2^-frac]}
 * @param saturatedFraction share of the calibration values with {@code |x| >= range}, which the
 *                          format cannot hold (see {@link CalibrationResult#choose})
 * @param note              null when nothing was unusual, else one sentence for the build log
 */
public record FormatChoice(int frac, double range, double saturatedFraction, String note) {

    public FormatChoice {
        if (!(range > 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("range must be positive and finite: " + range);
        }
        if (!(saturatedFraction >= 0 && saturatedFraction <= 1)) {
            throw new IllegalArgumentException("saturatedFraction must be in [0, 1]: " + saturatedFraction);
        }
    }

    /** Integer bits (excluding the sign) of the format in a word of {@code wordBits}: {@code wordBits-1-frac}. */
    public int integerBits(int wordBits) {
        return wordBits - 1 - frac;
    }

    /** Arm's Qm.n name of the format in a word of {@code wordBits}, e.g. {@code Q0.7} or {@code }. */
    public String qName(int wordBits) {
        return qName(wordBits, frac);
    }

    /** Arm's Qm.n name: m = {@code wordBits-1-frac} integer bits, n = {@code frac} fractional bits. */
    public static String qName(int wordBits, int frac) {
        return "Q" + (wordBits - 1 - frac) + "." + frac;
    }

    /** True when the choice carries a note. */
    public boolean hasNote() {
        return note != null;
    }
}
