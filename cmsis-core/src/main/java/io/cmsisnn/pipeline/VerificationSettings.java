package io.cmsisnn.pipeline;

import java.nio.file.Path;

/**
 * What {@code verify} runs and how it judges the result.
 *
 * @param testData           test inputs, or null to run {@code randomSamples} random inputs
 * @param testLabels         class labels, or null
 * @param labelKey           array name of the labels in npz/HDF5 files, or null
 * @param expectedOutputs    reference float outputs (regression models), or null
 * @param testSamples        only the first n samples, or null for all
 * @param randomSamples      random inputs when there is no test data
 * @param maxAccuracyDrop    allowed top-1 drop against float, in percentage points
 * @param toolchain          {@code gcc}
 * @param target             {@code host}
 * @param cmsisNnDirectory   an upstream CMSIS-NN checkout, or null for the bundled kernels
 * @param workDirectory      scratch space for sources, binaries and data files
 * @param reportDirectory    where the reports go
 * @param generatedDirectory where {@code generate} wrote the network
 * @param profile            on a Cortex-M target, count the instructions of each layer (ignored, with a
 *                           warning, on the host)
 * @param baseDirectory      the project's base directory: the report names files relative to it; null
 *                           names them as given
 */
public record VerificationSettings(Path testData, Path testLabels, String labelKey, Path expectedOutputs,
                                   Integer testSamples, int randomSamples, double maxAccuracyDrop,
                                   String toolchain, String target, Path cmsisNnDirectory,
                                   Path workDirectory, Path reportDirectory, Path generatedDirectory, boolean profile,
                                   Path baseDirectory) {

    /** Settings whose report names files as given. */
    public VerificationSettings(Path testData, Path testLabels, String labelKey, Path expectedOutputs,
                                Integer testSamples, int randomSamples, double maxAccuracyDrop,
                                String toolchain, String target, Path cmsisNnDirectory,
                                Path workDirectory, Path reportDirectory, Path generatedDirectory, boolean profile) {
        this(testData, testLabels, labelKey, expectedOutputs, testSamples, randomSamples, maxAccuracyDrop, toolchain, target,
                cmsisNnDirectory, workDirectory, reportDirectory, generatedDirectory, profile, null);
    }

    /** Settings without per-layer profiling. */
    public VerificationSettings(Path testData, Path testLabels, String labelKey, Path expectedOutputs,
                                Integer testSamples, int randomSamples, double maxAccuracyDrop,
                                String toolchain, String target, Path cmsisNnDirectory,
                                Path workDirectory, Path reportDirectory, Path generatedDirectory) {
        this(testData, testLabels, labelKey, expectedOutputs, testSamples, randomSamples, maxAccuracyDrop, toolchain, target,
                cmsisNnDirectory, workDirectory, reportDirectory, generatedDirectory, false);
    }
}
