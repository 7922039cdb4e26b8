package io.cmsisnn.importer.keras;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The weight arrays of one layer, by Keras variable name (kernel, bias, gamma, moving_mean, ...). */
final class LayerWeights {

    static final LayerWeights NONE = new LayerWeights(List.of());

    private final Map<String, WeightArray> byName = new LinkedHashMap<>();

    LayerWeights(List<WeightArray> arrays) {
        for (WeightArray a : arrays) {
            byName.put(a.name(), a);
        }
    }

    /** The first of the given names that is present (Keras 3 calls the depthwise kernel "kernel"). */
    WeightArray require(String... names) {
        for (String n : names) {
            WeightArray a = byName.get(n);
            if (a != null) {
                return a;
            }
        }
        throw new LayerProblem("has no '" + names[0] + "' weight in the file (it holds " + describe()
                + "); the weights do not match the configuration. Save the model again with model.save()");
    }

    WeightArray optional(String name) {
        return byName.get(name);
    }

    String describe() {
        return byName.isEmpty() ? "no weights" : byName.values().toString();
    }
}
