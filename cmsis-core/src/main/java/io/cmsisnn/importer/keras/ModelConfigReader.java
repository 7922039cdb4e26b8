package io.cmsisnn.importer.keras;

import io.cmsisnn.importer.ModelImportException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON model configuration that Keras stores with a model ({@code model_config} in
 * .h5, {@code config.json} in .keras) into a {@link KerasModel}. Understands Sequential models
 * (both {@code {"layers": [...]}} and the plain list written by Keras 2.1.6 and older) and
 * functional models with Keras 2 ({@code [[["name", 0, 0, {}]]]}) or Keras 3
 * ({@code {"args": [keras tensors]}}) inbound nodes.
 */
final class ModelConfigReader {

    private static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");

    private final String file;

    ModelConfigReader(String file) {
        this.file = file;
    }

    KerasModel read(Object json) {
        Map<String, Object> root = map(json, "the model configuration");
        String cls = text(root.get("class_name"));
        Object config = root.get("config");
        if ("Sequential".equals(cls)) {
            return sequential(config);
        }
        if ("Functional".equals(cls) || "Model".equals(cls)) {
            return functional(map(config, "the functional model configuration"));
        }
        throw new ModelImportException(file + ": the model is a '" + cls + "', not a Sequential or functional Keras model. "
                + "Subclassed models keep their structure in Python code and cannot be converted; "
                + "build the model with keras.Sequential or the functional API and save it again.");
    }

