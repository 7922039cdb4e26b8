package io.cmsisnn.graph;

import java.util.List;

/**
 * One layer: its output tensor carries the node's name.
 *
 * @param name   unique name (the layer name from the model file)
 * @param source the layer's class in the source framework (e.g. Keras {@code Conv2D}), for reports and messages
 * @param op     what it computes
 * @param inputs names of the tensors it reads: the graph input or other nodes
 * @param shape  shape of its output
 */
public record Node(String name, String source, Op op, List<String> inputs, Shape shape) {
    public Node {
        inputs = List.copyOf(inputs);
    }

    public Node withOp(Op newOp) {
        return new Node(name, source, newOp, inputs, shape);
    }

    public Node withInputs(List<String> newInputs) {
        return new Node(name, source, op, newInputs, shape);
    }
}
