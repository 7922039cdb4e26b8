package io.cmsisnn.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-derived plans. Steps: input 0, node i at i + 1; a tensor lives from the step that writes
 * it to the last step that reads it. Offsets are in bytes (float32, 16 bytes per 4-value tensor).
 */
class MemoryPlannerTest {
    private static final Shape FOUR = new Shape(1, 1, 4);

    private static Node node(String name, Op op, Shape shape, String... inputs) {
        return new Node(name, "Test", op, List.of(inputs), shape);
    }

    private static Op act() {
        return new Op.ActivationOp(io.cmsisnn.graph.Activation.RELU);
    }

    private static Graph graph(String output, Node... nodes) {
        return new Graph("g", "in", FOUR, List.of(nodes), output);
    }

    /** in[0,1] @0, A[1,2] @16, B[2,3] @0 (in is dead), C[3,end] @16: C reuses A's bytes. */
    @Test
    void chainReusesDeadRegions() {
        Graph g = graph("C", node("A", act(), FOUR, "in"), node("B", act(), FOUR, "A"), node("C", act(), FOUR, "B"));
        MemoryPlan plan = new MemoryPlanner().plan(g);
        assertThat(plan.offsetOf("in")).isEqualTo(0);
        assertThat(plan.offsetOf("A")).isEqualTo(16);
        assertThat(plan.offsetOf("B")).isEqualTo(0);
        assertThat(plan.offsetOf("C")).isEqualTo(plan.offsetOf("A"));
        assertThat(plan.arenaBytes()).isEqualTo(32);
        assertThat(plan.arenaElements()).isEqualTo(8);
        assertThat(plan.elementOffsetOf("C")).isEqualTo(4);
    }

    /** A residual Add(A, B) keeps A alive through B: A[1,3] @16, B[2,3] @0, sum[3,end] @32. */
    @Test
    void residualAddKeepsSkipInputAlive() {
        Graph g = graph("sum", node("A", act(), FOUR, "in"), node("B", act(), FOUR, "A"),
                node("sum", new Op.Add(), FOUR, "A", "B"));
        MemoryPlan plan = new MemoryPlanner().plan(g);
        assertThat(plan.offsetOf("in")).isEqualTo(0);
        assertThat(plan.offsetOf("A")).isEqualTo(16);
        assertThat(plan.offsetOf("B")).isEqualTo(0);
        assertThat(plan.offsetOf("sum")).isEqualTo(32);
        assertThat(plan.arenaBytes()).isEqualTo(48);
    }

    /**
     * Lifetimes of the residual graph: in [0,1], A [1,3], B [2,3], sum [3,4] (kept to the copy-out
     * step 4). Live bytes per step: 16, 32, 32, 48, 16, so no plan can use less than 48.
     */
    @Test
    void lifetimesAndLowerBound() {
        Graph g = graph("sum", node("A", act(), FOUR, "in"), node("B", act(), FOUR, "A"),
                node("sum", new Op.Add(), FOUR, "A", "B"));
        MemoryPlan plan = new MemoryPlanner().plan(g);
        assertThat(plan.lifetimes()).containsExactly(
                java.util.Map.entry("in", new MemoryPlan.Lifetime(16, 0, 1)),
                java.util.Map.entry("A", new MemoryPlan.Lifetime(16, 1, 3)),
                java.util.Map.entry("B", new MemoryPlan.Lifetime(16, 2, 3)),
                java.util.Map.entry("sum", new MemoryPlan.Lifetime(16, 3, 4)));
        assertThat(plan.lowerBoundBytes()).isEqualTo(48);
    }

    /** A chain needs two tensors at a time at most: in+A at step 1 is 32 bytes, as the plan uses. */
    @Test
    void chainLowerBoundIsTwoTensors() {
        Graph g = graph("C", node("A", act(), FOUR, "in"), node("B", act(), FOUR, "A"), node("C", act(), FOUR, "B"));
        assertThat(new MemoryPlanner().plan(g).lowerBoundBytes()).isEqualTo(32);
    }

    /** A reshape shares its input's region and stretches its lifetime to the reshape's readers. */
    @Test
    void reshapeAliasesItsInput() {
        Shape flat = new Shape(1, 1, 4);
        Graph g = new Graph("g", "in", new Shape(2, 2, 1), List.of(
                node("A", act(), new Shape(2, 2, 1), "in"),
                node("flat", new Op.Reshape(flat), flat, "A"),
                node("B", act(), flat, "flat"),
                node("C", act(), flat, "B")), "C");
        MemoryPlan plan = new MemoryPlanner().plan(g);
        assertThat(plan.storageOf("flat")).isEqualTo("A");
        assertThat(plan.isAlias("flat")).isTrue();
        assertThat(plan.isAlias("A")).isFalse();
        assertThat(plan.offsetOf("flat")).isEqualTo(plan.offsetOf("A")).isEqualTo(16);
        // A lives [1,3] through its alias; B [3,4] takes the dead input's place, C [4,end] A's.
        assertThat(plan.offsetOf("B")).isEqualTo(0);
        assertThat(plan.offsetOf("C")).isEqualTo(16);
        assertThat(plan.arenaBytes()).isEqualTo(32);
    }

    /** The output stays live to the end, so a later tensor cannot take its place. */
    @Test
    void outputIsNeverOverwritten() {
        // out = A is read by nobody, but B (a dead-end branch computed afterwards) must not overwrite it.
        Graph g = graph("A", node("A", act(), FOUR, "in"), node("B", act(), FOUR, "in"));
        MemoryPlan plan = new MemoryPlanner().plan(g);
        assertThat(plan.offsetOf("A")).isEqualTo(16);
        assertThat(plan.offsetOf("B")).isEqualTo(32);
        assertThat(plan.arenaBytes()).isEqualTo(48);
    }

