package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;

import java.util.Arrays;
import java.util.List;

/**
 * Add of two computed tensors (residual connections), and Add, Sub, Mul, Div with a constant that
 * is uniform or per-channel. A constant added right after a Conv or a MatMul becomes its bias;
 * other constants become a per-channel scale and shift.
 */
final class ArithmeticOps {
    private ArithmeticOps() {
    }

    private enum Kind { ADD, SUB, MUL, DIV }

    static void add(ConversionContext c, OnnxNode n) {
        binary(c, n, Kind.ADD);
    }

    static void sub(ConversionContext c, OnnxNode n) {
        binary(c, n, Kind.SUB);
    }

    static void mul(ConversionContext c, OnnxNode n) {
        binary(c, n, Kind.MUL);
    }

    static void div(ConversionContext c, OnnxNode n) {
        binary(c, n, Kind.DIV);
    }

    private static void binary(ConversionContext c, OnnxNode n, Kind kind) {
        Value left = c.value(n.input(0));
        Value right = c.value(n.input(1));
        if (left instanceof DataTensor a && right instanceof DataTensor b) {
            twoTensors(c, n, kind, a, b);
        } else if (left instanceof DataTensor a && right instanceof ConstantTensor k) {
            withConstant(c, n, kind, a, k, false);
        } else if (left instanceof ConstantTensor k && right instanceof DataTensor b) {
            withConstant(c, n, kind, b, k, true);
        } else {
            throw new NodeProblem("combines two constants; fold them before export (torch.onnx.export(..., do_constant_folding=True))");
        }
    }

    private static void twoTensors(ConversionContext c, OnnxNode n, Kind kind, DataTensor a, DataTensor b) {
        if (kind != Kind.ADD) {
            throw new NodeProblem("combines two computed tensors; only Add is supported between them "
                    + "(element-wise " + n.opType() + " has no graph op)");
        }
        if (!Arrays.equals(a.dims(), b.dims())) {
            throw new NodeProblem("adds tensors of shapes " + a.describe() + " and " + b.describe()
                    + "; broadcasting between computed tensors is not supported");
        }
        if (!a.shape().equals(b.shape()) || !Arrays.equals(a.orderArray(), b.orderArray())) {
            throw new NodeProblem("adds two tensors of shape " + a.describe() + " whose elements sit in different orders "
                    + "after earlier Transpose/Reshape nodes");
        }
        String node = c.emit(n, new Op.Add(), List.of(a.node(), b.node()));
        c.bind(n.output(0), a.heldBy(node));
    }

    private static void withConstant(ConversionContext c, OnnxNode n, Kind kind, DataTensor x, ConstantTensor k, boolean constantFirst) {
        int alignAt = -1;
        if (n.opset() < 7) {
            // before opset 7 the second operand broadcasts only when asked, starting at 'axis' or aligned right
            if (n.integer("broadcast", 0) == 0 && k.rank() != x.rank() + 1 && k.size() != 1) {
                throw new NodeProblem("has operands of different shapes without broadcast=1");
            }
            if (n.has("axis")) {
                alignAt = (int) n.integer("axis", 0);
                if (alignAt < 0) {
                    alignAt += x.rank() + 1;
                }
            }
        }
        float[] v = ChannelConstants.perChannel(k, x, alignAt, "constant operand");
        float[] scale = new float[v.length];
        float[] shift = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            switch (kind) {
                case ADD:
                    scale[i] = 1f;
                    shift[i] = v[i];
                    break;
                case SUB:
                    scale[i] = constantFirst ? -1f : 1f;
                    shift[i] = constantFirst ? v[i] : -v[i];
                    break;
                case MUL:
                    scale[i] = v[i];
                    break;
                default:
                    if (constantFirst) {
                        throw new NodeProblem("divides a constant by the data; only division by a constant is supported");
                    }
                    scale[i] = 1f / v[i];
            }
        }
        boolean pureShift = kind == Kind.ADD || (kind == Kind.SUB && !constantFirst);
        if (pureShift && foldIntoBias(c, n, x, shift)) {
            return;
        }
        c.emitElementwise(n, new Op.ScaleShift(scale, shift), x);
    }

    /** Adds the shift to the bias of the Conv or Dense that alone feeds this node; false when there is none. */
    private static boolean foldIntoBias(ConversionContext c, OnnxNode n, DataTensor x, float[] shift) {
        if (!c.soleReader(dataInput(c, n), x)) {
            return false;
        }
        Node producer = c.graph().node(x.node());
        Op op = producer.op();
        Op folded = null;
        if (op instanceof Op.Dense d && d.activation().equals(Activation.LINEAR)) {
            folded = d.withParameters(d.weights(), plus(d.bias(), shift));
        } else if (op instanceof Op.Conv2D cv && cv.activation().equals(Activation.LINEAR)) {
            folded = cv.withParameters(cv.weights(), plus(cv.bias(), shift));
        } else if (op instanceof Op.DepthwiseConv2D dw && dw.activation().equals(Activation.LINEAR)) {
            folded = dw.withParameters(dw.weights(), plus(dw.bias(), shift));
        }
        if (folded == null) {
            return false;
        }
        c.graph().replace(producer.name(), producer.source() + "+" + n.opType(), folded);
        c.bind(n.output(0), x);
        return true;
    }

    private static String dataInput(ConversionContext c, OnnxNode n) {
        return c.value(n.input(0)) instanceof DataTensor ? n.input(0) : n.input(1);
    }

    private static float[] plus(float[] a, float[] b) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + b[i];
        }
        return r;
    }
}
