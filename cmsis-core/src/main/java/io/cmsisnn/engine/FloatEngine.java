package io.cmsisnn.engine;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.GraphException;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.graph.ShapeInference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a graph in float32: the reference the generated network is judged against. Kernels are
 * built once here; a run allocates its own tensors and shares nothing mutable, so one engine
 * serves any number of threads at once.
 */
public final class FloatEngine {
    private final Graph graph;
    private final Kernel[] kernels;
    /** Per node, where its inputs are: slot 0 is the graph input, slot i+1 the output of node i. */
    private final int[][] inputSlots;
    private final int[] sizes;
    private final int outputSlot;

    /** @throws GraphException when a node's recorded shape is not what its op makes of its inputs */
    public FloatEngine(Graph graph) {
        this.graph = graph;
        List<Node> nodes = graph.nodes();
        Map<String, Integer> slots = new HashMap<>();
        List<Shape> shapes = new ArrayList<>();
        slots.put(graph.inputName(), 0);
        shapes.add(graph.inputShape());
        kernels = new Kernel[nodes.size()];
        inputSlots = new int[nodes.size()][];
        sizes = new int[nodes.size() + 1];
        sizes[0] = graph.inputShape().size();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            List<String> names = node.inputs();
            int[] in = new int[names.size()];
            List<Shape> inShapes = new ArrayList<>(names.size());
            for (int k = 0; k < in.length; k++) {
                in[k] = slots.get(names.get(k)); // Graph guarantees every input is computed earlier
                inShapes.add(shapes.get(in[k]));
            }
            // kernels index by these shapes, so a node whose shape disagrees would read out of bounds
            Shape expected = ShapeInference.infer(node.name(), node.op(), inShapes);
            if (!expected.equals(node.shape())) {
                throw new GraphException("layer '" + node.name() + "' is recorded as " + node.shape() + " but "
                        + node.op().kind() + " on " + inShapes + " gives " + expected);
            }
            inputSlots[i] = in;
            kernels[i] = Kernels.of(node, inShapes);
            sizes[i + 1] = node.shape().size();
            slots.put(node.name(), i + 1);
            shapes.add(node.shape());
        }
        outputSlot = slots.get(graph.outputName());
    }

    public Graph graph() {
        return graph;
    }

    /** The output tensor (HWC order) for one input sample (HWC order); a new array. */
    public float[] run(float[] input) {
        return compute(input)[outputSlot];
    }

    /**
     * The output tensors for several samples at once, {@code run(batch[b])} for each b bit for bit
     * (each sample's values go through the same sums); the kernels process the samples side by
     * side, which makes their loops longer. New arrays.
     */
    public float[][] run(float[][] batch) {
        return runAllBatch(batch)[outputSlot];
    }

    /**
     * Every tensor for several samples at once, as {@code [tensor][sample]}: tensor 0 is the input
     * (copies), tensor i + 1 the output of node i in graph order; {@code runAll(batch[b])} for each
     * b, bit for bit. New arrays.
     */
    public float[][][] runAllBatch(float[][] batch) {
        int n = batch.length;
        float[][][] t = new float[kernels.length + 1][n][];
        for (int b = 0; b < n; b++) {
            check(batch[b]);
            t[0][b] = batch[b].clone();
        }
        for (int i = 0; i < kernels.length; i++) {
            int[] slots = inputSlots[i];
            float[][][] ins = new float[n][slots.length][];
            for (int b = 0; b < n; b++) {
                for (int k = 0; k < slots.length; k++) {
                    ins[b][k] = t[slots[k]][b];
                }
                t[i + 1][b] = new float[sizes[i + 1]];
            }
            kernels[i].computeBatch(ins, t[i + 1]);
        }
        return t;
    }

    /**
     * Every tensor of the graph by name, the input (a copy) first, then the nodes in graph order.
     * Each array is the run's own.
     */
    public Map<String, float[]> runAll(float[] input) {
        float[][] tensors = compute(input);
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put(graph.inputName(), tensors[0]);
        for (int i = 0; i < kernels.length; i++) {
            out.put(graph.nodes().get(i).name(), tensors[i + 1]);
        }
        return out;
    }

    private void check(float[] input) {
        if (input.length != sizes[0]) {
            throw new IllegalArgumentException("input has " + input.length + " values but '" + graph.name()
                    + "' expects " + graph.inputShape() + " = " + sizes[0] + " values");
        }
    }

    private float[][] compute(float[] input) {
        check(input);
        float[][] t = new float[kernels.length + 1][];
        t[0] = input.clone(); // never hand the caller's array back, nor keep it
        for (int i = 0; i < kernels.length; i++) {
            int[] slots = inputSlots[i];
            float[][] in = new float[slots.length][];
            for (int k = 0; k < slots.length; k++) {
                in[k] = t[slots[k]];
            }
            t[i + 1] = new float[sizes[i + 1]];
            kernels[i].compute(in, t[i + 1]);
        }
        return t;
    }
}
