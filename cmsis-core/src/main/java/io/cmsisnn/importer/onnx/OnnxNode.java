package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;

import java.util.Arrays;
import java.util.List;

/** One ONNX node with typed attribute access; an input named "" is an omitted optional input. */
final class OnnxNode {

    private final NodeProto proto;
    private final int index;
    private final int opset;

    OnnxNode(NodeProto proto, int index, int opset) {
        this.proto = proto;
        this.index = index;
        this.opset = opset;
    }

    NodeProto proto() {
        return proto;
    }

    String opType() {
        return proto.getOpType();
    }

    String domain() {
        return proto.getDomain();
    }

    /** The opset of the node's domain that the model imports. */
    int opset() {
        return opset;
    }

    /** The node's name, or a stand-in built from its position and first output when it has none. */
    String name() {
        if (!proto.getName().isEmpty()) {
            return proto.getName();
        }
        return proto.getOutputCount() > 0 ? proto.getOutput(0) : "#" + index;
    }

    /** How messages refer to the node. */
    String label() {
        String n = proto.getName().isEmpty()
                ? "#" + index + (proto.getOutputCount() > 0 ? " (output '" + proto.getOutput(0) + "')" : "")
                : "'" + proto.getName() + "'";
        return "node " + n + " (" + opType() + ", opset " + opset + ")";
    }

    List<String> inputs() {
        return proto.getInputList();
    }

    List<String> outputs() {
        return proto.getOutputList();
    }

    int inputCount() {
        return proto.getInputCount();
    }

    /** True when the optional input at i is given. */
    boolean hasInput(int i) {
        return i < proto.getInputCount() && !proto.getInput(i).isEmpty();
    }

    String input(int i) {
        if (!hasInput(i)) {
            throw new NodeProblem("lacks its input #" + i + "; the model is not valid ONNX");
        }
        return proto.getInput(i);
    }

    String output(int i) {
        return proto.getOutput(i);
    }

    boolean has(String attribute) {
        return attribute(attribute) != null;
    }

    long integer(String name, long fallback) {
        AttributeProto a = attribute(name);
        return a == null ? fallback : a.getI();
    }

    float real(String name, float fallback) {
        AttributeProto a = attribute(name);
        if (a == null) {
            return fallback;
        }
        // a few old exporters wrote float attributes as integers
        return a.getType() == AttributeProto.AttributeType.INT ? a.getI() : a.getF();
    }

    String string(String name, String fallback) {
        AttributeProto a = attribute(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** An integer list attribute, or the fallback when absent. */
    long[] longs(String name, long[] fallback) {
        AttributeProto a = attribute(name);
        if (a == null) {
            return fallback;
        }
        long[] v = new long[a.getIntsCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getInts(i);
        }
        return v;
    }

    int[] ints(String name, int[] fallback) {
        long[] v = longs(name, null);
        if (v == null) {
            return fallback;
        }
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != (int) v[i]) {
                throw new NodeProblem("has attribute " + name + "=" + Arrays.toString(v) + " out of range");
            }
            r[i] = (int) v[i];
        }
        return r;
    }

    AttributeProto attribute(String name) {
        for (AttributeProto a : proto.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
