package io.cmsisnn.plan;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.LayerCost;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Assigns every tensor of a graph a region of one static arena so that tensors whose lifetimes
 * overlap never share bytes: greedy first-fit over live intervals, in graph order.
 *
 * <p>Steps: the graph input is written at step 0 (the run function copies it in), node {@code i}
 * at step {@code i + 1}. A tensor is live from the step that writes it to the last step that reads
 * it; the graph output stays live to the end (it is copied out after the last node). A node reads
 * its inputs while it writes its output, so those always get disjoint regions. Reshape and
 * Identity move no data: they alias their input, whose lifetime then covers their readers too.
 */
public final class MemoryPlanner {

    private final int elementBytes;
    private final int alignment;
    private final ToLongFunction<Node> weightBytes;
    private final ToLongFunction<Node> scratchBytes;
    private final ToIntFunction<String> tensorElementBytes;
    private final Predicate<Node> aliases;

    /** A planner for float32 tensors with no extra alignment. */
    public MemoryPlanner() {
        this(4, 4);
    }

    /**
     * @param elementBytes bytes per element (4 for float32, 1 for q7/s8, 2 for q15/s16)
     * @param alignment    every region starts at a multiple of this many bytes (a multiple of elementBytes)
     */
    public MemoryPlanner(int elementBytes, int alignment) {
        this(elementBytes, alignment, node -> LayerCost.parameters(node) * elementBytes, node -> 0L);
    }

    /**
     * @param weightBytes  constant bytes a node holds (weights, biases, vectors), summed over the graph
     * @param scratchBytes scratch bytes a node's kernel needs; the plan reserves the largest, since
     *                     layers run one at a time and can share one buffer
     */
    public MemoryPlanner(int elementBytes, int alignment, ToLongFunction<Node> weightBytes, ToLongFunction<Node> scratchBytes) {
        this(elementBytes, alignment, weightBytes, scratchBytes, tensor -> elementBytes, MemoryPlanner::aliasesInput);
    }

    /**
     * A planner for tensors of several element sizes (an s8 network with int16 layers): offsets stay
     * in bytes of the arena's own {@code elementBytes}, which must divide every tensor's.
     *
     * @param tensorElementBytes bytes per element of each tensor, by name
     * @param aliases            which nodes share their input's region (by default {@link #aliasesInput})
     */
    public MemoryPlanner(int elementBytes, int alignment, ToLongFunction<Node> weightBytes, ToLongFunction<Node> scratchBytes,
                         ToIntFunction<String> tensorElementBytes, Predicate<Node> aliases) {
        if (elementBytes <= 0 || alignment <= 0 || alignment % elementBytes != 0) {
            throw new IllegalArgumentException("alignment " + alignment + " must be a positive multiple of the element size " + elementBytes);
        }
        this.elementBytes = elementBytes;
        this.alignment = alignment;
        this.weightBytes = weightBytes;
        this.scratchBytes = scratchBytes;
        this.tensorElementBytes = tensorElementBytes;
        this.aliases = aliases;
    }

    private record Interval(String tensor, long size, int start, int end) {
        boolean overlaps(Interval o) {
            return start <= o.end && o.start <= end;
        }
    }

    private record Placed(Interval interval, long offset) {
    }

    public MemoryPlan plan(Graph graph) {
        List<Node> nodes = graph.nodes();
        Map<String, String> storage = new LinkedHashMap<>();
        Map<String, Integer> start = new LinkedHashMap<>();
        Map<String, Integer> end = new LinkedHashMap<>();
        storage.put(graph.inputName(), graph.inputName());
        start.put(graph.inputName(), 0);
        end.put(graph.inputName(), 0);
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            int step = i + 1;
            for (String in : n.inputs()) {
                String root = storage.get(in);
                end.put(root, Math.max(end.get(root), step));
            }
            if (aliases.test(n)) {
                storage.put(n.name(), storage.get(n.inputs().get(0)));
            } else {
                storage.put(n.name(), n.name());
                start.put(n.name(), step);
                end.put(n.name(), step);
            }
        }
        String outputRoot = storage.get(graph.outputName());
        end.put(outputRoot, nodes.size() + 1);

        List<Interval> intervals = new ArrayList<>();
        for (Map.Entry<String, Integer> e : start.entrySet()) {
            String t = e.getKey();
            int tensorBytes = tensorElementBytes.applyAsInt(t);
            if (tensorBytes % elementBytes != 0 || alignment % tensorBytes != 0) {
                throw new IllegalArgumentException("tensor '" + t + "' has " + tensorBytes + "-byte elements in an arena of "
                        + elementBytes + "-byte elements aligned to " + alignment);
            }
            long bytes = (long) graph.shapeOf(t).size() * tensorBytes;
            intervals.add(new Interval(t, bytes, e.getValue(), end.get(t)));
        }

        List<Placed> placed = new ArrayList<>();
        Map<String, Long> rootOffset = new LinkedHashMap<>();
        long arena = 0;
        for (Interval iv : intervals) {
            List<Placed> live = new ArrayList<>();
            for (Placed p : placed) {
                if (p.interval().overlaps(iv)) {
                    live.add(p);
                }
            }
            live.sort(Comparator.comparingLong(Placed::offset));
            long offset = 0;
            for (Placed p : live) {
                if (offset + iv.size() <= p.offset()) {
                    break;
                }
                offset = Math.max(offset, align(p.offset() + p.interval().size()));
            }
            placed.add(new Placed(iv, offset));
            rootOffset.put(iv.tensor(), offset);
            arena = Math.max(arena, offset + iv.size());
        }

        Map<String, Long> offsets = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : storage.entrySet()) {
            offsets.put(e.getKey(), rootOffset.get(e.getValue()));
        }
        long weights = 0;
        long scratch = 0;
        for (Node n : nodes) {
            weights += weightBytes.applyAsLong(n);
            scratch = Math.max(scratch, scratchBytes.applyAsLong(n));
        }
        Map<String, MemoryPlan.Lifetime> lifetimes = new LinkedHashMap<>();
        for (Interval iv : intervals) {
            lifetimes.put(iv.tensor(), new MemoryPlan.Lifetime(iv.size(), iv.start(), iv.end()));
        }
        return new MemoryPlan(elementBytes, align(arena), scratch, weights, offsets, storage, lifetimes);
    }

    private long align(long bytes) {
        return (bytes + alignment - 1) / alignment * alignment;
    }

    /** Reshape and Identity move no data and share their input's region. */
    public static boolean aliasesInput(Node node) {
        return node.op() instanceof Op.Reshape || node.op() instanceof Op.Identity;
    }
}
