package io.cmsisnn.pipeline;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.DataLayout;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.Labels;
import io.cmsisnn.data.NdArray;
import io.cmsisnn.data.SampleReader;
import io.cmsisnn.data.TestSet;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.graph.TensorLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Reads the test inputs, labels and expected outputs named in the settings, or makes random inputs. */
final class TestSetLoader {
    /** Random inputs are reproducible from run to run. */
    private static final long RANDOM_SEED = 20261123L;

    TestSet load(ConversionSettings conversion, VerificationSettings verification, Shape input, Shape output) {
        return load(conversion, verification, input, output, null, null);
    }

    /**
     * @param inputLayout  the ONNX input's layout, or null (Keras): with it, channels-first data is
     *                     recognised under dataLayout auto and rearranged with the importer's order
     * @param outputLayout the same for expected outputs
     */
    TestSet load(ConversionSettings conversion, VerificationSettings verification, Shape input, Shape output,
                 TensorLayout inputLayout, TensorLayout outputLayout) {
        DataLayout layout = conversion.dataLayout();
        if (verification.testData() == null) {
            if (verification.testLabels() != null || verification.expectedOutputs() != null) {
                throw new ConfigurationException("testLabels and expectedOutputs need testData: set <testData> to the inputs they belong to");
            }
            return random(verification.randomSamples(), input);
        }
        Path dataFile = verification.testData();
        NdArray data = DataFiles.read(dataFile, conversion.dataKey());
        SampleReader inputReader = new SampleReader(layout, input, inputLayout, inputLayout == null ? null : inputLayout.name());
        float[][] inputs = inputReader.read(data, conversion.inputScale(), conversion.inputOffset(),
                describe(dataFile, conversion.dataKey()), 0);
        // a NaN would make every comparison below meaningless: stop at the sample that has it
        InputPreparer.requireFinite(inputs, describe(dataFile, conversion.dataKey()));
        int n = inputs.length;
        if (verification.testSamples() != null) {
            if (verification.testSamples() <= 0) {
                throw new ConfigurationException("testSamples must be positive, got " + verification.testSamples());
            }
            n = Math.min(n, verification.testSamples());
            inputs = Arrays.copyOf(inputs, n);
        }
        int[] labels = null;
        if (verification.testLabels() != null) {
            NdArray raw = DataFiles.read(verification.testLabels(), verification.labelKey());
            int[] all = Labels.labels(raw, data.shape()[0], describe(verification.testLabels(), verification.labelKey()),
                    describe(dataFile, conversion.dataKey()));
            labels = Arrays.copyOf(all, n);
            for (int i = 0; i < n; i++) {
                if (labels[i] >= output.size()) {
                    throw new ConfigurationException(describe(verification.testLabels(), verification.labelKey())
                            + ": label " + labels[i] + " of sample " + i + " is not a class of the model, whose output has "
                            + output.size() + " values");
                }
            }
        }
        float[][] expected = null;
        if (verification.expectedOutputs() != null) {
            NdArray raw = DataFiles.read(verification.expectedOutputs(), conversion.dataKey());
            SampleReader outputReader = new SampleReader(layout, output, outputLayout,
                    outputLayout == null ? null : outputLayout.name());
            float[][] all = outputReader.read(raw, 1.0, 0.0, describe(verification.expectedOutputs(), conversion.dataKey()), 0);
            if (all.length < n) {
                throw new ConfigurationException(describe(verification.expectedOutputs(), conversion.dataKey()) + " holds "
                        + all.length + " samples but the test data has " + n);
            }
            expected = Arrays.copyOf(all, n);
        }
        String order = inputReader.channelsFirst(data) ? " (channels first, rearranged to HWC)"
                : InputPreparer.flattenNote(data, input);
        return new TestSet(inputs, labels, expected, describe(dataFile, conversion.dataKey()) + order);
    }

    private static TestSet random(int count, Shape input) {
        if (count <= 0) {
            throw new ConfigurationException("no testData is set and randomSamples is " + count
                    + ": set <testData> or a positive <randomSamples>");
        }
        SplittableRandom random = new SplittableRandom(RANDOM_SEED);
        float[][] inputs = new float[count][input.size()];
        for (float[] sample : inputs) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        return new TestSet(inputs, null, null, "random uniform [-1, 1), seed " + RANDOM_SEED);
    }

    private static String describe(Path file, String key) {
        return key == null ? file.toString() : file + " [" + key + "]";
    }
}
