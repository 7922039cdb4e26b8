package io.cmsisnn.pipeline;

import io.cmsisnn.ConfigurationException;
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
 *                        (parsed by {@link io.cmsisnn.data.DataLayout#parse}; null means auto)
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
     * @param roundingMode       s8/s16: {@code default} or {@code single} (kernels built with
     *                           {@code CMSIS_NN_USE_SINGLE_ROUNDING}); null means default
     * @param weightQuantization s8/s16: {@code per-channel} (one weight scale per output channel) or
     *                           {@code per-tensor}; null means per-channel
     */
    public record Quantization(String rangeMethod, double percentile, int calibrationSamples, boolean armMathDsp,
                               String roundingMode, String weightQuantization) {
        public static final Quantization DEFAULTS = new Quantization("minmax", 99.99, 0, false);

        /** Choices with the s8/s16 defaults: default rounding, per-channel weights. */
        public Quantization(String rangeMethod, double percentile, int calibrationSamples, boolean armMathDsp) {
            this(rangeMethod, percentile, calibrationSamples, armMathDsp, null, null);
        }

        /** The same choices for kernels built with or without {@code ARM_MATH_DSP}. */
        public Quantization withArmMathDsp(boolean dsp) {
            return new Quantization(rangeMethod, percentile, calibrationSamples, dsp, roundingMode, weightQuantization);
        }

        /** True for {@code roundingMode} single; fails naming the parameter for anything but default or single. */
        public boolean singleRounding() {
            String v = roundingMode == null ? "default" : roundingMode.trim().toLowerCase(Locale.ROOT);
            if (v.equals("default") || v.isEmpty()) {
                return false;
            }
            if (v.equals("single")) {
                return true;
            }
            throw new ConfigurationException("roundingMode '" + roundingMode + "' does not exist; set <roundingMode> (or "
                    + "-Dcmsis.roundingMode) to default or single (CMSIS-NN built with CMSIS_NN_USE_SINGLE_ROUNDING)");
        }

        /** True unless {@code weightQuantization} is per-tensor; fails naming the parameter for unknown values. */
        public boolean perChannelWeights() {
            String v = weightQuantization == null ? "per-channel" : weightQuantization.trim().toLowerCase(Locale.ROOT);
            if (v.equals("per-channel") || v.isEmpty()) {
                return true;
            }
            if (v.equals("per-tensor")) {
                return false;
            }
            throw new ConfigurationException("weightQuantization '" + weightQuantization + "' does not exist; set "
                    + "<weightQuantization> (or -Dcmsis.weightQuantization) to per-channel or per-tensor");
        }
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
