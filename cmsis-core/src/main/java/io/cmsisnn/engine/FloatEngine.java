package io.cmsisnn.engine;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a graph in float32: the reference the generated network is judged against. Immutable
 * after construction, so one engine serves many threads (each run allocates its own tensors).
 */
public final class FloatEngine {
    private final Graph graph;
    /** For each node, the slots of its inputs; slot 0 is the graph input, slot i+1 node i. */
    private final int[][] inputSlots;
    private final int outputSlot;

    public FloatEngine(Graph graph) {
        this.graph = graph;
        Map<String, Integer> slots = new HashMap<>();
        slots.put(graph.inputName(), 0);
        List<Node> nodes = graph.nodes();
        inputSlots = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            List<String> in = nodes.get(i).inputs();
            inputSlots[i] = new int[in.size()];
            for (int k = 0; k < in.size(); k++) {
                inputSlots[i][k] = slots.get(in.get(k));
            }
            slots.put(nodes.get(i).name(), i + 1);
        }
        outputSlot = slots.get(graph.outputName());
    }

    public Graph graph() {
        return graph;
    }

    /** The output tensor (HWC order) for one input sample (HWC order). */
    public float[] run(float[] input) {
        return compute(input)[outputSlot];
    }

    /** Every tensor of the graph by name, the input included, in graph order. */
    public Map<String, float[]> runAll(float[] input) {
        float[][] tensors = compute(input);
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put(graph.inputName(), tensors[0]);
        for (int i = 0; i < graph.nodes().size(); i++) {
            out.put(graph.nodes().get(i).name(), tensors[i + 1]);
        }
        return out;
    }

    private float[][] compute(float[] input) {
        if (input.length != graph.inputShape().size()) {
            throw new IllegalArgumentException("input has " + input.length + " values but '" + graph.name()
                    + "' expects " + graph.inputShape() + " = " + graph.inputShape().size());
        }
        List<Node> nodes = graph.nodes();
        float[][] t = new float[nodes.size() + 1][];
        Shape[] shapes = new Shape[nodes.size() + 1];
        t[0] = input;
        shapes[0] = graph.inputShape();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            int[] in = inputSlots[i];
            shapes[i + 1] = node.shape();
            t[i + 1] = execute(node, shapes[in[0]], t[in[0]], in, t, shapes);
        }
        return t;
    }

    private static float[] execute(Node node, Shape inShape, float[] x, int[] in, float[][] t, Shape[] shapes) {
        Op op = node.op();
        Shape out = node.shape();
        if (op instanceof Op.Reshape || op instanceof Op.Identity) {
            return x; // same values; tensors are never written after they are computed
        }
        float[] y = new float[out.size()];
        if (op instanceof Op.Conv2D c) {
            FloatKernels.conv(c, inShape, x, out, y);
        } else if (op instanceof Op.DepthwiseConv2D d) {
            FloatKernels.depthwise(d, inShape, x, out, y);
        } else if (op instanceof Op.Dense d) {
            FloatKernels.dense(d, inShape, x, y);
        } else if (op instanceof Op.Pool2D p) {
            FloatKernels.pool(p, inShape, x, out, y);
        } else if (op instanceof Op.GlobalPool g) {
            FloatKernels.globalPool(g, inShape, x, y);
        } else if (op instanceof Op.ActivationOp a) {
            FloatKernels.activation(a.activation(), x, y);
        } else if (op instanceof Op.Softmax) {
            FloatKernels.softmax(inShape, x, y);
        } else if (op instanceof Op.ScaleShift s) {
            FloatKernels.scaleShift(s, inShape, x, y);
        } else if (op instanceof Op.Add) {
            FloatKernels.add(gather(in, t), y);
        } else if (op instanceof Op.Concat c) {
            List<Shape> inShapes = new ArrayList<>();
            for (int slot : in) {
                inShapes.add(shapes[slot]);
            }
            FloatKernels.concat(c.axis(), inShapes, gather(in, t), out, y);
        } else if (op instanceof Op.Pad p) {
            FloatKernels.pad(p.padding(), inShape, x, out, y);
        } else if (op instanceof Op.Upsample u) {
            FloatKernels.upsample(u, inShape, x, out, y);
        } else {
            throw new IllegalStateException("no float kernel for " + op.kind());
        }
        return y;
    }

    private static List<float[]> gather(int[] slots, float[][] t) {
        List<float[]> xs = new ArrayList<>(slots.length);
        for (int s : slots) {
            xs.add(t[s]);
        }
        return xs;
    }
}
