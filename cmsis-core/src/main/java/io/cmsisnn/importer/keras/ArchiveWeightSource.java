package io.cmsisnn.importer.keras;

import io.cmsisnn.importer.ModelImportException;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Weights of a Keras 3 .keras archive ({@code model.weights.h5}). Keras does not address them by
 * layer name: the model's layers are stored as {@code layers/<snake_case class>[_<n>]/vars/<i>},
 * numbered per class in the order the layers appear ({@code conv2d}, {@code conv2d_1}, ...), and
 * the arrays inside are numbered in the order the layer creates its variables. Keras 2.13 wrote
 * {@code _layer_checkpoint_dependencies} instead of {@code layers}. Newer Keras versions also
 * store the layer name as a {@code name} attribute on {@code vars}; where it disagrees with the
 * class-based path, the group carrying the right name is used.
 */
final class ArchiveWeightSource implements WeightSource {

    private final String file;
    private final Group container;
    private final Map<String, String> pathByLayer = new HashMap<>();

    ArchiveWeightSource(String file, Group root, List<KerasLayer> layersInOrder) {
        this.file = file;
        this.container = containerOf(root);
        Map<String, Integer> used = new HashMap<>();
        for (KerasLayer layer : layersInOrder) {
            String base = snakeCase(layer.className());
            int seen = used.merge(base, 1, Integer::sum) - 1;
            pathByLayer.put(layer.name(), seen == 0 ? base : base + "_" + seen);
        }
    }

    private static Group containerOf(Group root) {
        for (String name : List.of("layers", "_layer_checkpoint_dependencies")) {
            if (root.getChild(name) instanceof Group g) {
                return g;
            }
        }
        return null;
    }

    @Override
    public LayerWeights weightsOf(KerasLayer layer) {
        List<String> names = VariableOrder.names(layer);
        if (names.isEmpty()) {
            return LayerWeights.NONE;
        }
        String key = pathByLayer.get(layer.name());
        try {
            Group vars = varsGroup(key, layer.name());
            if (vars == null) {
                return LayerWeights.NONE; // the converter reports the missing kernel
            }
            List<Dataset> datasets = numbered(vars);
            if (datasets.size() != names.size()) {
                throw new LayerProblem("has " + datasets.size() + " weight arrays under '" + vars.getPath()
                        + "' in model.weights.h5, but its configuration implies " + names.size() + " " + names
                        + "; the archive does not match its config.json. Save the model again");
            }
            List<WeightArray> arrays = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                arrays.add(Hdf5.floats(datasets.get(i), names.get(i)));
            }
            return new LayerWeights(arrays);
        } catch (LayerProblem | ModelImportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Hdf5.unreadable(file, "holds a model.weights.h5 that is not readable HDF5: the weights of layer '"
                    + layer.name() + "' cannot be read", e);
        }
    }

    private Group varsGroup(String key, String layerName) {
        if (container == null) {
            return null;
        }
        Group byClass = vars(container.getChild(key));
        String stored = byClass == null ? null : Hdf5.text(byClass, "name");
        if (byClass != null && (stored == null || stored.equals(layerName))) {
            return byClass;
        }
        // the class-based path is missing or names another layer: look for the group named after this layer
        for (Node child : container) {
            Group v = vars(child);
            if (v != null && layerName.equals(Hdf5.text(v, "name"))) {
                return v;
            }
        }
        return byClass;
    }

    private static Group vars(Node layerGroup) {
        if (layerGroup instanceof Group g && g.getChild("vars") instanceof Group v) {
            return v;
        }
        return null;
    }

    /** Datasets named 0, 1, 2, ... in numeric order (10 sorts after 9). */
    private static List<Dataset> numbered(Group vars) {
        List<Dataset> out = new ArrayList<>();
        for (int i = 0; vars.getChild(Integer.toString(i)) instanceof Dataset ds; i++) {
            out.add(ds);
        }
        return out;
    }

    /** Keras's class-name-to-path rule: "DepthwiseConv2D" → "depthwise_conv2d", "ReLU" → "re_lu". */
    static String snakeCase(String className) {
        String s = className.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }
}
