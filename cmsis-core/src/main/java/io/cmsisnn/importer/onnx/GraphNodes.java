package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.graph.ShapeInference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The graph nodes made so far, in order, with unique names and inferred shapes. */
final class GraphNodes {

    private final String inputName;
    private final Shape inputShape;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final Set<String> names = new HashSet<>();

    GraphNodes(String inputName, Shape inputShape) {
        this.inputName = inputName;
        this.inputShape = inputShape;
        names.add(inputName);
    }

    /** Adds a node named {@code preferred} (or a numbered variant when that is taken) and returns its name. */
    String add(String preferred, String source, Op op, List<String> inputs) {
        String name = preferred;
        for (int k = 1; names.contains(name); k++) {
            name = preferred + "_" + k;
        }
        Shape shape = ShapeInference.infer(name, op, shapes(inputs));
        names.add(name);
        positions.put(name, nodes.size());
        nodes.add(new Node(name, source, op, inputs, shape));
        return name;
    }

    /** Swaps the op of an existing node for one that keeps its output shape (a folded bias). */
    void replace(String name, String source, Op op) {
        int at = positions.get(name);
        Node old = nodes.get(at);
        Shape shape = ShapeInference.infer(name, op, shapes(old.inputs()));
        if (!shape.equals(old.shape())) {
            throw new IllegalStateException("replacing " + name + " changes its shape");
        }
        nodes.set(at, new Node(name, source, op, old.inputs(), shape));
    }

    /** The node of that name, or null for the graph input. */
    Node node(String name) {
        Integer at = positions.get(name);
        return at == null ? null : nodes.get(at);
    }

    Shape shapeOf(String name) {
        return name.equals(inputName) ? inputShape : nodes.get(positions.get(name)).shape();
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    private List<Shape> shapes(List<String> inputs) {
        List<Shape> shapes = new ArrayList<>();
        for (String in : inputs) {
            shapes.add(shapeOf(in));
        }
        return shapes;
    }
}
