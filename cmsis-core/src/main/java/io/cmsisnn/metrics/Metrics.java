package io.cmsisnn.metrics;

/** Accuracy and error figures over a set of outputs. */
public final class Metrics {
    private Metrics() {
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Fraction of samples whose largest output is the label. */
    public static double top1(float[][] outputs, int[] labels) {
        int correct = 0;
        for (int i = 0; i < outputs.length; i++) {
            if (argmax(outputs[i]) == labels[i]) {
                correct++;
            }
        }
        return (double) correct / outputs.length;
    }

    /** Root mean square difference over every element of every sample. */
    public static double rmse(float[][] a, float[][] b) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                double d = (double) a[i][j] - b[i][j];
                sum += d * d;
                count++;
            }
        }
        return count == 0 ? 0 : Math.sqrt(sum / count);
    }

    /** Signal-to-noise ratio of {@code actual} against {@code reference} in dB; null when identical. */
    static Double snrDb(double signalEnergy, double noiseEnergy) {
        if (noiseEnergy == 0) {
            return null;
        }
        if (signalEnergy == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return 10 * Math.log10(signalEnergy / noiseEnergy);
    }
}
