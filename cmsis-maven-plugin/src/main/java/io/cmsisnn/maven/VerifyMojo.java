package io.cmsisnn.maven;

import io.cmsisnn.pipeline.VerificationSettings;
import io.cmsisnn.pipeline.Verifier;
import io.cmsisnn.toolchain.Target;
import java.io.File;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles the generated network with a test harness, runs the test set through it and fails the
 * build when it is less accurate than the float model allows or differs from the Java emulation.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractCmsisMojo {

    /** Test inputs: {@code .npy}, {@code .npz}, IDX ({@code .gz} too), {@code .csv} or HDF5. Without it, random inputs check C against Java only. */
    @Parameter(property = "cmsis.testData")
    private File testData;

    /** Integer class labels (or one-hot rows) for {@link #testData}. */
    @Parameter(property = "cmsis.testLabels")
    private File testLabels;

    /** Array name of the labels inside {@code .npz} or HDF5 files. */
    @Parameter(property = "cmsis.labelKey")
    private String labelKey;

    /** Expected float outputs for regression models (autoencoders): reported as RMSE of the float model. */
    @Parameter(property = "cmsis.expectedOutputs")
    private File expectedOutputs;

    /** Use only the first n test samples (all by default). */
    @Parameter(property = "cmsis.testSamples")
    private Integer testSamples;

    /** Random inputs to run when no test data is given. */
    @Parameter(property = "cmsis.randomSamples", defaultValue = "100")
    private int randomSamples;

    /** Compiler driver: {@code gcc} (for a Cortex-M {@code target}: {@code arm-none-eabi-gcc}), or a path to another. */
    @Parameter(property = "cmsis.toolchain", defaultValue = "gcc")
    private String toolchain;

    /**
     * {@code host}, or a Cortex-M CPU run under {@code qemu-system-arm}: {@code cortex-m3} (mps2-an385),
     * {@code cortex-m4} (mps2-an386), {@code cortex-m7} (mps2-an500), {@code cortex-m55} (mps3-an547).
     */
    @Parameter(property = "cmsis.target", defaultValue = "host")
    private String target;

    /**
     * On a Cortex-M {@code target}: also count the instructions of each layer (between the
     * {@code CMSIS_NN_PROFILE_LAYER} marks of the generated code); the report then gives each layer's
     * instructions per inference and MACs per instruction. Ignored, with a warning, on the host.
     */
    @Parameter(property = "cmsis.profile", defaultValue = "false")
    private boolean profile;

    /** An upstream CMSIS-NN tree (for q7/q15: CMSIS 5.9's CMSIS/NN in a whole CMSIS_5 checkout) to build against instead of the bundled kernels. */
    @Parameter(property = "cmsis.cmsisNnDirectory")
    private File cmsisNnDirectory;

    /** Where report.json, report.md and report.html go. */
    @Parameter(property = "cmsis.reportDirectory", defaultValue = "${project.build.directory}/cmsis-report")
    private File reportDirectory;

    @Parameter(defaultValue = "${project.build.directory}/cmsis-verify", readonly = true)
    private File workDirectory;

    /** Verification runs tests, so it honours the usual switch. */
    @Parameter(property = "skipTests", defaultValue = "false")
    private boolean skipTests;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipTests) {
            getLog().info((skip ? "cmsis.skip" : "skipTests") + " is set: not verifying");
            return;
        }
        run(() -> {
            // target first: an unknown one fails before anything else is looked at
            VerificationSettings verification = verification();
            new Verifier(buildLog(), cache()).verify(settings(), verification);
        });
    }

    /** The verify parameters for the core, {@link #target} parsed here. */
    VerificationSettings verification() {
        return VerificationSettings.builder()
                .testData(path(testData))
                .testLabels(path(testLabels))
                .labelKey(labelKey)
                .expectedOutputs(path(expectedOutputs))
                .testSamples(testSamples)
                .randomSamples(randomSamples)
                .maxAccuracyDrop(maxAccuracyDrop)
                .toolchain(toolchain)
                .target(Target.parse(target))
                .cmsisNnDirectory(path(cmsisNnDirectory))
                .workDirectory(workDirectory.toPath())
                .reportDirectory(reportDirectory.toPath())
                .generatedDirectory(outputDirectory.toPath())
                .profile(profile)
                .baseDirectory(project.getBasedir().toPath())
                .build();
    }

    private static java.nio.file.Path path(File f) {
        return f == null ? null : f.toPath();
    }
}