    /** First fit skips a gap that is too small and fills the lowest one that is large enough. */
    @Test
    void firstFitUsesTheLowestLargeEnoughGap() {
        Shape two = new Shape(1, 1, 2);
        Shape eight = new Shape(1, 1, 8);
        // in(16 B)[0,2]@0; A(32 B)[1,3]@16; B(8 B)[2,3]: in and A live -> @48;
        // C(40 B)[3,4]: A and B live, the free 0..16 is too small -> @56;
        // D(8 B)[4,end]: only C live -> @0
        Graph g = graph("D", node("A", act(), eight, "in"), node("B", act(), two, "in"),
                node("C", new Op.Concat(Op.Axis.C), new Shape(1, 1, 10), "A", "B"),
                node("D", new Op.Dense(10, 2, new float[20], new float[2], io.cmsisnn.graph.Activation.LINEAR), two, "C"));
        MemoryPlan plan = new MemoryPlanner().plan(g);
        assertThat(plan.offsetOf("A")).isEqualTo(16);
        assertThat(plan.offsetOf("B")).isEqualTo(48);
        assertThat(plan.offsetOf("C")).isEqualTo(56);
        assertThat(plan.offsetOf("D")).isEqualTo(0);
        assertThat(plan.arenaBytes()).isEqualTo(96);
    }

    /** No two tensors live at the same step share a byte, on a random-ish DAG with branches. */
    @Test
    void liveTensorsNeverOverlap() {
        List<Node> nodes = new ArrayList<>();
        String prev = "in";
        for (int i = 0; i < 30; i++) {
            Shape s = new Shape(1, 1, 4);
            String name = "n" + i;
            if (i % 3 == 2) {
                nodes.add(node(name, new Op.Add(), s, prev, "n" + (i - 2)));
            } else {
                nodes.add(node(name, act(), s, prev));
            }
            prev = name;
        }
        Graph g = new Graph("g", "in", FOUR, nodes, prev);
        MemoryPlan plan = new MemoryPlanner().plan(g);
        // lifetimes derived independently of the planner
        int n = nodes.size();
        int[] start = new int[n + 1];
        int[] end = new int[n + 1];
        List<String> names = new ArrayList<>();
        names.add("in");
        nodes.forEach(x -> names.add(x.name()));
        for (int t = 0; t <= n; t++) {
            start[t] = t;
            end[t] = t;
        }
        for (int i = 0; i < n; i++) {
            for (String in : nodes.get(i).inputs()) {
                int t = names.indexOf(in);
                end[t] = Math.max(end[t], i + 1);
            }
        }
        end[n] = n + 1;
        for (int a = 0; a <= n; a++) {
            for (int b = a + 1; b <= n; b++) {
                boolean live = start[a] <= end[b] && start[b] <= end[a];
                long oa = plan.offsetOf(names.get(a));
                long ob = plan.offsetOf(names.get(b));
                boolean share = oa < ob + 16 && ob < oa + 16;
                assertThat(live && share).as("%s and %s", names.get(a), names.get(b)).isFalse();
            }
            assertThat(plan.offsetOf(names.get(a)) + 16).isLessThanOrEqualTo(plan.arenaBytes());
        }
    }

    /** Byte-sized elements with 4-byte alignment: a 3-value tensor takes 4 bytes of room. */
    @Test
    void alignmentRoundsRegionsUp() {
        Shape three = new Shape(1, 1, 3);
        Graph g = new Graph("g", "in", three, List.of(node("A", act(), three, "in")), "A");
        MemoryPlan plan = new MemoryPlanner(1, 4).plan(g);
        assertThat(plan.offsetOf("in")).isZero();
        assertThat(plan.offsetOf("A")).isEqualTo(4);
        assertThat(plan.arenaBytes()).isEqualTo(8);
    }

    /**
     * Weights: a dense 4->4 holds 16 weights + 4 biases, a scale-shift 4 + 4 values: 28 floats =
     * 112 bytes; an activation holds none. Float kernels need no scratch. With a per-node scratch
     * function the plan keeps the largest need (layers run one at a time).
     */
    @Test
    void weightAndScratchBytes() {
        Graph g = graph("S",
                node("D", new Op.Dense(4, 4, new float[16], new float[4], io.cmsisnn.graph.Activation.LINEAR), FOUR, "in"),
                node("R", act(), FOUR, "D"),
                node("S", new Op.ScaleShift(new float[4], new float[4]), FOUR, "R"));
        MemoryPlan plan = new MemoryPlanner().plan(g);
        assertThat(plan.weightBytes()).isEqualTo(112);
        assertThat(plan.scratchBytes()).isZero();
        assertThat(plan.activationBytes()).isEqualTo(plan.arenaBytes());

        MemoryPlan custom = new MemoryPlanner(1, 4, n -> n.name().equals("D") ? 20 : 0, n -> n.name().equals("R") ? 64 : 8).plan(g);
        assertThat(custom.weightBytes()).isEqualTo(20);
        assertThat(custom.scratchBytes()).isEqualTo(64);
    }

    @Test
    void unknownTensorIsAnError() {
        MemoryPlan plan = new MemoryPlanner().plan(graph("A", node("A", act(), FOUR, "in")));
        assertThatThrownBy(() -> plan.offsetOf("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> new MemoryPlanner(4, 6)).isInstanceOf(IllegalArgumentException.class);
    }
}