    private KerasModel sequential(Object config) {
        List<?> entries;
        Map<String, Object> seqConfig = null;
        if (config instanceof List<?> l) {
            entries = l; // Keras 2.1.6 and older
        } else {
            seqConfig = map(config, "the Sequential configuration");
            entries = list(seqConfig.get("layers"), "the Sequential layer list");
        }
        if (entries.isEmpty()) {
            throw new ModelImportException(file + ": the Sequential model has no layers.");
        }
        List<KerasLayer> layers = new ArrayList<>();
        String inputName = null;
        List<Integer> inputDims = null;
        String previous = null;
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> entry = map(entries.get(i), "a layer entry");
            String cls = text(entry.get("class_name"));
            Map<String, Object> cfg = map(entry.get("config"), "the configuration of a " + cls + " layer");
            String name = layerName(entry, cfg, cls, i);
            rejectNestedModel(name, cls);
            if ("InputLayer".equals(cls)) {
                if (i != 0) {
                    throw new ModelImportException(file + ": layer '" + name + "' (InputLayer) is not the first layer of the Sequential model.");
                }
                inputName = name;
                inputDims = batchShape(name, cls, cfg);
                if (inputDims == null) {
                    throw missingInputShape();
                }
                previous = name;
                continue;
            }
            if (i == 0) {
                // no InputLayer: the first layer carries the input shape (or the model its build shape)
                inputName = "input";
                inputDims = batchShape(name, cls, cfg);
                if (inputDims == null && seqConfig != null && seqConfig.get("build_input_shape") instanceof List<?> b) {
                    inputDims = dropBatch(name, cls, b);
                }
                if (inputDims == null) {
                    throw missingInputShape();
                }
                previous = inputName;
            }
            layers.add(new KerasLayer(cls, name, cfg, List.of(previous)));
            previous = name;
        }
        if (layers.isEmpty()) {
            throw new ModelImportException(file + ": the Sequential model has an input but no layers.");
        }
        return new KerasModel(inputName, inputDims, layers, previous);
    }

    private KerasModel functional(Map<String, Object> config) {
        List<?> entries = list(config.get("layers"), "the functional layer list");
        List<String> inputs = endpoints(config.get("input_layers"));
        List<String> outputs = endpoints(config.get("output_layers"));
        if (inputs.size() != 1) {
            throw new ModelImportException(file + ": the model has " + inputs.size() + " inputs " + inputs
                    + "; only models with exactly one input are supported. Split it into single-input models and save them again.");
        }
        if (outputs.size() != 1) {
            throw new ModelImportException(file + ": the model has " + outputs.size() + " outputs " + outputs
                    + "; only models with exactly one output are supported. Make a model with one output and save it again.");
        }
        String inputName = inputs.get(0);
        List<Integer> inputDims = null;
        List<KerasLayer> layers = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> entry = map(entries.get(i), "a layer entry");
            String cls = text(entry.get("class_name"));
            Map<String, Object> cfg = map(entry.get("config"), "the configuration of a " + cls + " layer");
            String name = layerName(entry, cfg, cls, i);
            rejectNestedModel(name, cls);
            if ("InputLayer".equals(cls)) {
                if (!name.equals(inputName)) {
                    throw new ModelImportException(file + ": layer '" + name + "' (InputLayer) is an input that the model "
                            + "does not list as its input; only single-input models are supported.");
                }
                inputDims = batchShape(name, cls, cfg);
                if (inputDims == null) {
                    throw missingInputShape();
                }
                continue;
            }
            layers.add(new KerasLayer(cls, name, cfg, inbound(name, cls, entry.get("inbound_nodes"))));
        }
        if (inputDims == null) {
            throw new ModelImportException(file + ": the model input '" + inputName + "' has no InputLayer in the configuration.");
        }
        return new KerasModel(inputName, inputDims, layers, outputs.get(0));
    }

    /** Layer names read by one layer, from its single inbound node. */
    private List<String> inbound(String name, String cls, Object nodesJson) {
        if (nodesJson == null) {
            return List.of();
        }
        List<?> nodes = list(nodesJson, "the inbound nodes of layer '" + name + "'");
        if (nodes.isEmpty()) {
            return List.of();
        }
        if (nodes.size() > 1) {
            throw new ModelImportException(file + ": layer '" + name + "' (" + cls + ") is called " + nodes.size()
                    + " times (a shared layer); each layer must be used once. Give every use its own layer "
                    + "(copy the weights if they must match) and save the model again.");
        }
        List<List<?>> history = new ArrayList<>();
        Object node = nodes.get(0);
        if (node instanceof List<?> keras2) {
            for (Object ref : keras2) {
                history.add(list(ref, "an inbound reference of layer '" + name + "'"));
            }
        } else if (node instanceof Map<?, ?> keras3) {
            collectKerasTensors(keras3.get("args"), history);
        } else {
            throw new ModelImportException(file + ": layer '" + name + "' (" + cls + ") has inbound nodes in a form this converter does not know: " + node);
        }
        List<String> inputs = new ArrayList<>();
        for (List<?> h : history) {
            if (h.isEmpty()) {
                throw new ModelImportException(file + ": layer '" + name + "' (" + cls + ") has an empty inbound reference.");
            }
            String source = text(h.get(0));
            int nodeIndex = h.size() > 1 && h.get(1) instanceof Number n ? n.intValue() : 0;
            int tensorIndex = h.size() > 2 && h.get(2) instanceof Number n ? n.intValue() : 0;
            if (nodeIndex != 0) {
                throw new ModelImportException(file + ": layer '" + name + "' (" + cls + ") reads call " + nodeIndex + " of layer '" + source
                        + "', a layer used more than once (a shared layer); give every use its own layer and save the model again.");
            }
            if (tensorIndex != 0) {
                throw new ModelImportException(file + ": layer '" + name + "' (" + cls + ") reads output " + tensorIndex + " of layer '" + source
                        + "'; layers with several outputs are not supported.");
            }
            inputs.add(source);
        }
        return inputs;
    }

    /** Keras 3 inbound args: tensors appear as {"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}, possibly inside lists. */
    private void collectKerasTensors(Object value, List<List<?>> out) {
        if (value instanceof List<?> l) {
            for (Object o : l) {
                collectKerasTensors(o, out);
            }
        } else if (value instanceof Map<?, ?> m) {
            if ("__keras_tensor__".equals(m.get("class_name")) && m.get("config") instanceof Map<?, ?> c
                    && c.get("keras_history") instanceof List<?> h) {
                out.add(h);
            } else {
                for (Object o : m.values()) {
                    collectKerasTensors(o, out);
                }
            }
        }
    }

    /** input_layers / output_layers: [["name", 0, 0], ...], a single ["name", 0, 0] (Keras 3), or a dict of those. */
    private List<String> endpoints(Object json) {
        List<String> names = new ArrayList<>();
        if (json instanceof List<?> l) {
            if (!l.isEmpty() && l.get(0) instanceof String s) {
                names.add(s);
            } else {
                for (Object o : l) {
                    names.addAll(endpoints(o));
                }
            }
        } else if (json instanceof Map<?, ?> m) {
            for (Object o : m.values()) {
                names.addAll(endpoints(o));
            }
        } else if (json != null) {
            throw new ModelImportException(file + ": the model's input or output list is malformed: " + json);
        }
        return names;
    }

    private String layerName(Map<String, Object> entry, Map<String, Object> cfg, String cls, int index) {
        Object n = cfg.get("name");
        if (n == null) {
            n = entry.get("name");
        }
        if (!(n instanceof String s)) {
            throw new ModelImportException(file + ": layer " + index + " (" + cls + ") has no name in the model configuration.");
        }
        return s;
    }

    private void rejectNestedModel(String name, String cls) {
        if (MODEL_CLASSES.contains(cls)) {
            throw new ModelImportException(file + ": layer '" + name + "' (" + cls + ") is a model inside the model; nested models "
                    + "are not supported. Rebuild it as one flat model (apply the inner model's layers directly) and save it again.");
        }
    }

    /** The input dimensions without batch from batch_shape (Keras 3) or batch_input_shape (Keras 2); null if neither. */
    private List<Integer> batchShape(String name, String cls, Map<String, Object> cfg) {
        Object shape = cfg.get("batch_shape");
        if (shape == null) {
            shape = cfg.get("batch_input_shape");
        }
        if (shape == null) {
            return null;
        }
        return dropBatch(name, cls, list(shape, "the input shape of layer '" + name + "'"));
    }

    private List<Integer> dropBatch(String name, String cls, List<?> shape) {
        if (shape.isEmpty()) {
            throw new ModelImportException(file + ": layer '" + name + "' (" + cls + ") has an empty input shape.");
        }
        List<Integer> dims = new ArrayList<>();
        for (Object o : shape.subList(1, shape.size())) {
            dims.add(o instanceof Number n ? Integer.valueOf(n.intValue()) : null);
        }
        return dims;
    }

    private ModelImportException missingInputShape() {
        return new ModelImportException(file + ": the model does not record its input shape. Start it with "
                + "keras.Input(shape=...) (or give the first layer input_shape=...) and save it again.");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new ModelImportException(file + ": " + what + " is malformed (expected a JSON object, found "
                + (o == null ? "nothing" : o.getClass().getSimpleName()) + "). Is this a Keras model file?");
    }

    private List<?> list(Object o, String what) {
        if (o instanceof List<?> l) {
            return l;
        }
        throw new ModelImportException(file + ": " + what + " is malformed (expected a JSON list, found "
                + (o == null ? "nothing" : o.getClass().getSimpleName()) + "). Is this a Keras model file?");
    }

    private String text(Object o) {
        if (o instanceof String s) {
            return s;
        }
        throw new ModelImportException(file + ": the model configuration has a malformed entry (expected text, found "
                + o + "). Is this a Keras model file?");
    }
}
