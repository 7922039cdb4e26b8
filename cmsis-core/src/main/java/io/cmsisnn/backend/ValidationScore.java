package io.cmsisnn.backend;

import java.util.Locale;

/**
 * How well a quantized network's outputs on the validation samples match the float model's.
 *
 * @param classifier whether the outputs are class scores: then {@code agreeing} counts first
 * @param agreeing   samples whose emulated top class equals the float model's (0 for regression)
 * @param samples    validation samples scored
 * @param mse        mean squared difference from the float outputs over every output value
 */
public record ValidationScore(boolean classifier, int agreeing, int samples, double mse) {

    /** Share of samples whose top class is the float model's. */
    public double agreement() {
        return samples == 0 ? 0 : (double) agreeing / samples;
    }

    public double rmse() {
        return Math.sqrt(mse);
    }

    /**
     * Strictly better than {@code other}: for a classifier more agreeing samples, or as many and a
     * smaller MSE; for regression a smaller MSE. Equal scores are not better, so that a format
     * change that changes nothing measurable is never kept.
     */
    public boolean betterThan(ValidationScore other) {
        if (classifier && agreeing != other.agreeing) {
            return agreeing > other.agreeing;
        }
        return mse < other.mse;
    }

    /** E.g. {@code agreement 0.9500 (MSE 1.23e-03)} or {@code RMSE 0.0123}. */
    @Override
    public String toString() {
        return classifier ? String.format(Locale.ROOT, "agreement %.4f (MSE %.3g)", agreement(), mse)
                : String.format(Locale.ROOT, "RMSE %.4g", rmse());
    }
}
