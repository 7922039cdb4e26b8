package io.cmsisnn.importer.keras;

import io.cmsisnn.importer.ModelImportException;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small helpers around jhdf: quiet logging, string attributes as Keras writes them, float arrays. */
final class Hdf5 {
    private Hdf5() {
    }

    /**
     * jhdf logs at INFO on every open and group load, which floods a Maven build log. Must run
     * before the first jhdf class initialises its logger; a user's own -D setting wins.
     */
    static void quietLogging() {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.io.jhdf", "warn");
    }

    /** A text attribute (variable or fixed length, scalar or one-element array); null when absent or empty. */
    static String text(Node node, String name) {
        Attribute a = node.getAttribute(name);
        if (a == null) {
            return null;
        }
        Object data = a.getData();
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof String[] arr && arr.length == 1) {
            return arr[0];
        }
        if (data instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return null;
    }

    /**
     * A list-of-text attribute such as {@code weight_names}. Keras splits large ones into
     * {@code name0, name1, ...}; an empty list is written as an empty float64 array, which jhdf
     * returns as null.
     */
    static List<String> textList(Node node, String name) {
        List<String> out = new ArrayList<>();
        if (node.getAttribute(name) != null) {
            addTexts(node.getAttribute(name).getData(), out);
            return out;
        }
        for (int chunk = 0; node.getAttribute(name + chunk) != null; chunk++) {
            addTexts(node.getAttribute(name + chunk).getData(), out);
        }
        return out;
    }

    private static void addTexts(Object data, List<String> out) {
        if (data instanceof String[] arr) {
            out.addAll(Arrays.asList(arr));
        } else if (data instanceof String s) {
            out.add(s);
        }
        // null (empty attribute) or numbers: no names
    }

    /** A float32 or float64 dataset as a {@link WeightArray} named {@code variable}. */
    static WeightArray floats(Dataset ds, String variable) {
        if (ds.isScalar() || ds.isEmpty()) {
            throw new LayerProblem("has a weight '" + variable + "' that is not an array");
        }
        Object flat = ds.getDataFlat();
        float[] values;
        if (flat instanceof float[] f) {
            values = f;
        } else if (flat instanceof double[] d) {
            values = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                values[i] = (float) d[i];
            }
        } else {
            throw new LayerProblem("has a weight '" + variable + "' of type " + ds.getJavaType().getSimpleName()
                    + "; only float32 and float64 weights are supported (quantized or bfloat16 models are not)");
        }
        return new WeightArray(variable, ds.getDimensions(), values);
    }

    /**
     * Rejects a file shorter than the end-of-file address its superblock records, as libhdf5 does.
     * jhdf alone would read such a file as long as the parts it touches survive (a Keras .h5 cut
     * in half often loses only its optimizer state), which hides a broken copy from the user.
     */
    static void requireComplete(HdfFile h5, String file, String what) {
        Superblock sb = h5.getHdfBackingStorage().getSuperblock();
        long recorded = sb.getEndOfFileAddress();
        long expected = sb.getBaseAddressByte() + recorded;
        if (recorded > 0 && expected > h5.size()) {
            throw new ModelImportException(file + ": " + what + ": it is truncated (it has " + h5.size()
                    + " bytes, its HDF5 header records " + expected + "). Copy the file again, or save the model again with model.save().");
        }
    }

    /** The error for a file jhdf cannot read: truncated, damaged, or not HDF5 at all. */
    static ModelImportException unreadable(String file, String what, RuntimeException cause) {
        return new ModelImportException(file + ": " + what + " (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + "). The file may be truncated or damaged: "
                + "copy it again, or save the model again with model.save().", cause);
    }
}
