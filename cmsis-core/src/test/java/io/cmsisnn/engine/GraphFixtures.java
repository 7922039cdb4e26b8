package io.cmsisnn.engine;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.graph.ShapeInference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds small graphs for tests: the input is called {@code x}, each node's shape comes from
 * {@link ShapeInference} and its source is its op's kind (e.g. {@code Conv2D}).
 */
public final class GraphFixtures {
    public static final String INPUT = "x";

    private final Shape inputShape;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Shape> shapes = new HashMap<>();

    public GraphFixtures(Shape inputShape) {
        this.inputShape = inputShape;
        shapes.put(INPUT, inputShape);
    }

    public GraphFixtures add(String name, Op op, String... inputs) {
        List<Shape> in = new ArrayList<>();
        for (String i : inputs) {
            Shape s = shapes.get(i);
            if (s == null) {
                throw new IllegalArgumentException("fixture: '" + name + "' reads unknown '" + i + "'");
            }
            in.add(s);
        }
        Shape out = ShapeInference.infer(name, op, in);
        nodes.add(new Node(name, op.kind(), op, List.of(inputs), out));
        shapes.put(name, out);
        return this;
    }

    public Graph build(String output) {
        return new Graph("test", INPUT, inputShape, nodes, output);
    }

    /** A graph of one node {@code y} reading the input. */
    public static Graph single(Shape in, Op op) {
        return new GraphFixtures(in).add("y", op, INPUT).build("y");
    }

    /** {@code n} values uniform in [-1, 1), reproducible from the seed. */
    public static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }
}
