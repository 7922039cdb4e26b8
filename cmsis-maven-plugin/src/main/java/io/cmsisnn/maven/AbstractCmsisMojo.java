package io.cmsisnn.maven;

import io.cmsisnn.CmsisException;
import io.cmsisnn.ConfigurationException;
import io.cmsisnn.cache.BuildCache;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.data.DataLayout;
import io.cmsisnn.pipeline.AutoScheme;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Scheme;
import io.cmsisnn.quant.LayerPrecision;
import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.quant.WeightQuantization;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** Parameters shared by every goal: which model, which scheme, how its input is scaled. */
abstract class AbstractCmsisMojo extends AbstractMojo {

    /** The trained network: a Keras {@code .h5}/{@code .keras} file or an {@code .onnx} file. */
    @Parameter(property = "cmsis.model", required = true)
    protected File model;

    /**
     * Number format of the generated network: {@code s8} (CMSIS-NN 4+: int8 affine activations, int8
     * per-channel weights, the TFLite scheme), {@code s16}, {@code q7}, {@code q15} (CMSIS 5's legacy
     * Q-formats) or {@code f32}. Every scheme but f32 needs {@link #calibrationData}. {@code auto}
     * (s8 or s16) and {@code auto-legacy} (q7 or q15) build each candidate, measure its drop on
     * calibration samples calibration did not use, and keep the cheapest within {@link #maxAccuracyDrop}.
     */
    @Parameter(property = "cmsis.scheme", defaultValue = "s8")
    protected String scheme;

    /**
     * Largest allowed drop of top-1 accuracy against the float model, in percentage points: {@code verify}
     * fails above it, and {@code scheme} auto chooses a candidate within it.
     */
    @Parameter(property = "cmsis.maxAccuracyDrop", defaultValue = "1.0")
    protected double maxAccuracyDrop = 1.0;

    /** {@code scheme} auto: class labels of {@link #calibrationData}, same order; without them the float model's top class is the label. */
    @Parameter(property = "cmsis.calibrationLabels")
    protected File calibrationLabels;

    /** Array name of {@link #calibrationLabels} in npz/HDF5 files. */
    @Parameter(property = "cmsis.calibrationLabelKey")
    protected String calibrationLabelKey;

    /** {@code scheme} auto: at most this many calibration-file samples (not used for calibration) to measure candidates on. */
    @Parameter(property = "cmsis.validationSamples", defaultValue = "2000")
    protected int validationSamples = AutoScheme.VALIDATION_SAMPLES;

    /** C name of the network and prefix of the generated files; defaults from the model file name. */
    @Parameter(property = "cmsis.networkName")
    protected String networkName;

    /** Where the generated C sources go. */
    @Parameter(property = "cmsis.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/cmsis")
    protected File outputDirectory;

    /** Representative input for calibrating the fixed-point schemes (unused by {@code f32}). */
    @Parameter(property = "cmsis.calibrationData")
    protected File calibrationData;

    /** Model input = raw value × inputScale + inputOffset, for data files and calibration alike. */
    @Parameter(property = "cmsis.inputScale", defaultValue = "1.0")
    protected double inputScale;

    /** See {@link #inputScale}. */
    @Parameter(property = "cmsis.inputOffset", defaultValue = "0.0")
    protected double inputOffset;

    /** Array name inside {@code .npz} or HDF5 data files (test data and calibration data). */
    @Parameter(property = "cmsis.dataKey")
    protected String dataKey;

    /**
     * Order of the values of each sample in data files (test data, calibration data, expected outputs):
     * {@code nhwc} (channels last, the generated network's order), {@code nchw} (channels first, as
     * PyTorch keeps it: rearranged to HWC), or {@code auto}: channels first when the model is ONNX and
     * the samples have exactly its input's shape (e.g. [N, 3, 32, 32]), channels last otherwise.
     */
    @Parameter(property = "cmsis.dataLayout", defaultValue = "auto")
    protected String dataLayout;

