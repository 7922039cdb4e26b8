package io.cmsisnn.backend;

import java.util.Locale;

/**
 * How well a quantized network's outputs on the validation samples match the float model's.
 *
 * @param classifier whether the outputs are class scores: then {@code agreeing} must not drop
 * @param agreeing   samples whose emulated top class equals the float model's (0 for regression)
 * @param samples    validation samples scored
 * @param mse        mean squared difference from the float model over every value of the compared
 *                   tensor: the output, or for a network ending in softmax the softmax's input (the
 *                   legacy softmax is a base-2 approximation, so its outputs differ from float
 *                   softmax by more than any format change would)
 */
public record ValidationScore(boolean classifier, int agreeing, int samples, double mse) {

    /** Share of samples whose top class is the float model's. */
    public double agreement() {
        return samples == 0 ? 0 : (double) agreeing / samples;
    }

    public double rmse() {
        return Math.sqrt(mse);
    }

    /** For a classifier: at least as many samples agree as in {@code other}; always true for regression. */
    public boolean keepsAgreementOf(ValidationScore other) {
        return !classifier || agreeing >= other.agreeing;
    }

    /**
     * Not worse than {@code current} and strictly closer to the float model: agreement kept (classifiers) and a
     * smaller MSE. An equal MSE is not an improvement, so a change that moves nothing measurable is never kept.
     */
    public boolean improvesOn(ValidationScore current) {
        return keepsAgreementOf(current) && mse < current.mse;
    }

    /** E.g. {@code agreement 0.9500, MSE 1.23e-03} or {@code RMSE 0.0123}. */
    @Override
    public String toString() {
        return classifier ? String.format(Locale.ROOT, "agreement %.4f, MSE %.3g", agreement(), mse)
                : String.format(Locale.ROOT, "RMSE %.4g", rmse());
    }
}
