package io.cmsisnn.importer.keras;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small hand-made Keras-layout files with jhdf's writer: a whole-model .h5 (model_config
 * attribute, model_weights/&lt;layer&gt; groups with weight_names) or a .keras zip (config.json and
 * model.weights.h5 with layers/&lt;snake_case class&gt;/vars/&lt;i&gt;). Arrays are Java arrays
 * (float[][]... or double[]... for float64), written with their natural shape.
 */
final class KerasFixtureWriter {

    private record Weight(String path, Object data) {
    }

    private final String config;
    private final Map<String, List<Weight>> layers = new LinkedHashMap<>();
    private final Map<String, Integer> splitNames = new HashMap<>();
    private final Map<String, String> varsNames = new HashMap<>();

    KerasFixtureWriter(String configJson) {
        this.config = configJson;
    }

    /** Adds a layer's weights for .h5: alternating weight_names entry and array. */
    KerasFixtureWriter h5Layer(String layer, Object... pathsAndArrays) {
        List<Weight> ws = new ArrayList<>();
        for (int i = 0; i < pathsAndArrays.length; i += 2) {
            ws.add(new Weight((String) pathsAndArrays[i], pathsAndArrays[i + 1]));
        }
        layers.put(layer, ws);
        return this;
    }

    /** Writes this layer's weight_names split into weight_names0, weight_names1, ... of the given chunk size. */
    KerasFixtureWriter splitWeightNames(String layer, int chunk) {
        splitNames.put(layer, chunk);
        return this;
    }

    /** Adds a .keras vars group: arrays become vars/0, vars/1, ... under layers/&lt;key&gt;. */
    KerasFixtureWriter archiveVars(String key, Object first, Object... more) {
        // "first" is separate so that a single float[][]... is not taken as the varargs array itself
        List<Object> arrays = new ArrayList<>();
        arrays.add(first);
        arrays.addAll(java.util.Arrays.asList(more));
        List<Weight> ws = new ArrayList<>();
        for (int i = 0; i < arrays.size(); i++) {
            ws.add(new Weight(Integer.toString(i), arrays.get(i)));
        }
        layers.put(key, ws);
        return this;
    }

    /** A .keras vars group without arrays (a weightless layer). */
    KerasFixtureWriter archiveVars(String key) {
        layers.put(key, List.of());
        return this;
    }

    /** Sets the "name" attribute that newer Keras versions write on a .keras vars group. */
    KerasFixtureWriter archiveVarsName(String key, String layerName) {
        varsNames.put(key, layerName);
        return this;
    }

    Path writeH5(Path file) {
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("model_config", config);
            h5.putAttribute("keras_version", "2.1.6");
            WritableGroup mw = h5.putGroup("model_weights");
            for (Map.Entry<String, List<Weight>> e : layers.entrySet()) {
                WritableGroup layer = mw.putGroup(e.getKey());
                String[] names = e.getValue().stream().map(Weight::path).toArray(String[]::new);
                Integer chunk = splitNames.get(e.getKey());
                if (chunk == null) {
                    if (names.length > 0) { // jhdf cannot write an empty attribute; Keras's empty one reads as absent
                        layer.putAttribute("weight_names", names);
                    }
                } else {
                    for (int start = 0, part = 0; start < names.length; start += chunk, part++) {
                        layer.putAttribute("weight_names" + part,
                                java.util.Arrays.copyOfRange(names, start, Math.min(names.length, start + chunk)));
                    }
                }
                Map<String, WritableGroup> groups = new HashMap<>();
                for (Weight w : e.getValue()) {
                    put(layer, groups, w.path(), w.data());
                }
            }
        }
        return file;
    }

    Path writeArchive(Path file) throws IOException {
        Path weights = Files.createTempFile(file.getParent(), "weights", ".h5");
        try (WritableHdfFile h5 = HdfFile.write(weights)) {
            WritableGroup root = h5.putGroup("layers");
            for (Map.Entry<String, List<Weight>> e : layers.entrySet()) {
                WritableGroup vars = root.putGroup(e.getKey()).putGroup("vars");
                if (varsNames.containsKey(e.getKey())) {
                    vars.putAttribute("name", varsNames.get(e.getKey()));
                }
                for (Weight w : e.getValue()) {
                    vars.putDataset(w.path(), w.data());
                }
            }
            // no empty root "vars" group like Keras writes: jhdf 0.13 writes an unreadable file when
            // an empty group follows another group at the root
        }
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("metadata.json"));
            zip.write("{\"keras_version\": \"3.8.0\"}".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("config.json"));
            zip.write(config.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("model.weights.h5"));
            zip.write(Files.readAllBytes(weights));
            zip.closeEntry();
        }
        Files.delete(weights);
        return file;
    }

    private static void put(WritableGroup layer, Map<String, WritableGroup> groups, String path, Object data) {
        String[] parts = path.split("/");
        WritableGroup g = layer;
        StringBuilder sofar = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            sofar.append('/').append(parts[i]);
            WritableGroup parent = g;
            String part = parts[i];
            g = groups.computeIfAbsent(sofar.toString(), k -> parent.putGroup(part));
        }
        g.putDataset(parts[parts.length - 1], data);
    }

    /** A 4-D array whose element [a][b][c][d] is a*1000 + b*100 + c*10 + d, so any reordering is visible. */
    static float[][][][] indexed4(int n0, int n1, int n2, int n3) {
        float[][][][] out = new float[n0][n1][n2][n3];
        for (int a = 0; a < n0; a++) {
            for (int b = 0; b < n1; b++) {
                for (int c = 0; c < n2; c++) {
                    for (int d = 0; d < n3; d++) {
                        out[a][b][c][d] = a * 1000 + b * 100 + c * 10 + d;
                    }
                }
            }
        }
        return out;
    }

    static float[][][] indexed3(int n0, int n1, int n2) {
        float[][][] out = new float[n0][n1][n2];
        for (int a = 0; a < n0; a++) {
            for (int b = 0; b < n1; b++) {
                for (int c = 0; c < n2; c++) {
                    out[a][b][c] = a * 100 + b * 10 + c;
                }
            }
        }
        return out;
    }

    static float[][] indexed2(int n0, int n1) {
        float[][] out = new float[n0][n1];
        for (int a = 0; a < n0; a++) {
            for (int b = 0; b < n1; b++) {
                out[a][b] = a * 10 + b;
            }
        }
        return out;
    }

    static float[] filled(int n, float v) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
