package io.cmsisnn.pipeline;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What both goals need to know to build the network.
 *
 * @param model           the model file
 * @param scheme          the user's scheme value, parsed by {@link Scheme#parse}
 * @param networkName     C name of the network, or null to derive it from the model file name
 * @param calibrationData representative inputs for fixed-point schemes, or null
 * @param dataKey         array name in npz/HDF5 data files, or null
 * @param inputScale      model input = raw × inputScale + inputOffset
 * @param inputOffset     see inputScale
 * @param quantization    how fixed-point schemes are calibrated and built
 * @param dataLayout      order of the samples in data files: {@code auto}, {@code nchw} or {@code nhwc}
 *                        (parsed by {@link DataLayout#parse}; null means auto)
 */
public record ConversionSettings(Path model, String scheme, String networkName, Path calibrationData,
                                 String dataKey, double inputScale, double inputOffset, Quantization quantization,
                                 String dataLayout) {

    /**
     * Calibration and build choices of the fixed-point schemes.
     *
     * @param rangeMethod        {@code minmax}, {@code percentile} or {@code search}
     * @param percentile         the share of calibration values the range must cover, for {@code percentile}
     * @param calibrationSamples at most this many calibration samples (0: all)
     * @param armMathDsp         whether the kernels are built with {@code ARM_MATH_DSP} (Cortex-M4/M7/M33);
     *                           q7 pooling gives different results there, so the emulation must know
     */
    public record Quantization(String rangeMethod, double percentile, int calibrationSamples, boolean armMathDsp) {
        public static final Quantization DEFAULTS = new Quantization("minmax", 99.99, 0, false);
    }

    /** Settings whose data layout is decided from the model and the data (auto). */
    public ConversionSettings(Path model, String scheme, String networkName, Path calibrationData, String dataKey,
                              double inputScale, double inputOffset, Quantization quantization) {
        this(model, scheme, networkName, calibrationData, dataKey, inputScale, inputOffset, quantization, null);
    }

    /** Settings with the default quantization choices. */
    public ConversionSettings(Path model, String scheme, String networkName, Path calibrationData, String dataKey,
                              double inputScale, double inputOffset) {
        this(model, scheme, networkName, calibrationData, dataKey, inputScale, inputOffset, Quantization.DEFAULTS);
    }

    /** A C identifier: the given name, or the model file name lower-cased with other characters as '_'. */
    public String resolvedNetworkName() {
        String raw = networkName != null && !networkName.isBlank() ? networkName.trim() : stem(model);
        String id = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (id.isEmpty() || Character.isDigit(id.charAt(0))) {
            id = "net_" + id;
        }
        return id;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