    /**
     * How q7/q15 formats are chosen from the calibration statistics: {@code minmax} (the largest
     * magnitude seen), {@code percentile} (the range that covers {@link #percentile} % of the values),
     * {@code search} (per tensor, the format with the least squared quantization error),
     * {@code entropy} (the clipping threshold with the least Kullback-Leibler divergence, as TensorRT
     * calibrates; 8-bit schemes only, q15 and s16 keep the min/max range) or, for q7/q15
     * only, {@code accuracy}: from the minmax formats, each tensor tries up to 3 fractional bits more
     * and fewer, keeping a change only when the emulated network's top-1 agreement with the float
     * model rises significantly (for regression: its RMSE falls) on {@link #accuracySamples}
     * samples of the calibration file that calibration did not use.
     */
    @Parameter(property = "cmsis.rangeMethod", defaultValue = "minmax")
    protected String rangeMethod;

    /** Share of calibration values (in %) the range must cover with {@code rangeMethod} percentile. */
    @Parameter(property = "cmsis.percentile", defaultValue = "99.99")
    protected double percentile;

    /**
     * {@code rangeMethod} accuracy: score the candidate formats on at most this many samples of
     * {@link #calibrationData}, taken evenly from those {@link #calibrationSamples} leaves out.
     */
    @Parameter(property = "cmsis.accuracySamples", defaultValue = "500")
    protected int accuracySamples;

    /**
     * {@code rangeMethod} accuracy: emulate at most this many candidate networks. A count, not a
     * time, so that the generated code is the same on every machine.
     */
    @Parameter(property = "cmsis.accuracyTrials", defaultValue = "120")
    protected int accuracyTrials;

    /**
     * Calibrate on at most this many samples of {@link #calibrationData}, spread evenly over the file
     * (0: all). On the shared models 1,000 gave top-1 within 0.07 points of calibrating on every
     * sample (README), at a small part of the time.
     */
    @Parameter(property = "cmsis.calibrationSamples", defaultValue = "1000")
    protected int calibrationSamples;

    /**
     * Whether the CMSIS-NN kernels are built with {@code ARM_MATH_DSP} (Cortex-M4, M7, M33 with DSP).
     * Some legacy q7 pooling results differ between the DSP and plain-C paths; the generator avoids
     * the differing cases where it can and the emulation follows this setting.
     */
    @Parameter(property = "cmsis.armMathDsp", defaultValue = "false")
    protected boolean armMathDsp;

    /**
     * s8/s16: how the kernels round, {@code default} or {@code single} ({@code CMSIS_NN_USE_SINGLE_ROUNDING},
     * to match a TFLM build with {@code TFLITE_SINGLE_ROUNDING}). The generated code stops with
     * {@code #error} when compiled in the other mode, and {@code verify} builds it in this one.
     */
    @Parameter(property = "cmsis.roundingMode", defaultValue = "default")
    protected String roundingMode;

    /** s8/s16: weight scales {@code per-channel} (one per output channel) or {@code per-tensor}. */
    @Parameter(property = "cmsis.weightQuantization", defaultValue = "per-channel")
    protected String weightQuantization;

    /**
     * Fixed-point schemes: equalize depthwise-separable and similar pairs before calibration (cross-layer
     * equalization), so that per-tensor formats fit every channel.
     */
    @Parameter(property = "cmsis.equalization", defaultValue = "true")
    protected boolean equalization = true;

    /**
     * Fixed-point schemes: correct each convolution, depthwise and dense layer's bias for the mean error
     * quantization adds to its output channels, measured on (up to 512 of) the calibration samples.
     */
    @Parameter(property = "cmsis.biasCorrection", defaultValue = "true")
    protected boolean biasCorrection = true;

    /**
     * s8 only: layers run at another word size, by name as the report lists them; {@code s16} runs a
     * layer as 16x8 (int16 activations, int8 weights, the {@code _s16} kernels), with generated
     * requantize loops where the word size changes:
     * {@code <layerPrecision><layer><name>conv2d_2</name><precision>s16</precision></layer></layerPrecision>},
     * or as one value of {@code name=precision} items, {@code -Dcmsis.layerPrecision=conv2d_2=s16,dense=s16}.
     */
    @Parameter(property = "cmsis.layerPrecision")
    protected List<Layer> layerPrecision;

