package io.cmsisnn.backend;

import java.util.BitSet;
import java.util.Locale;

/**
 * How well a quantized network's outputs on the validation samples match the float model's.
 *
 * @param classifier whether the outputs are class scores: then the agreeing samples decide
 * @param agreeing   the validation samples whose emulated top class equals the float model's (none for regression)
 * @param samples    validation samples scored
 * @param mse        mean squared difference from the float model over every value of the compared
 *                   tensor: the output, or for a network ending in softmax the softmax's input (the
 *                   legacy softmax is a base-2 approximation, so its outputs differ from float
 *                   softmax by more than any format change would)
 */
public record ValidationScore(boolean classifier, BitSet agreeing, int samples, double mse) {

    public ValidationScore {
        agreeing = (BitSet) agreeing.clone();
    }

    @Override
    public BitSet agreeing() {
        return (BitSet) agreeing.clone();
    }

    /** How many samples agree. */
    public int agreeingCount() {
        return agreeing.cardinality();
    }

    /** Share of samples whose top class is the float model's. */
    public double agreement() {
        return samples == 0 ? 0 : (double) agreeingCount() / samples;
    }

    public double rmse() {
        return Math.sqrt(mse);
    }

    /** Samples that agree here and not in {@code other}, minus those that agree there and not here. */
    public int gainOver(ValidationScore other) {
        return only(agreeing, other.agreeing) - only(other.agreeing, agreeing);
    }

    /**
     * Strictly better than {@code current}, beyond what the sample alone could explain. For a classifier: of the
     * samples whose agreement differs, {@code gained} now agree and {@code lost} no longer do; better means
     * {@code gained - lost >= 2 sqrt(gained + lost)} and more than 0 (McNemar's test of paired outcomes, at about
     * the 95 % level), so a gain of one or two samples out of hundreds, which the rounding of a few values can
     * move either way, is not taken. For regression: a smaller MSE.
     */
    public boolean improvesOn(ValidationScore current) {
        if (!classifier) {
            return mse < current.mse;
        }
        int gained = only(agreeing, current.agreeing);
        int lost = only(current.agreeing, agreeing);
        return gained > lost && gained - lost >= 2 * Math.sqrt(gained + lost);
    }

    private static int only(BitSet a, BitSet b) {
        BitSet d = (BitSet) a.clone();
        d.andNot(b);
        return d.cardinality();
    }

    /** E.g. {@code agreement 0.9500, MSE 1.23e-03} or {@code RMSE 0.0123}. */
    @Override
    public String toString() {
        return classifier ? String.format(Locale.ROOT, "agreement %.4f, MSE %.3g", agreement(), mse)
                : String.format(Locale.ROOT, "RMSE %.4g", rmse());
    }
}
