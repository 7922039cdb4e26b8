package io.cmsisnn.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.data.DataLayout;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Scheme;
import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.quant.WeightQuantization;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The goals as thin edges: every parameter reaches the core settings unchanged or, for a choice,
 * parsed into its enum (an unknown value fails the build with the parse method's message), what the
 * user can fix (a core error) fails the build with the core's message, anything else is an execution
 * error, and a skipped goal neither calls the core nor writes anything.
 */
class GoalParametersTest {
    @TempDir
    Path tmp;

    /** Log lines the goal wrote, level first. */
    private final List<String> logged = new ArrayList<>();

    private <M extends AbstractCmsisMojo> M configured(M mojo) {
        mojo.model = tmp.resolve("net.h5").toFile();
        mojo.scheme = "s16";
        mojo.networkName = "kws";
        mojo.outputDirectory = tmp.resolve("out").toFile();
        mojo.calibrationData = tmp.resolve("calib.npz").toFile();
        mojo.inputScale = 0.5;
        mojo.inputOffset = -3.0;
        mojo.dataKey = "x_train";
        mojo.dataLayout = "nchw";
        mojo.rangeMethod = "percentile";
        mojo.percentile = 99.5;
        mojo.calibrationSamples = 321;
        mojo.armMathDsp = true;
        mojo.roundingMode = "single";
        mojo.weightQuantization = "per-tensor";
        mojo.biasCorrection = false;
        mojo.equalization = false;
        mojo.accuracySamples = 77;
        mojo.accuracyTrials = 9;
        mojo.cacheDirectory = tmp.resolve("cache").toFile();
        mojo.useCache = true;
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                logged.add("info " + content);
            }

            @Override
            public void warn(CharSequence content) {
                logged.add("warn " + content);
            }
        });
        return mojo;
    }

    @Test
    void everySharedParameterReachesTheCoreSettings() {
        ConversionSettings s = configured(new GenerateMojo()).settings();
        assertThat(s.model()).isEqualTo(tmp.resolve("net.h5"));
        assertThat(s.scheme()).isEqualTo(Scheme.S16);
        assertThat(s.networkName()).isEqualTo("kws");
        assertThat(s.calibrationData()).isEqualTo(tmp.resolve("calib.npz"));
        assertThat(s.dataKey()).isEqualTo("x_train");
        assertThat(s.inputScale()).isEqualTo(0.5);
        assertThat(s.inputOffset()).isEqualTo(-3.0);
        assertThat(s.dataLayout()).isEqualTo(DataLayout.NCHW);
        ConversionSettings.Quantization q = s.quantization();
        assertThat(q.rangeMethod()).isEqualTo(RangeMethod.PERCENTILE);
        assertThat(q.percentile()).isEqualTo(99.5);
        assertThat(q.calibrationSamples()).isEqualTo(321);
        assertThat(q.armMathDsp()).isTrue();
        assertThat(q.roundingMode()).isEqualTo(RoundingMode.SINGLE);
        assertThat(q.weightQuantization()).isEqualTo(WeightQuantization.PER_TENSOR);
        assertThat(q.accuracySamples()).isEqualTo(77);
        assertThat(q.accuracyTrials()).isEqualTo(9);
        assertThat(q.biasCorrection()).isFalse();
        assertThat(q.equalization()).isFalse();
    }

    @Test
    void schemeAutoReachesTheCoreWithItsDropLabelsAndValidationSize() {
        GenerateMojo mojo = configured(new GenerateMojo());
        mojo.scheme = "Auto-Legacy";
        mojo.maxAccuracyDrop = 0.3;
        mojo.calibrationLabels = tmp.resolve("calib_y.npy").toFile();
        mojo.calibrationLabelKey = "y";
        mojo.validationSamples = 640;
        ConversionSettings s = mojo.settings();
        assertThat(s.auto()).isEqualTo(new io.cmsisnn.pipeline.AutoScheme(io.cmsisnn.pipeline.AutoScheme.Family.AUTO_LEGACY, 0.3,
                tmp.resolve("calib_y.npy"), "y", 640));
        mojo.scheme = "q15";
        assertThat(mojo.settings().auto()).isNull();
        assertThat(mojo.settings().scheme()).isEqualTo(Scheme.Q15);
    }

    @Test
    void everyVerifyParameterReachesTheVerificationSettings() throws Exception {
        VerifyMojo mojo = configured(new VerifyMojo());
        MavenProject project = new MavenProject(new Model());
        project.setFile(tmp.resolve("pom.xml").toFile());
        mojo.project = project;
        set(mojo, "testData", tmp.resolve("x.npy").toFile());
        set(mojo, "testLabels", tmp.resolve("y.npy").toFile());
        set(mojo, "labelKey", "y_test");
        set(mojo, "expectedOutputs", tmp.resolve("e.npy").toFile());
        set(mojo, "testSamples", 77);
        set(mojo, "randomSamples", 12);
        set(mojo, "maxAccuracyDrop", 0.25);
        set(mojo, "toolchain", "/opt/gcc/bin/arm-none-eabi-gcc");
        set(mojo, "target", "cortex-m55");
        set(mojo, "profile", true);
        set(mojo, "cmsisNnDirectory", tmp.resolve("CMSIS-NN").toFile());
        set(mojo, "reportDirectory", tmp.resolve("report").toFile());
        set(mojo, "workDirectory", tmp.resolve("work").toFile());
        io.cmsisnn.pipeline.VerificationSettings v = mojo.verification();
        assertThat(v.testData()).isEqualTo(tmp.resolve("x.npy"));
        assertThat(v.testLabels()).isEqualTo(tmp.resolve("y.npy"));
        assertThat(v.labelKey()).isEqualTo("y_test");
        assertThat(v.expectedOutputs()).isEqualTo(tmp.resolve("e.npy"));
        assertThat(v.testSamples()).isEqualTo(77);
        assertThat(v.randomSamples()).isEqualTo(12);
        assertThat(v.maxAccuracyDrop()).isEqualTo(0.25);
        assertThat(v.toolchain()).isEqualTo("/opt/gcc/bin/arm-none-eabi-gcc");
        assertThat(v.target().id()).isEqualTo("cortex-m55");
        assertThat(v.target().cortexM().qemuMachine()).isEqualTo("mps3-an547");
        assertThat(v.profile()).isTrue();
        assertThat(v.cmsisNnDirectory()).isEqualTo(tmp.resolve("CMSIS-NN"));
        assertThat(v.reportDirectory()).isEqualTo(tmp.resolve("report"));
        assertThat(v.workDirectory()).isEqualTo(tmp.resolve("work"));
        assertThat(v.generatedDirectory()).isEqualTo(tmp.resolve("out"));
        assertThat(v.baseDirectory()).isEqualTo(tmp);
    }

    /** The spellings the parameters' documentation gives, in other cases and with blanks, and the empty defaults. */
    @Test
    void choicesAreParsedIgnoringCaseAndBlanksAndEmptyMeansTheDefault() {
        GenerateMojo mojo = configured(new GenerateMojo());
        mojo.scheme = " Q15 ";
        mojo.dataLayout = "NHWC";
        mojo.rangeMethod = " Search";
        mojo.roundingMode = "SINGLE ";
        mojo.weightQuantization = "Per-Tensor";
        ConversionSettings s = mojo.settings();
        assertThat(s.scheme()).isEqualTo(Scheme.Q15);
        assertThat(s.dataLayout()).isEqualTo(DataLayout.NHWC);
        assertThat(s.quantization().rangeMethod()).isEqualTo(RangeMethod.SEARCH);
        assertThat(s.quantization().roundingMode()).isEqualTo(RoundingMode.SINGLE);
        assertThat(s.quantization().weightQuantization()).isEqualTo(WeightQuantization.PER_TENSOR);
        mojo.rangeMethod = "ENTROPY ";
        assertThat(mojo.settings().quantization().rangeMethod()).isEqualTo(RangeMethod.ENTROPY);
        mojo.dataLayout = null;
        mojo.roundingMode = "";
        mojo.weightQuantization = null;
        s = mojo.settings();
        assertThat(s.dataLayout()).isEqualTo(DataLayout.AUTO);
        assertThat(s.quantization().roundingMode()).isEqualTo(RoundingMode.DEFAULT);
        assertThat(s.quantization().weightQuantization()).isEqualTo(WeightQuantization.PER_CHANNEL);
    }

    /**
     * Each unknown choice fails generate as a build failure with the documented message naming the
     * parameter and its values, before the model (which does not exist here) is read.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "scheme|q9|scheme 'q9' does not exist; set <scheme> (or -Dcmsis.scheme) to one of f32, q7, q15, s8, s16, or auto / auto-legacy to let the plugin choose by accuracy and cost",
        "dataLayout|chw|dataLayout 'chw' is not one of auto, nchw, nhwc: use nchw for data stored channels first "
                + "([N, C, H, W], as PyTorch keeps it), nhwc for channels last ([N, H, W, C]), or auto to decide from the model",
        "rangeMethod|median|unknown range method 'median': use one of minmax, percentile, search, entropy, accuracy",
        "roundingMode|double|roundingMode 'double' does not exist; set <roundingMode> (or -Dcmsis.roundingMode) to default "
                + "or single (CMSIS-NN built with CMSIS_NN_USE_SINGLE_ROUNDING)",
        "weightQuantization|per-layer|weightQuantization 'per-layer' does not exist; set <weightQuantization> (or "
                + "-Dcmsis.weightQuantization) to per-channel or per-tensor"})
    void anUnknownChoiceFailsGenerateWithOneMessageNamingTheParameter(String parameter, String value, String message)
            throws Exception {
        GenerateMojo mojo = configured(new GenerateMojo());
        mojo.project = new MavenProject(new Model());
        set(mojo, parameter, value);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessage(message)
                .hasCauseInstanceOf(ConfigurationException.class);
        assertThat(mojo.outputDirectory).doesNotExist();
    }

    @Test
    void anUnknownTargetFailsVerifyBeforeTheModelOrAnUnknownSchemeIsLookedAt() throws Exception {
        VerifyMojo verify = configured(new VerifyMojo());
        verify.scheme = "q9";
        MavenProject project = new MavenProject(new Model());
        project.setFile(tmp.resolve("pom.xml").toFile());
        verify.project = project;
        set(verify, "toolchain", "gcc");
        set(verify, "target", "cortex-m33");
        set(verify, "reportDirectory", tmp.resolve("report").toFile());
        set(verify, "workDirectory", tmp.resolve("work").toFile());
        assertThatThrownBy(verify::execute).isInstanceOf(MojoFailureException.class)
                .hasMessage("unknown target 'cortex-m33': use one of cortex-m3, cortex-m4, cortex-m7, cortex-m55 (or host)")
                .hasCauseInstanceOf(ConfigurationException.class);
        assertThat(tmp.resolve("report")).doesNotExist();
        assertThat(tmp.resolve("work")).doesNotExist();
    }

    @Test
    void hostInAnyCaseIsTheHostTarget() throws Exception {
        VerifyMojo mojo = configured(new VerifyMojo());
        MavenProject project = new MavenProject(new Model());
        project.setFile(tmp.resolve("pom.xml").toFile());
        mojo.project = project;
        set(mojo, "reportDirectory", tmp.resolve("report").toFile());
        set(mojo, "workDirectory", tmp.resolve("work").toFile());
        set(mojo, "target", " Host ");
        assertThat(mojo.verification().target().isHost()).isTrue();
        assertThat(mojo.verification().target().id()).isEqualTo("host");
        set(mojo, "target", "CORTEX-M4");
        assertThat(mojo.verification().target().id()).isEqualTo("cortex-m4");
    }

    @Test
    void noCalibrationDataStaysNoneAndTheCacheCanBeSwitchedOff() {
        GenerateMojo mojo = configured(new GenerateMojo());
        mojo.calibrationData = null;
        mojo.useCache = false;
        assertThat(mojo.settings().calibrationData()).isNull();
        assertThat(mojo.cache()).isNull();
        mojo.useCache = true;
        assertThat(mojo.cache()).isNotNull();
    }

    @Test
    void aMissingModelFailsTheBuildWithTheCoresMessageAndWritesNothing() {
        GenerateMojo mojo = configured(new GenerateMojo());
        mojo.copyKernels = true;
        mojo.project = new MavenProject(new Model());
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining(tmp.resolve("net.h5").toString()).hasMessageContaining("model file not found");
        assertThat(mojo.outputDirectory).doesNotExist();
        assertThat(mojo.project.getCompileSourceRoots()).isEmpty();
    }

    @Test
    void anUnexpectedFailureIsAnExecutionErrorNamingThePlugin() {
        GenerateMojo mojo = configured(new GenerateMojo());
        assertThatThrownBy(() -> mojo.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(MojoExecutionException.class).hasMessageContaining("cmsis-maven-plugin failed")
                .hasMessageContaining("boom");
    }

    @Test
    void aSkippedGenerateCallsNothing() throws Exception {
        GenerateMojo mojo = configured(new GenerateMojo());
        mojo.skip = true; // the model does not exist: any core call would fail
        mojo.execute();
        assertThat(logged).containsExactly("info cmsis.skip is set: not generating");
        assertThat(mojo.outputDirectory).doesNotExist();
    }

    @Test
    void skipTestsSkipsVerifyAndSoDoesCmsisSkip() throws Exception {
        VerifyMojo verify = configured(new VerifyMojo());
        set(verify, "skipTests", true);
        verify.execute();
        VerifyMojo skipped = configured(new VerifyMojo());
        skipped.skip = true;
        skipped.execute();
        assertThat(logged).containsExactly("info skipTests is set: not verifying", "info cmsis.skip is set: not verifying");
    }

    @Test
    void verifyOfACorruptModelFailsTheBuildNamingTheFile() throws Exception {
        VerifyMojo verify = configured(new VerifyMojo());
        verify.scheme = "f32"; // needs no calibration data
        verify.calibrationData = null;
        Files.writeString(verify.model.toPath(), "not a model");
        MavenProject project = new MavenProject(new Model());
        project.setFile(tmp.resolve("pom.xml").toFile());
        verify.project = project;
        File missing = tmp.resolve("no-such-test.npy").toFile();
        set(verify, "testData", missing);
        set(verify, "randomSamples", 10);
        set(verify, "maxAccuracyDrop", 1.0);
        set(verify, "toolchain", "gcc");
        set(verify, "target", "host");
        set(verify, "reportDirectory", tmp.resolve("report").toFile());
        set(verify, "workDirectory", tmp.resolve("work").toFile());
        assertThatThrownBy(verify::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith(verify.model + ": not a readable Keras HDF5 file");
        assertThat(tmp.resolve("report")).doesNotExist();
    }

    /** Sets a parameter field of the goal or of the class it extends. */
    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Class<?> c = target.getClass();
        while (java.util.Arrays.stream(c.getDeclaredFields()).noneMatch(d -> d.getName().equals(field))) {
            c = c.getSuperclass();
        }
        Field f = c.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
