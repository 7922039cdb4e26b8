package io.cmsisnn.metrics;

import io.cmsisnn.report.VerificationReport;

/**
 * ST Edge AI's {@code validate} figures (acc, rmse, mae, l2r, cos) of candidate outputs against
 * reference outputs; see {@link VerificationReport.Agreement} for the definitions.
 */
public final class OutputAgreement {
    private OutputAgreement() {
    }

    /**
     * Every value of every sample counts once; {@code acc} compares each sample's arg-max, and only
     * for a classifier (a regression output's largest value is no class).
     */
    public static VerificationReport.Agreement of(float[][] reference, float[][] candidate, boolean classifier) {
        double squared = 0;
        double absolute = 0;
        double refNorm = 0;
        double candNorm = 0;
        double dot = 0;
        long values = 0;
        int agree = 0;
        boolean classes = false;
        for (int s = 0; s < reference.length; s++) {
            float[] r = reference[s];
            float[] x = candidate[s];
            classes |= r.length > 1;
            if (Metrics.argmax(r) == Metrics.argmax(x)) {
                agree++;
            }
            for (int i = 0; i < r.length; i++) {
                double d = (double) r[i] - x[i];
                squared += d * d;
                absolute += Math.abs(d);
                refNorm += (double) r[i] * r[i];
                candNorm += (double) x[i] * x[i];
                dot += (double) r[i] * x[i];
                values++;
            }
        }
        Double acc = classifier && classes && reference.length > 0 ? (double) agree / reference.length : null;
        double rmse = values == 0 ? 0 : Math.sqrt(squared / values);
        double mae = values == 0 ? 0 : absolute / values;
        Double l2r = refNorm == 0 ? null : Math.sqrt(squared) / Math.sqrt(refNorm);
        Double cos = refNorm == 0 || candNorm == 0 ? null : dot / (Math.sqrt(refNorm) * Math.sqrt(candNorm));
        return new VerificationReport.Agreement(acc, rmse, mae, l2r, cos);
    }
}
