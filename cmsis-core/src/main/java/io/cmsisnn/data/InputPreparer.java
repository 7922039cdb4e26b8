package io.cmsisnn.data;

import io.cmsisnn.graph.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a data array into model inputs: one {@code float[]} per sample, in the model's HWC
 * order, with each value scaled as {@code (float) (raw * scale + offset)}.
 *
 * <p>The first axis of the data counts the samples. The other axes must hold exactly one model
 * input each, laid out so that row-major order is the model's H×W×C order: axes of length 1 may
 * be added or left out anywhere, and neighbouring model axes may be merged. For a 28×28×1 input,
 * [N,28,28], [N,28,28,1], [N,1,28,28] and [N,784] are all accepted; for 1×26×3, [N,26,3]; for
 * 30×1×40, [N,30,1,40] or [N,30,40]. Data with the right number of values in a different
 * arrangement (say channels first, [N,3,32,32] for a 32×32×3 input) is refused, because its
 * values would land in the wrong places. A flat model input (one axis longer than 1, e.g. 1×1×784
 * for a Dense network) takes any sample of the right element count, read in row-major order: that
 * is what the network's own flattening does, so Keras MNIST images [N,28,28] feed a [784] input;
 * {@link #flattenNote(NdArray, Shape)} says so for the log.
 *
 * <p>NaN and infinite values pass through unchanged; {@link #firstNonFinite(float[][])} and
 * {@link #requireFinite(float[][], String)} let callers decide what to do about them.
 */
public final class InputPreparer {
    private InputPreparer() {
    }

    /** All samples of {@code data}; see {@link #samples(NdArray, Shape, String, double, double, String, int)}. */
    public static float[][] samples(NdArray data, Shape modelInput, double scale, double offset,
            String fileDescription) {
        return samples(data, modelInput, null, scale, offset, fileDescription, 0);
    }

    /**
     * The first {@code limit} samples of {@code data} ({@code limit <= 0}: all of them); see
     * {@link #samples(NdArray, Shape, String, double, double, String, int)}.
     */
    public static float[][] samples(NdArray data, Shape modelInput, double scale, double offset,
            String fileDescription, int limit) {
        return samples(data, modelInput, null, scale, offset, fileDescription, limit);
    }

    /**
     * Splits {@code data} along its first axis into model inputs.
     *
     * @param data            the array read from the data file
     * @param modelInput      the model's input shape (H×W×C, no batch)
     * @param inputName       the model input's name, for messages; may be null
     * @param scale           multiplies every raw value
     * @param offset          is added after scaling
     * @param fileDescription names the data in messages, usually the file path (and key)
     * @param limit           at most this many samples, from the start; {@code <= 0} for all
     * @return one array of {@code modelInput.size()} values per sample
     * @throws DataException when the data is not a list of samples of the model input's shape,
     *                       holds no samples, or scale/offset are not finite
     */
    public static float[][] samples(NdArray data, Shape modelInput, String inputName, double scale, double offset,
            String fileDescription, int limit) {
        String what = describe(fileDescription);
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new DataException(what + ": the input scale (" + scale + ") and offset (" + offset
                    + ") must both be finite numbers; fix the input scaling in the configuration");
        }
        int total = sampleCount(data, modelInput, inputName, fileDescription);
        int n = limit > 0 ? Math.min(limit, total) : total;
        int per = modelInput.size();
        double[] raw = data.data();
        float[][] out = new float[n][per];
        int k = 0;
        for (int s = 0; s < n; s++) {
            float[] sample = out[s];
            for (int i = 0; i < per; i++) {
                sample[i] = (float) (raw[k++] * scale + offset);
            }
        }
        return out;
    }

    /**
     * Checks that {@code data} is a list of samples that fit {@code modelInput} (see the class
     * comment) and returns how many samples it holds, without converting anything.
     *
     * @param inputName       the model input's name, for messages; may be null
     * @param fileDescription names the data in messages
     * @throws DataException as {@link #samples(NdArray, Shape, String, double, double, String, int)}
     */
    public static int sampleCount(NdArray data, Shape modelInput, String inputName, String fileDescription) {
        String what = describe(fileDescription);
        String input = inputName == null || inputName.isEmpty() ? "the model input"
                : "the model input '" + inputName + "'";
        int[] shape = data.shape();
        int per = modelInput.size();
        String example = "[N, " + modelInput.h() + ", " + modelInput.w() + ", " + modelInput.c() + "]";
        if (shape.length == 0) {
            throw new DataException(what + " holds a single number (shape []), not a list of samples; give an array "
                    + "whose first axis counts the samples, e.g. of shape " + example + " for " + input + " ("
                    + modelInput + ")");
        }
        if (shape.length == 1 && per != 1) {
            String hint = shape[0] > 0 && shape[0] % per == 0
                    ? "; if it holds " + (shape[0] / per) + " samples one after another, reshape it to ["
                            + (shape[0] / per) + ", " + modelInput.h() + ", " + modelInput.w() + ", " + modelInput.c()
                            + "]"
                    : "";
            throw new DataException(what + " is a 1-D array of " + values(shape[0]) + ", but " + input + " is "
                    + modelInput + " (" + values(per) + " per sample); the first axis must count the samples and "
                    + "the other axes hold one input each, e.g. shape " + example + hint);
        }
        int[] sampleShape = Arrays.copyOfRange(shape, 1, shape.length);
        long have = 1;
        for (int d : sampleShape) {
            have *= d;
        }
        if (have != per) {
            throw new DataException(what + ": samples have shape " + NdArray.shapeString(sampleShape) + " ("
                    + values(have) + ") but " + input + " is " + modelInput + " (" + values(per) + "); give data "
                    + "whose first axis counts the samples and whose other axes hold one model input each, e.g. shape "
                    + example + " or [N, " + per + "], or check that the data file belongs to this model");
        }
        if (!sameOrder(sampleShape, modelInput)) {
            throw new DataException(what + ": samples have shape " + NdArray.shapeString(sampleShape) + " ("
                    + values(have) + "), the right number of values for " + input + " (" + modelInput + ", height x "
                    + "width x channels) but in a different arrangement, so values would land in the wrong places; "
                    + transposeHint(sampleShape, modelInput) + "give data of shape " + example + " or [N, " + per
                    + "]");
        }
        if (shape[0] == 0) {
            throw new DataException(what + " holds no samples (shape " + data.shapeString()
                    + "); give at least one sample");
        }
        return shape[0];
    }

    /**
     * Index of the first sample holding a NaN or infinite value, or -1 when every value is
     * finite. Checks the prepared samples, so a value that only overflows after scaling counts.
     */
    public static int firstNonFinite(float[][] samples) {
        for (int s = 0; s < samples.length; s++) {
            for (float v : samples[s]) {
                if (!Float.isFinite(v)) {
                    return s;
                }
            }
        }
        return -1;
    }

    /**
     * Throws a DataException naming the first sample (and position) with a NaN or infinite
     * value, and how many samples have one; returns quietly when every value is finite.
     *
     * @param fileDescription names the data in the message
     */
    public static void requireFinite(float[][] samples, String fileDescription) {
        int s = firstNonFinite(samples);
        if (s < 0) {
            return;
        }
        int position = 0;
        while (Float.isFinite(samples[s][position])) {
            position++;
        }
        int count = 0;
        for (float[] sample : samples) {
            for (float v : sample) {
                if (!Float.isFinite(v)) {
                    count++;
                    break;
                }
            }
        }
        throw new DataException(describe(fileDescription) + ": sample " + s + " (counting from 0) holds "
                + samples[s][position] + " at position " + position + " after scaling, and " + count + " of "
                + samples.length + " samples hold NaN or infinite values; clean the data (replace or drop such "
                + "samples) or, if the raw values are finite, check the input scale and offset");
    }

    /**
     * A note for the log when samples of another arrangement are read row-major into a flat model
     * input (see the class comment), else the empty string.
     */
    public static String flattenNote(NdArray data, Shape modelInput) {
        int[] sampleShape = Arrays.copyOfRange(data.shape(), 1, data.rank());
        if (data.rank() < 2 || !isFlat(modelInput)
                || Arrays.equals(prefixProducts(sampleShape), prefixProducts(new int[] {modelInput.h(), modelInput.w(),
                        modelInput.c()}))) {
            return "";
        }
        return " (samples of shape " + NdArray.shapeString(sampleShape) + " read in row-major order as the flat input "
                + modelInput + ")";
    }

    /** At most one axis longer than 1: the network sees a plain vector. */
    private static boolean isFlat(Shape model) {
        int longer = 0;
        for (int d : new int[] {model.h(), model.w(), model.c()}) {
            longer += d > 1 ? 1 : 0;
        }
        return longer <= 1;
    }

    /** True when row-major order of {@code sampleShape} is the HWC order of {@code model}. */
    private static boolean sameOrder(int[] sampleShape, Shape model) {
        if (isFlat(model)) {
            return true;
        }
        // leave out axes of length 1; then every boundary between data axes must fall on a boundary
        // between model axes (the data may only merge neighbouring model axes)
        long[] modelPrefix = prefixProducts(new int[] {model.h(), model.w(), model.c()});
        for (long p : prefixProducts(sampleShape)) {
            if (Arrays.binarySearch(modelPrefix, p) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Products of the leading axes longer than 1: for [28, 1, 28] that is [28, 784]. */
    static long[] prefixProducts(int[] dims) {
        List<Long> out = new ArrayList<>();
        long p = 1;
        for (int d : dims) {
            if (d != 1) {
                p *= d;
                out.add(p);
            }
        }
        long[] a = new long[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private static String transposeHint(int[] sampleShape, Shape model) {
        if (sampleShape.length == 3 && sampleShape[0] == model.c() && sampleShape[1] == model.h()
                && sampleShape[2] == model.w()) {
            return "the data looks channels-first [N, C, H, W] (as PyTorch keeps it) while the model takes "
                    + "channels-last [N, H, W, C]: set <dataLayout>nchw</dataLayout> (cmsis.dataLayout) to have it "
                    + "rearranged, or transpose it, e.g. numpy.transpose(x, (0, 2, 3, 1)), and ";
        }
        if (sampleShape.length == 2 && model.h() == 1 && sampleShape[0] == model.c() && sampleShape[1] == model.w()) {
            return "the data looks channels-first [N, C, steps] while the model takes [N, steps, C]: set "
                    + "<dataLayout>nchw</dataLayout> (cmsis.dataLayout) to have it rearranged, or transpose it, "
                    + "e.g. numpy.transpose(x, (0, 2, 1)), and ";
        }
        return "";
    }

    private static String values(long n) {
        return n + (n == 1 ? " value" : " values");
    }

    private static String describe(String fileDescription) {
        return fileDescription == null || fileDescription.isEmpty() ? "the test data" : fileDescription;
    }
}
