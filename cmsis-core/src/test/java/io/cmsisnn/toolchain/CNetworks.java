package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.codegen.CodeGenerator;
import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Builds small graphs, compiles them with gcc and runs them. */
final class CNetworks {
    static final String INPUT = "in";

    private final Shape inputShape;
    private final List<Node> nodes = new ArrayList<>();

    private CNetworks(Shape inputShape) {
        this.inputShape = inputShape;
    }

    static CNetworks input(int h, int w, int c) {
        return new CNetworks(new Shape(h, w, c));
    }

    CNetworks node(String name, Op op, Shape shape, String... inputs) {
        nodes.add(new Node(name, "Test" + op.getClass().getSimpleName(), op, Arrays.asList(inputs), shape));
        return this;
    }

    /** A node reading the previous node (or the input). */
    CNetworks then(String name, Op op, int h, int w, int c) {
        String in = nodes.isEmpty() ? INPUT : nodes.get(nodes.size() - 1).name();
        return node(name, op, new Shape(h, w, c), in);
    }

    Graph graph() {
        return new Graph("test", INPUT, inputShape, nodes, nodes.get(nodes.size() - 1).name());
    }

    Graph graph(String output) {
        return new Graph("test", INPUT, inputShape, nodes, output);
    }

    static void assumeGcc() {
        io.cmsisnn.testing.CPrograms.assumeGcc();
    }

    static GeneratedNetwork generate(Graph g) {
        return new CodeGenerator().generate(g, "net", "test_model.h5");
    }

    static float[][] run(Graph g, Path dir, float[]... inputs) {
        assumeGcc();
        GeneratedNetwork n = generate(g);
        Path exe = new HostToolchain("gcc").build(n, dir);
        return new NetworkRunner().run(exe, inputs, g.outputShape().size(), dir);
    }

    static float[] run1(Graph g, Path dir, float... input) {
        return run(g, dir, input)[0];
    }

    static void assertClose(float[] actual, float... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("value %d of %s", i, Arrays.toString(actual)).isCloseTo(expected[i], within(1e-6f));
        }
    }

    static float[] range(int from, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = from + i;
        }
        return v;
    }

    static float[] fill(int count, float value) {
        float[] v = new float[count];
        Arrays.fill(v, value);
        return v;
    }
}
