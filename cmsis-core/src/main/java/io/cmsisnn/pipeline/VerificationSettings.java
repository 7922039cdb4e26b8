package io.cmsisnn.pipeline;

import io.cmsisnn.toolchain.Target;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code verify} runs and how it judges the result; build one with {@link #builder()}.
 *
 * @param testData           test inputs, or null to run {@code randomSamples} random inputs
 * @param testLabels         class labels, or null
 * @param labelKey           array name of the labels in npz/HDF5 files, or null
 * @param expectedOutputs    reference float outputs (regression models), or null
 * @param testSamples        only the first n samples, or null for all
 * @param randomSamples      random inputs when there is no test data
 * @param maxAccuracyDrop    allowed top-1 drop against float, in percentage points
 * @param toolchain          the compiler driver: {@code gcc}, another on the PATH, or a path to one (a
 *                           free name, so a string)
 * @param target             the host or a Cortex-M CPU
 * @param cmsisNnDirectory   an upstream CMSIS-NN checkout, or null for the bundled kernels
 * @param workDirectory      scratch space for sources, binaries and data files
 * @param reportDirectory    where the reports go
 * @param generatedDirectory where {@code generate} wrote the network, or null
 * @param profile            on a Cortex-M target, count the instructions of each layer (ignored, with a
 *                           warning, on the host)
 * @param baseDirectory      the project's base directory: the report names files relative to it; null
 *                           names them as given
 */
public record VerificationSettings(Path testData, Path testLabels, String labelKey, Path expectedOutputs,
                                   Integer testSamples, int randomSamples, double maxAccuracyDrop,
                                   String toolchain, Target target, Path cmsisNnDirectory,
                                   Path workDirectory, Path reportDirectory, Path generatedDirectory, boolean profile,
                                   Path baseDirectory) {

    public VerificationSettings {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(reportDirectory, "reportDirectory");
    }

    /**
     * Settings with the goal's defaults: no test data (100 random inputs), top-1 may drop 1 point,
     * {@code gcc} on the host, the bundled kernels, no profiling, files named as given. The work and
     * report directories have no default.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings one choice at a time. */
    public static final class Builder {
        private Path testData;
        private Path testLabels;
        private String labelKey;
        private Path expectedOutputs;
        private Integer testSamples;
        private int randomSamples = 100;
        private double maxAccuracyDrop = 1.0;
        private String toolchain = "gcc";
        private Target target = Target.HOST;
        private Path cmsisNnDirectory;
        private Path workDirectory;
        private Path reportDirectory;
        private Path generatedDirectory;
        private boolean profile;
        private Path baseDirectory;

        private Builder() {
        }

        public Builder testData(Path testData) {
            this.testData = testData;
            return this;
        }

        public Builder testLabels(Path testLabels) {
            this.testLabels = testLabels;
            return this;
        }

        public Builder labelKey(String labelKey) {
            this.labelKey = labelKey;
            return this;
        }

        public Builder expectedOutputs(Path expectedOutputs) {
            this.expectedOutputs = expectedOutputs;
            return this;
        }

        public Builder testSamples(Integer testSamples) {
            this.testSamples = testSamples;
            return this;
        }

        public Builder randomSamples(int randomSamples) {
            this.randomSamples = randomSamples;
            return this;
        }

        public Builder maxAccuracyDrop(double maxAccuracyDrop) {
            this.maxAccuracyDrop = maxAccuracyDrop;
            return this;
        }

        public Builder toolchain(String toolchain) {
            this.toolchain = toolchain;
            return this;
        }

        public Builder target(Target target) {
            this.target = target;
            return this;
        }

        public Builder cmsisNnDirectory(Path cmsisNnDirectory) {
            this.cmsisNnDirectory = cmsisNnDirectory;
            return this;
        }

        public Builder workDirectory(Path workDirectory) {
            this.workDirectory = workDirectory;
            return this;
        }

        public Builder reportDirectory(Path reportDirectory) {
            this.reportDirectory = reportDirectory;
            return this;
        }

        public Builder generatedDirectory(Path generatedDirectory) {
            this.generatedDirectory = generatedDirectory;
            return this;
        }

        public Builder profile(boolean profile) {
            this.profile = profile;
            return this;
        }

        public Builder baseDirectory(Path baseDirectory) {
            this.baseDirectory = baseDirectory;
            return this;
        }

        public VerificationSettings build() {
            return new VerificationSettings(testData, testLabels, labelKey, expectedOutputs, testSamples, randomSamples,
                    maxAccuracyDrop, toolchain, target, cmsisNnDirectory, workDirectory, reportDirectory, generatedDirectory,
                    profile, baseDirectory);
        }
    }
}
