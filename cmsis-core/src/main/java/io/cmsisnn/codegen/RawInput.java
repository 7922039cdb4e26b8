package io.cmsisnn.codegen;

/**
 * How the build turned raw data (sensor values, pixels) into model input: input = raw × scale + offset.
 * The network header records it so firmware converts its raw readings exactly as calibration and
 * verification did.
 */
public record RawInput(double scale, double offset) {
    /** Data that already is the model's input. */
    public static final RawInput IDENTITY = new RawInput(1.0, 0.0);

    public RawInput {
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("inputScale and inputOffset must be finite numbers, got " + scale + " and " + offset);
        }
    }

    /** A C double constant that reads back as exactly {@code value} (Java's shortest round-trip form is valid C). */
    static String literal(double value) {
        return Double.toString(value);
    }
}