    /**
     * Where calibration statistics, file fingerprints and the last results are kept between builds,
     * so that a build with nothing changed is up to date in moments. Deleting it only costs time.
     */
    @Parameter(property = "cmsis.cacheDirectory", defaultValue = "${project.build.directory}/cmsis-cache")
    protected File cacheDirectory;

    /** Set to false to redo all work (calibration, generation, verification) on every build. */
    @Parameter(property = "cmsis.useCache", defaultValue = "true")
    protected boolean useCache;

    /** Skips the goal. */
    @Parameter(property = "cmsis.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    protected MojoExecution mojoExecution;

    @Parameter(defaultValue = "${session}", readonly = true)
    protected MavenSession session;

    /**
     * The shared parameters for the core, each choice parsed here and nowhere else; an unknown value
     * fails with a {@link io.cmsisnn.ConfigurationException} naming the parameter and its valid values.
     */
    protected ConversionSettings settings() {
        AutoScheme.Family family = AutoScheme.Family.of(scheme);
        return ConversionSettings.builder(model.toPath())
                .scheme(family == null ? Scheme.parse(scheme) : family.schemes().get(0))
                .auto(family == null ? null : new AutoScheme(family, maxAccuracyDrop,
                        calibrationLabels == null ? null : calibrationLabels.toPath(), calibrationLabelKey, validationSamples))
                .networkName(networkName)
                .calibrationData(calibrationData == null ? null : calibrationData.toPath())
                .dataKey(dataKey)
                .inputScale(inputScale)
                .inputOffset(inputOffset)
                .dataLayout(DataLayout.parse(dataLayout))
                .rangeMethod(RangeMethod.parse(rangeMethod))
                .percentile(percentile)
                .calibrationSamples(calibrationSamples)
                .armMathDsp(armMathDsp)
                .roundingMode(RoundingMode.parse(roundingMode))
                .weightQuantization(WeightQuantization.parse(weightQuantization))
                .equalization(equalization)
                .biasCorrection(biasCorrection)
                .layerPrecision(layerPrecisions())
                .accuracySamples(accuracySamples)
                .accuracyTrials(accuracyTrials)
                .build();
    }

    /** {@link #layerPrecision} by layer name; a layer without a name or named twice fails. */
    private Map<String, LayerPrecision> layerPrecisions() {
        Map<String, LayerPrecision> out = new LinkedHashMap<>();
        if (layerPrecision == null) {
            return out;
        }
        for (Layer l : layerPrecision) {
            if (l == null || l.name == null || l.name.isBlank()) {
                throw new ConfigurationException("each <layer> of <layerPrecision> needs a <name> and a <precision>, e.g. "
                        + "<layer><name>conv2d_2</name><precision>s16</precision></layer> (Maven reads no name=\"...\" attribute), "
                        + "or as one value of name=precision items, e.g. -Dcmsis.layerPrecision=conv2d_2=s16,dense=s16");
            }
            String name = l.name.trim();
            if (out.put(name, LayerPrecision.parse(name, l.precision)) != null) {
                throw new ConfigurationException("<layerPrecision> names layer '" + name + "' twice: keep one <layer> per name");
            }
        }
        return out;
    }

    /** The build cache, or null when {@link #useCache} is off. */
    protected BuildCache cache() {
        return useCache ? new BuildCache(cacheDirectory.toPath()) : null;
    }

    protected BuildLog buildLog() {
        return new BuildLog() {
            @Override
            public void info(String message) {
                getLog().info(message);
            }

            @Override
            public void warn(String message) {
                getLog().warn(message);
            }
        };
    }

    /**
     * Warns of {@code -Dcmsis.*} properties the pom overrides, then runs the core call, turning what
     * the user can fix into a build failure and anything else into an execution error.
     */
    protected void run(CoreCall call) throws MojoFailureException, MojoExecutionException {
        if (session != null) {
            PropertyOverrides.warnings(mojoExecution, session.getUserProperties()).forEach(w -> getLog().warn("cmsis: " + w));
        }
        try {
            call.run();
        } catch (CmsisException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("cmsis-maven-plugin failed: " + e, e);
        }
    }

    @FunctionalInterface
    protected interface CoreCall {
        void run();
    }
}
