package io.cmsisnn.data;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.graph.TensorLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Reads the test inputs, labels and expected outputs a verification names, or makes random inputs. */
public final class TestSetLoader {
    /** Random inputs are reproducible from run to run. */
    private static final long RANDOM_SEED = 20261123L;

    /**
     * The files of a test set.
     *
     * @param inputs        test inputs, or null for {@code randomSamples} random ones
     * @param dataKey       array name of the inputs and expected outputs in npz/HDF5 files, or null
     * @param labels        class labels, or null
     * @param labelKey      array name of the labels, or null
     * @param expected      reference outputs (regression models), or null
     * @param limit         only the first n samples, or null for all
     * @param randomSamples how many random inputs without test data
     */
    public record Files(Path inputs, String dataKey, Path labels, String labelKey, Path expected, Integer limit,
                        int randomSamples) {
    }

    /**
     * The model's input or output as data files hold it.
     *
     * @param shape  the graph tensor's shape
     * @param layout the ONNX tensor's layout, or null (Keras): with it, channels-first data is recognised
     *               under dataLayout auto and rearranged with the importer's order
     */
    public record Port(Shape shape, TensorLayout layout) {
    }

    /** Model input = raw × {@code scale} + {@code offset}; {@code layout} says how samples are ordered in the files. */
    public TestSet load(Files files, DataLayout layout, double scale, double offset, Port input, Port output) {
        if (files.inputs() == null) {
            if (files.labels() != null || files.expected() != null) {
                throw new ConfigurationException("testLabels and expectedOutputs need testData: set <testData> to the inputs they belong to");
            }
            return random(files.randomSamples(), input.shape());
        }
        Path dataFile = files.inputs();
        String dataKey = files.dataKey();
        NdArray data = DataFiles.read(dataFile, dataKey);
        TensorLayout inputLayout = input.layout();
        SampleReader inputReader = new SampleReader(layout, input.shape(), inputLayout, inputLayout == null ? null : inputLayout.name());
        float[][] inputs = inputReader.read(data, scale, offset, describe(dataFile, dataKey), 0);
        // a NaN would make every comparison below meaningless: stop at the sample that has it
        InputPreparer.requireFinite(inputs, describe(dataFile, dataKey));
        int n = inputs.length;
        if (files.limit() != null) {
            if (files.limit() <= 0) {
                throw new ConfigurationException("testSamples must be positive, got " + files.limit());
            }
            n = Math.min(n, files.limit());
            inputs = Arrays.copyOf(inputs, n);
        }
        int[] labels = null;
        if (files.labels() != null) {
            NdArray raw = DataFiles.read(files.labels(), files.labelKey());
            int[] all = Labels.labels(raw, data.shape()[0], describe(files.labels(), files.labelKey()),
                    describe(dataFile, dataKey));
            labels = Arrays.copyOf(all, n);
            for (int i = 0; i < n; i++) {
                if (labels[i] >= output.shape().size()) {
                    throw new ConfigurationException(describe(files.labels(), files.labelKey())
                            + ": label " + labels[i] + " of sample " + i + " is not a class of the model, whose output has "
                            + output.shape().size() + " values");
                }
            }
        }
        float[][] expected = null;
        if (files.expected() != null) {
            NdArray raw = DataFiles.read(files.expected(), dataKey);
            TensorLayout outputLayout = output.layout();
            SampleReader outputReader = new SampleReader(layout, output.shape(), outputLayout,
                    outputLayout == null ? null : outputLayout.name());
            float[][] all = outputReader.read(raw, 1.0, 0.0, describe(files.expected(), dataKey), 0);
            if (all.length < n) {
                throw new ConfigurationException(describe(files.expected(), dataKey) + " holds "
                        + all.length + " samples but the test data has " + n);
            }
            expected = Arrays.copyOf(all, n);
        }
        String order = inputReader.channelsFirst(data) ? " (channels first, rearranged to HWC)"
                : InputPreparer.flattenNote(data, input.shape());
        return new TestSet(inputs, labels, expected, describe(dataFile, dataKey) + order);
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
