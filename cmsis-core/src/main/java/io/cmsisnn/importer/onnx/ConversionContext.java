package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What op converters share: the value of every ONNX tensor seen so far, the graph being built, the
 * batch size, and who reads each tensor.
 */
final class ConversionContext {

    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, TensorProto> initializers;
    private final Map<String, Integer> readers;
    private final Map<String, Integer> holders = new HashMap<>();
    private final GraphNodes graph;
    private final int batch;

    /**
     * @param initializers decoded only when a node reads them, so that unused ones cost nothing
     * @param readers      how many converted nodes read each ONNX tensor; the network output counts as one
     * @param batch        the file's fixed batch size, or 0 when it is symbolic
     */
    ConversionContext(Map<String, TensorProto> initializers, Map<String, Integer> readers, GraphNodes graph, int batch) {
        this.initializers = initializers;
        this.readers = readers;
        this.graph = graph;
        this.batch = batch;
    }

    /** The fixed batch size of the file, or 0 when the batch axis is symbolic. */
    int batch() {
        return batch;
    }

    GraphNodes graph() {
        return graph;
    }

    Value value(String tensor) {
        Value v = values.get(tensor);
        if (v == null && initializers.containsKey(tensor)) {
            v = TensorDecoder.decode(initializers.get(tensor));
            values.put(tensor, v);
        }
        if (v == null) {
            throw new NodeProblem("reads '" + tensor + "', which no earlier node computes");
        }
        return v;
    }

    boolean isConstant(String tensor) {
        return value(tensor) instanceof ConstantTensor;
    }

    /** Input i, which must be computed by the network (not a constant). */
    DataTensor data(OnnxNode n, int i) {
        Value v = value(n.input(i));
        if (v instanceof DataTensor d) {
            return d;
        }
        throw new NodeProblem("has a constant as input #" + i + " ('" + n.input(i) + "') where the network's data is expected; "
                + "only the data input may be computed at run time");
    }

    /** Input i, which must be a constant (initializer, Constant node, or folded from them). */
    ConstantTensor constant(OnnxNode n, int i, String role) {
        Value v = value(n.input(i));
        if (v instanceof ConstantTensor c) {
            return c;
        }
        throw new NodeProblem("computes its " + role + " (input #" + i + ", '" + n.input(i) + "') at run time; "
                + "only constant " + role + "s are supported. Export the model with the " + role + " as an initializer "
                + "(e.g. torch.onnx.export(..., do_constant_folding=True))");
    }

    /** The optional constant input i, or null when omitted. */
    ConstantTensor optionalConstant(OnnxNode n, int i, String role) {
        return n.hasInput(i) ? constant(n, i, role) : null;
    }

    void bind(String tensor, Value v) {
        values.put(tensor, v);
        if (v instanceof DataTensor d) {
            holders.merge(d.node(), 1, Integer::sum);
        }
    }

    /** Adds a graph node for {@code n} and returns its name. */
    String emit(OnnxNode n, Op op, List<String> inputs) {
        return graph.add(n.name(), n.opType(), op, inputs);
    }

    /** Adds a graph node whose output is a natural tensor of the given ONNX rank, and binds output 0 to it. */
    DataTensor emitNatural(OnnxNode n, Op op, List<String> inputs, int rank) {
        String node = emit(n, op, inputs);
        Shape s = graph.shapeOf(node);
        DataTensor out = new DataTensor(node, Layouts.naturalDims(rank, s), s, null);
        bind(n.output(0), out);
        return out;
    }

    /** Adds an element-wise graph node: its output keeps the input's dims and placement. */
    void emitElementwise(OnnxNode n, Op op, DataTensor x) {
        String node = emit(n, op, List.of(x.node()));
        bind(n.output(0), x.heldBy(node));
    }

    /** True when nothing but one node reads this ONNX tensor and no other ONNX tensor names its graph node. */
    boolean soleReader(String tensor, DataTensor t) {
        return readers.getOrDefault(tensor, 0) == 1 && holders.getOrDefault(t.node(), 0) == 1 && graph.node(t.node()) != null;
    }

    /** Fails when output i of the node is read by anything (outputs used only in training). */
    void requireUnused(OnnxNode n, int i, String what) {
        if (i < n.outputs().size() && !n.output(i).isEmpty() && readers.getOrDefault(n.output(i), 0) > 0) {
            throw new NodeProblem("has its " + what + " output ('" + n.output(i) + "') read by the network; "
                    + "only inference outputs are supported. Export the model in eval mode (model.eval())");
        }
    }
}
