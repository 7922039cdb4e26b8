package io.cmsisnn.pipeline;

import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.data.DataLayout;
import io.cmsisnn.ConfigurationException;
import io.cmsisnn.quant.LayerPrecision;
import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.quant.WeightQuantization;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Objects;

/**
 * What both goals need to know to build the network. The choices arrive parsed (the goals parse
 * the user's strings once, at the edge); build one with {@link #builder(Path)}.
 *
 * @param model           the model file
 * @param scheme          the number format of the generated network
 * @param networkName     C name of the network, or null to derive it from the model file name
 * @param calibrationData representative inputs for fixed-point schemes, or null
 * @param dataKey         array name in npz/HDF5 data files, or null
 * @param inputScale      model input = raw × inputScale + inputOffset
 * @param inputOffset     see inputScale
 * @param quantization    how fixed-point schemes are calibrated and built
 * @param dataLayout      order of the samples in data files
 * @param auto            {@code scheme} auto or auto-legacy: choose among candidates ({@code scheme} is then
 *                        ignored); null for the one {@code scheme}
 */
public record ConversionSettings(Path model, Scheme scheme, String networkName, Path calibrationData,
                                 String dataKey, double inputScale, double inputOffset, Quantization quantization,
                                 DataLayout dataLayout, AutoScheme auto) {

    /** Settings for one fixed scheme. */
    public ConversionSettings(Path model, Scheme scheme, String networkName, Path calibrationData, String dataKey, double inputScale,
                              double inputOffset, Quantization quantization, DataLayout dataLayout) {
        this(model, scheme, networkName, calibrationData, dataKey, inputScale, inputOffset, quantization, dataLayout, null);
    }

    public ConversionSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(quantization, "quantization");
        Objects.requireNonNull(dataLayout, "dataLayout");
        if (!quantization.layerPrecision().isEmpty() && scheme != Scheme.S8) {
            throw new ConfigurationException("layerPrecision (for layers " + String.join(", ", quantization.layerPrecision().keySet())
                    + ") widens layers of an s8 network to s16, but the scheme is " + scheme.id() + ": set <scheme>s8</scheme>, "
                    + "or remove <layerPrecision>");
        }
    }

    /**
     * Calibration and build choices of the fixed-point schemes.
     *
     * @param rangeMethod        how q7/q15 formats (and s8/s16 ranges) follow from the calibration statistics
     * @param percentile         the share of calibration values the range must cover, for {@code percentile}
     * @param calibrationSamples at most this many calibration samples (0: all)
     * @param armMathDsp         whether the kernels are built with {@code ARM_MATH_DSP} (Cortex-M4/M7/M33);
     *                           q7 pooling gives different results there, so the emulation must know
     * @param roundingMode       s8/s16: how the kernels round
     * @param weightQuantization s8/s16: one weight scale per output channel or per tensor
     * @param layerPrecision     s8 only: layers (by name) run at another word size than the network's, in name order;
     *                           {@code s16} widens a layer to 16x8
     * @param equalization       whether depthwise-separable and similar pairs are equalized before calibration
     *                           ({@code io.cmsisnn.passes.CrossLayerEqualization})
     * @param biasCorrection     whether each layer's bias is corrected for the mean error quantization adds to its output
     *                           channels, measured on the calibration samples ({@code io.cmsisnn.backend.BiasCorrection})
     * @param accuracySamples    {@code rangeMethod accuracy}: at most this many samples of the calibration file, of those
     *                           the statistics did not use, score the candidate formats
     * @param accuracyTrials     {@code rangeMethod accuracy}: at most this many candidate networks are emulated
     */
    public record Quantization(RangeMethod rangeMethod, double percentile, int calibrationSamples, boolean armMathDsp,
                               RoundingMode roundingMode, WeightQuantization weightQuantization,
                               Map<String, LayerPrecision> layerPrecision, boolean equalization, boolean biasCorrection,
                               int accuracySamples,
                               int accuracyTrials) {
        /** Default {@link #accuracySamples()}: agreement in steps of 0.2 points, under a second per trial on the shared CNNs. */
        public static final int DEFAULT_ACCURACY_SAMPLES = 500;
        /** Default {@link #accuracyTrials()}: six candidates for each of 20 tensors. */
        public static final int DEFAULT_ACCURACY_TRIALS = 120;
        /**
         * minmax, 99.99 %, every sample, no DSP, default rounding, per-channel weights, every layer at the scheme's word size,
         * equalization, bias correction, the accuracy search's defaults.
         */
        public static final Quantization DEFAULTS = new Quantization(RangeMethod.MINMAX, 99.99, 0, false, RoundingMode.DEFAULT,
                WeightQuantization.PER_CHANNEL, Map.of(), true, true, DEFAULT_ACCURACY_SAMPLES, DEFAULT_ACCURACY_TRIALS);

        public Quantization {
            Objects.requireNonNull(rangeMethod, "rangeMethod");
            Objects.requireNonNull(roundingMode, "roundingMode");
            Objects.requireNonNull(weightQuantization, "weightQuantization");
            layerPrecision = Collections.unmodifiableMap(new TreeMap<>(layerPrecision));
        }

        /** Every layer at the scheme's word size, equalized, biases corrected. */
        public Quantization(RangeMethod rangeMethod, double percentile, int calibrationSamples, boolean armMathDsp,
                            RoundingMode roundingMode, WeightQuantization weightQuantization) {
            this(rangeMethod, percentile, calibrationSamples, armMathDsp, roundingMode, weightQuantization, Map.of(), true, true,
                    DEFAULT_ACCURACY_SAMPLES, DEFAULT_ACCURACY_TRIALS);
        }

        /** The layers to run as 16x8. */
        public Set<String> widenedLayers() {
            Set<String> out = new TreeSet<>();
            layerPrecision.forEach((layer, p) -> {
                if (p == LayerPrecision.S16) {
                    out.add(layer);
                }
            });
            return out;
        }

        /** Whether the multipliers are derived for, and the kernels built with, {@code CMSIS_NN_USE_SINGLE_ROUNDING}. */
        public boolean singleRounding() {
            return roundingMode == RoundingMode.SINGLE;
        }

        /** Whether each output channel has its own weight scale. */
        public boolean perChannelWeights() {
            return weightQuantization == WeightQuantization.PER_CHANNEL;
        }

        /** The same choices for kernels built with or without {@code ARM_MATH_DSP}. */
        public Quantization withArmMathDsp(boolean dsp) {
            return new Quantization(rangeMethod, percentile, calibrationSamples, dsp, roundingMode, weightQuantization, layerPrecision,
                    equalization, biasCorrection, accuracySamples, accuracyTrials);
        }
    }

    /**
     * Settings for {@code model} with the defaults: scheme s8 (the goals' default), no network name,
     * no calibration data, no data key, input scale 1 and offset 0, {@link Quantization#DEFAULTS}, data layout auto.
     */
    public static Builder builder(Path model) {
        return new Builder(model);
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(model).scheme(scheme).networkName(networkName).calibrationData(calibrationData).dataKey(dataKey)
                .inputScale(inputScale).inputOffset(inputOffset).quantization(quantization).dataLayout(dataLayout).auto(auto);
    }

    /** The same settings for the one scheme {@code chosen} (no search). */
    public ConversionSettings withScheme(Scheme chosen) {
        return toBuilder().scheme(chosen).auto(null).build();
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

    /** Settings one choice at a time; the quantization choices may be set one by one or as a whole. */
    public static final class Builder {
        private final Path model;
        private Scheme scheme = Scheme.S8;
        private String networkName;
        private Path calibrationData;
        private String dataKey;
        private double inputScale = 1.0;
        private double inputOffset = 0.0;
        private DataLayout dataLayout = DataLayout.AUTO;
        private AutoScheme auto;
        private RangeMethod rangeMethod;
        private double percentile;
        private int calibrationSamples;
        private boolean armMathDsp;
        private RoundingMode roundingMode;
        private WeightQuantization weightQuantization;
        private Map<String, LayerPrecision> layerPrecision;
        private boolean equalization;
        private boolean biasCorrection;
        private int accuracySamples;
        private int accuracyTrials;

        private Builder(Path model) {
            this.model = model;
            quantization(Quantization.DEFAULTS);
        }

        public Builder scheme(Scheme scheme) {
            this.scheme = scheme;
            return this;
        }

        public Builder networkName(String networkName) {
            this.networkName = networkName;
            return this;
        }

        public Builder calibrationData(Path calibrationData) {
            this.calibrationData = calibrationData;
            return this;
        }

        public Builder dataKey(String dataKey) {
            this.dataKey = dataKey;
            return this;
        }

        public Builder inputScale(double inputScale) {
            this.inputScale = inputScale;
            return this;
        }

        public Builder inputOffset(double inputOffset) {
            this.inputOffset = inputOffset;
            return this;
        }

        public Builder dataLayout(DataLayout dataLayout) {
            this.dataLayout = dataLayout;
            return this;
        }

        /** Choose the scheme among {@code auto}'s family (null: use {@link #scheme(Scheme)}). */
        public Builder auto(AutoScheme auto) {
            this.auto = auto;
            return this;
        }

        /** Every quantization choice at once. */
        public Builder quantization(Quantization q) {
            return rangeMethod(q.rangeMethod()).percentile(q.percentile()).calibrationSamples(q.calibrationSamples())
                    .armMathDsp(q.armMathDsp()).roundingMode(q.roundingMode()).weightQuantization(q.weightQuantization())
                    .layerPrecision(q.layerPrecision()).equalization(q.equalization()).biasCorrection(q.biasCorrection())
                    .accuracySamples(q.accuracySamples()).accuracyTrials(q.accuracyTrials());
        }

        public Builder rangeMethod(RangeMethod rangeMethod) {
            this.rangeMethod = rangeMethod;
            return this;
        }

        public Builder percentile(double percentile) {
            this.percentile = percentile;
            return this;
        }

        public Builder calibrationSamples(int calibrationSamples) {
            this.calibrationSamples = calibrationSamples;
            return this;
        }

        public Builder armMathDsp(boolean armMathDsp) {
            this.armMathDsp = armMathDsp;
            return this;
        }

        public Builder roundingMode(RoundingMode roundingMode) {
            this.roundingMode = roundingMode;
            return this;
        }

        public Builder weightQuantization(WeightQuantization weightQuantization) {
            this.weightQuantization = weightQuantization;
            return this;
        }

        public Builder accuracySamples(int accuracySamples) {
            this.accuracySamples = accuracySamples;
            return this;
        }

        public Builder accuracyTrials(int accuracyTrials) {
            this.accuracyTrials = accuracyTrials;
            return this;
        }

        public Builder equalization(boolean equalization) {
            this.equalization = equalization;
            return this;
        }

        public Builder biasCorrection(boolean biasCorrection) {
            this.biasCorrection = biasCorrection;
            return this;
        }

        /** s8 only: layer name to its word size ({@code s16} widens it). */
        public Builder layerPrecision(Map<String, LayerPrecision> layerPrecision) {
            this.layerPrecision = Map.copyOf(layerPrecision);
            return this;
        }

        public ConversionSettings build() {
            return new ConversionSettings(model, scheme, networkName, calibrationData, dataKey, inputScale, inputOffset,
                    new Quantization(rangeMethod, percentile, calibrationSamples, armMathDsp, roundingMode, weightQuantization,
                            layerPrecision, equalization, biasCorrection, accuracySamples, accuracyTrials),
                    dataLayout, auto);
        }
    }
}
