package io.cmsisnn.engine;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.graph.ShapeInference;
import java.util.ArrayList;
import java.util.List;

/** Builds small graphs for tests, inferring each node's shape. */
public final class GraphFixtures {
    private final String inputName = "x";
    private final Shape inputShape;
    private final List<Node> nodes = new ArrayList<>();

    public GraphFixtures(Shape inputShape) {
        this.inputShape = inputShape;
    }

    public GraphFixtures add(String name, Op op, String... inputs) {
        List<Shape> shapes = new ArrayList<>();
        for (String in : inputs) {
            shapes.add(in.equals(inputName) ? inputShape : nodes.stream().filter(n -> n.name().equals(in)).findFirst().orElseThrow().shape());
        }
        nodes.add(new Node(name, op.kind(), op, List.of(inputs), ShapeInference.infer(name, op, shapes)));
        return this;
    }

    public Graph build(String output) {
        return new Graph("test", inputName, inputShape, nodes, output);
    }

    public static Graph single(Shape in, Op op) {
        return new GraphFixtures(in).add("y", op, "x").build("y");
    }
}
