package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.graph.ShapeInference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects graph nodes in order and tracks each tensor's shape and Keras rank as layers are converted. */
final class GraphBuilder {

    private final Map<String, TensorInfo> tensors = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    GraphBuilder(String inputName, TensorInfo input) {
        tensors.put(inputName, input);
    }

    boolean has(String tensor) {
        return tensors.containsKey(tensor);
    }

    TensorInfo tensor(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new LayerProblem("reads '" + name + "', which no earlier layer computes");
        }
        return t;
    }

    /** Adds a node; its output shape comes from {@link ShapeInference}, its Keras rank from the caller. */
    void add(String name, String source, Op op, List<String> inputs, int kerasRank) {
        if (tensors.containsKey(name)) {
            throw new LayerProblem("produces a tensor named '" + name + "', but that name is already used; rename the layer and save the model again");
        }
        List<Shape> shapes = new ArrayList<>();
        for (String in : inputs) {
            shapes.add(tensor(in).shape());
        }
        Shape out = ShapeInference.infer(name, op, shapes);
        nodes.add(new Node(name, source, op, inputs, out));
        tensors.put(name, new TensorInfo(out, kerasRank));
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }
}
