package io.cmsisnn.pipeline;

import io.cmsisnn.ConfigurationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code scheme} {@code auto} or {@code auto-legacy}: the plugin builds each candidate of a family,
 * measures its top-1 drop on held-apart calibration samples and keeps the cheapest that meets
 * {@code maxAccuracyDrop} (see {@link SchemeSearch}).
 *
 * @param family            which schemes are candidates
 * @param maxAccuracyDrop   allowed top-1 drop against float on the validation samples, in points
 * @param labels            class labels of the calibration data (same order), or null: then the float
 *                          model's own top class is the label, so every disagreement counts as a loss
 * @param labelKey          array name of the labels in npz/HDF5 files, or null
 * @param validationSamples at most this many calibration-file samples the statistics did not use
 */
public record AutoScheme(Family family, double maxAccuracyDrop, Path labels, String labelKey, int validationSamples) {
    /** Default of {@code validationSamples}. */
    public static final int VALIDATION_SAMPLES = 2000;

    public AutoScheme {
        Objects.requireNonNull(family, "family");
        if (!(maxAccuracyDrop >= 0) || Double.isInfinite(maxAccuracyDrop)) {
            throw new ConfigurationException("maxAccuracyDrop must be a finite number of points >= 0 for scheme " + family.id()
                    + ", got " + maxAccuracyDrop);
        }
        if (validationSamples <= 0) {
            throw new ConfigurationException("validationSamples must be positive for scheme " + family.id() + ", got "
                    + validationSamples);
        }
    }

    /** The candidate families and their schemes, cheapest activation word first. */
    public enum Family {
        /** CMSIS-NN 4+: s8 per channel, then s16. */
        AUTO("auto", List.of(Scheme.S8, Scheme.S16)),
        /** CMSIS 5's legacy API: q7, then q15. */
        AUTO_LEGACY("auto-legacy", List.of(Scheme.Q7, Scheme.Q15));

        private final String id;
        private final List<Scheme> schemes;

        Family(String id, List<Scheme> schemes) {
            this.id = id;
            this.schemes = schemes;
        }

        public String id() {
            return id;
        }

        public List<Scheme> schemes() {
            return schemes;
        }

        /** The family a {@code scheme} value names, or null when it names a single scheme (or nothing). */
        public static Family of(String scheme) {
            String v = scheme == null ? "" : scheme.trim().toLowerCase(Locale.ROOT);
            for (Family f : values()) {
                if (f.id.equals(v)) {
                    return f;
                }
            }
            return null;
        }
    }
}
