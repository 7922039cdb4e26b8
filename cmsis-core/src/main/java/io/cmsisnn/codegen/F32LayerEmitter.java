package io.cmsisnn.codegen;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Chooses the float32 kernel for each node and writes its parameters, arrays and calls. The
 * legacy-shaped {@code arm_*_f32} functions are used where the layer fits them (no dilation or
 * groups, linear output, square where the legacy function is square); the {@code cnn_f32_*}
 * functions cover the rest.
 */
final class F32LayerEmitter {
    private static final int VALUES_PER_LINE = 8;
    private static final int U16_MAX = 65535;

    private final Graph graph;
    private final String name;
    private final Function<String, String> pointer;

    /**
     * @param pointer tensor name → C expression of its address in the arena
     */
    F32LayerEmitter(Graph graph, String name, Function<String, String> pointer) {
        this.graph = graph;
        this.name = name;
        this.pointer = pointer;
    }

    void emit(Node node, int index, LayerCode code) {
        node.op().accept(new Layer(this, node, index, code));
    }

    /** Sends each op to its layer method below, so an op without one does not compile. */
    private static final class Layer implements Op.Visitor<Void> {
        private final F32LayerEmitter emitter;
        private final Node node;
        private final int index;
        private final LayerCode code;

        Layer(F32LayerEmitter emitter, Node node, int index, LayerCode code) {
            this.emitter = emitter;
            this.node = node;
            this.index = index;
            this.code = code;
        }

        @Override
        public Void conv2D(Op.Conv2D op) {
            emitter.conv(node, index, op, code);
            return null;
        }

        @Override
        public Void depthwiseConv2D(Op.DepthwiseConv2D op) {
            emitter.depthwise(node, index, op, code);
            return null;
        }

        @Override
        public Void dense(Op.Dense op) {
            emitter.dense(node, index, op, code);
            return null;
        }

        @Override
        public Void pool2D(Op.Pool2D op) {
            emitter.pool(node, op, code);
            return null;
        }

        @Override
        public Void globalPool(Op.GlobalPool op) {
            emitter.globalPool(node, op, code);
            return null;
        }

        @Override
        public Void activationOp(Op.ActivationOp op) {
            emitter.activationOp(node, op.activation(), code);
            return null;
        }

        @Override
        public Void softmax(Op.Softmax op) {
            emitter.softmax(node, code);
            return null;
        }

        @Override
        public Void logSoftmax(Op.LogSoftmax op) {
            emitter.logSoftmax(node, code);
            return null;
        }

        @Override
        public Void scaleShift(Op.ScaleShift op) {
            emitter.scaleShift(node, index, op, code);
            return null;
        }

        @Override
        public Void add(Op.Add op) {
            emitter.add(node, code);
            return null;
        }

        @Override
        public Void concat(Op.Concat op) {
            emitter.concat(node, op, code);
            return null;
        }

        @Override
        public Void pad(Op.Pad op) {
            emitter.pad(node, op, code);
            return null;
        }

        @Override
        public Void upsample(Op.Upsample op) {
            emitter.upsample(node, op, code);
            return null;
        }

        @Override
        public Void reshape(Op.Reshape op) {
            emitter.sharedMemory(node, code);
            return null;
        }

        @Override
        public Void identity(Op.Identity op) {
            emitter.sharedMemory(node, code);
            return null;
        }
    }

    // ---- layers --------------------------------------------------------------------------------

    private void conv(Node node, int index, Op.Conv2D c, LayerCode code) {
        Shape in = in(node, 0);
        Shape out = node.shape();
        checkChannels(node, in, c.inChannels());
        checkChannels(node, out, c.outChannels());
        if (c.groups() <= 0 || c.inChannels() % c.groups() != 0 || c.outChannels() % c.groups() != 0) {
            throw error(node, "has " + c.groups() + " groups, which do not divide " + c.inChannels() + " input and " + c.outChannels() + " output channels");
        }
        Activation act = c.activation();
        String w = weights(node, index, "weights", c.weights(), "[out][ky][kx][in/groups] = [" + c.outChannels() + "][" + c.kh() + "][" + c.kw() + "][" + c.inChannels() / c.groups() + "]", code);
        String b = weights(node, index, "bias", c.bias(), "[" + c.outChannels() + "]", code);
        String[] dims = spatial(node, in, out, c.kh(), c.kw(), c.strideH(), c.strideW(), c.padding(), code);
        String inCh = code.define("IN_CH", u16(node, c.inChannels()));
        String outCh = code.define("OUT_CH", u16(node, c.outChannels()));
        boolean legacy = c.dilationH() == 1 && c.dilationW() == 1 && c.groups() == 1 && act.kind() != Activation.Kind.CLAMP;
        if (legacy) {
            code.call("cnn_convolve_HWC_f32_nonsquare", pointer(node.inputs().get(0)), dims[0], dims[1], inCh, w, outCh,
                    dims[2], dims[3], dims[4], dims[5], dims[6], dims[7], b, pointer(node.name()), dims[8], dims[9]);
        } else {
            String dx = code.define("DILATION_X", u16(node, c.dilationW()));
            String dy = code.define("DILATION_Y", u16(node, c.dilationH()));
            String groups = code.define("GROUPS", u16(node, c.groups()));
            String[] bounds = bounds(node, act, code);
            code.call("cnn_f32_convolve_HWC_ext", pointer(node.inputs().get(0)), dims[0], dims[1], inCh, w, outCh,
                    dims[2], dims[3], dims[4], dims[5], dims[6], dims[7], dx, dy, groups, b, bounds[0], bounds[1],
                    pointer(node.name()), dims[8], dims[9]);
        }
        trailingActivation(node, act, code);
    }

    private void depthwise(Node node, int index, Op.DepthwiseConv2D d, LayerCode code) {
        Shape in = in(node, 0);
        Shape out = node.shape();
        checkChannels(node, in, d.inChannels());
        checkChannels(node, out, d.outChannels());
        Activation act = d.activation();
        String w = weights(node, index, "weights", d.weights(), "[ky][kx][in*multiplier] = [" + d.kh() + "][" + d.kw() + "][" + d.outChannels() + "]", code);
        String b = weights(node, index, "bias", d.bias(), "[" + d.outChannels() + "]", code);
        String[] dims = spatial(node, in, out, d.kh(), d.kw(), d.strideH(), d.strideW(), d.padding(), code);
        String inCh = code.define("IN_CH", u16(node, d.inChannels()));
        boolean legacy = d.multiplier() == 1 && d.dilationH() == 1 && d.dilationW() == 1 && act.kind() != Activation.Kind.CLAMP;
        if (legacy) {
            String outCh = code.define("OUT_CH", u16(node, d.outChannels()));
            code.call("cnn_depthwise_separable_conv_HWC_f32_nonsquare", pointer(node.inputs().get(0)), dims[0], dims[1], inCh, w,
                    outCh, dims[2], dims[3], dims[4], dims[5], dims[6], dims[7], b, pointer(node.name()), dims[8], dims[9]);
        } else {
            String mult = code.define("CH_MULT", u16(node, d.multiplier()));
            u16(node, d.outChannels());
            String dx = code.define("DILATION_X", u16(node, d.dilationW()));
            String dy = code.define("DILATION_Y", u16(node, d.dilationH()));
            String[] bounds = bounds(node, act, code);
            code.call("cnn_f32_depthwise_conv_HWC_ext", pointer(node.inputs().get(0)), dims[0], dims[1], inCh, w, mult,
                    dims[2], dims[3], dims[4], dims[5], dims[6], dims[7], dx, dy, b, bounds[0], bounds[1],
                    pointer(node.name()), dims[8], dims[9]);
        }
        trailingActivation(node, act, code);
    }

    private void dense(Node node, int index, Op.Dense d, LayerCode code) {
        Shape in = in(node, 0);
        long positions;
        if (in.c() == d.inFeatures()) {
            positions = (long) in.h() * in.w();
        } else if (in.size() == d.inFeatures()) {
            positions = 1;
        } else {
            throw error(node, "takes " + d.inFeatures() + " features but its input is " + in);
        }
        if (node.shape().size() != positions * d.outFeatures()) {
            throw error(node, "gives " + d.outFeatures() + " features at " + positions + " positions but its output is " + node.shape());
        }
        Activation act = d.activation();
        String w = weights(node, index, "weights", d.weights(), "[out][in] = [" + d.outFeatures() + "][" + d.inFeatures() + "]", code);
        String b = weights(node, index, "bias", d.bias(), "[" + d.outFeatures() + "]", code);
        String dimVec = code.define("DIM_VEC", d.inFeatures());
        String rows = code.define("ROWS", d.outFeatures());
        boolean legacy = positions == 1 && act.kind() != Activation.Kind.CLAMP && d.inFeatures() <= U16_MAX && d.outFeatures() <= U16_MAX;
        if (legacy) {
            code.call("cnn_fully_connected_f32", pointer(node.inputs().get(0)), w, dimVec, rows, b, pointer(node.name()));
        } else {
            String[] bounds = bounds(node, act, code);
            String pos = code.define("POSITIONS", positions);
            code.call("cnn_f32_fully_connected_ext", pointer(node.inputs().get(0)), w, dimVec, rows, b, bounds[0], bounds[1],
                    pos, pointer(node.name()));
        }
        trailingActivation(node, act, code);
    }

    private void pool(Node node, Op.Pool2D p, LayerCode code) {
        Shape in = in(node, 0);
        Shape out = node.shape();
        checkChannels(node, out, in.c());
        Padding pad = p.padding();
        boolean max = p.pool() == Op.PoolKind.MAX;
        boolean square = in.h() == in.w() && p.kh() == p.kw() && p.strideH() == p.strideW() && pad.top() == pad.left()
                && out.h() == out.w();
        String ch = code.define("CH", u16(node, in.c()));
        if (square && (max || !p.countIncludePad())) {
            String dimIn = code.define("DIM_IN", u16(node, in.w()));
            String k = code.define("KERNEL", u16(node, p.kw()));
            String padding = code.define("PAD", u16(node, pad.left()));
            String stride = code.define("STRIDE", u16(node, p.strideW()));
            String dimOut = code.define("DIM_OUT", u16(node, out.w()));
            code.call(max ? "cnn_maxpool_f32_HWC" : "cnn_avepool_f32_HWC", pointer(node.inputs().get(0)), dimIn, ch, k, padding,
                    stride, dimOut, pointer(node.name()));
            return;
        }
        String[] dims = spatial(node, in, out, p.kh(), p.kw(), p.strideH(), p.strideW(), pad, code);
        if (max) {
            code.call("cnn_f32_maxpool_HWC_nonsquare", pointer(node.inputs().get(0)), dims[0], dims[1], ch, dims[2], dims[3],
                    dims[4], dims[5], dims[6], dims[7], dims[8], dims[9], pointer(node.name()));
        } else {
            code.call("cnn_f32_avepool_HWC_nonsquare", pointer(node.inputs().get(0)), dims[0], dims[1], ch, dims[2], dims[3],
                    dims[4], dims[5], dims[6], dims[7], dims[8], dims[9], p.countIncludePad() ? "1" : "0", pointer(node.name()));
        }
    }

    private void globalPool(Node node, Op.GlobalPool g, LayerCode code) {
        Shape in = in(node, 0);
        checkChannels(node, node.shape(), in.c());
        String x = code.define("IN_X", u16(node, in.w()));
        String y = code.define("IN_Y", u16(node, in.h()));
        String ch = code.define("CH", u16(node, in.c()));
        code.call(g.pool() == Op.PoolKind.MAX ? "cnn_f32_global_maxpool_HWC" : "cnn_f32_global_avepool_HWC",
                pointer(node.inputs().get(0)), x, y, ch, pointer(node.name()));
    }

    private void activationOp(Node node, Activation a, LayerCode code) {
        String size = code.define("SIZE", sameSize(node));
        String x = pointer(node.inputs().get(0));
        String y = pointer(node.name());
        if (a.kind() == Activation.Kind.LINEAR) {
            code.call("cnn_f32_copy", x, size, y);
        } else {
            activationCall(node, a, x, size, y, code);
        }
    }

    private void softmax(Node node, LayerCode code) {
        Shape in = in(node, 0);
        sameSize(node);
        String dim = code.define("DIM_VEC", u16(node, in.c()));
        long positions = (long) in.h() * in.w();
        if (positions == 1) {
            code.call("cnn_softmax_f32", pointer(node.inputs().get(0)), dim, pointer(node.name()));
        } else {
            String pos = code.define("POSITIONS", positions);
            code.call("cnn_f32_softmax", pointer(node.inputs().get(0)), pos, dim, pointer(node.name()));
        }
    }

    /** CMSIS-NN has no log-softmax: the network's own C function (see {@link #logSoftmaxFunction}) computes it. */
    private void logSoftmax(Node node, LayerCode code) {
        Shape in = in(node, 0);
        sameSize(node);
        String dim = code.define("DIM_VEC", u16(node, in.c()));
        String pos = code.define("POSITIONS", (long) in.h() * in.w());
        code.call(logSoftmaxFunction(name), pointer(node.inputs().get(0)), pos, dim, pointer(node.name()));
    }

    /** The static function the network source defines when a layer calls it (f32_network_c.ftl). */
    static String logSoftmaxFunction(String networkName) {
        return networkName + "_log_softmax";
    }

    private void scaleShift(Node node, int index, Op.ScaleShift s, LayerCode code) {
        Shape in = in(node, 0);
        sameSize(node);
        checkChannels(node, in, s.scale().length);
        String scale = weights(node, index, "scale", s.scale(), "[" + in.c() + "]", code);
        String shift = weights(node, index, "shift", s.shift(), "[" + in.c() + "]", code);
        String pos = code.define("POSITIONS", (long) in.h() * in.w());
        String ch = code.define("CH", u16(node, in.c()));
        code.call("cnn_f32_scale_shift_HWC", pointer(node.inputs().get(0)), pos, ch, scale, shift, pointer(node.name()));
    }

    private void add(Node node, LayerCode code) {
        for (int i = 0; i < node.inputs().size(); i++) {
            if (!in(node, i).equals(node.shape())) {
                throw error(node, "adds a " + in(node, i) + " input to a " + node.shape() + " output");
            }
        }
        String size = code.define("SIZE", node.shape().size());
        String y = pointer(node.name());
        List<String> inputs = node.inputs();
        if (inputs.size() == 1) {
            code.call("cnn_f32_copy", pointer(inputs.get(0)), size, y);
            return;
        }
        code.call("cnn_f32_add", pointer(inputs.get(0)), pointer(inputs.get(1)), size, y);
        for (int i = 2; i < inputs.size(); i++) {
            code.call("cnn_f32_add", y, pointer(inputs.get(i)), size, y);
        }
    }

    private void concat(Node node, Op.Concat c, LayerCode code) {
        Shape out = node.shape();
        String outX = code.define("OUT_X", u16(node, out.w()));
        String outY = code.define("OUT_Y", u16(node, out.h()));
        String outCh = code.define("OUT_CH", u16(node, out.c()));
        int offset = 0;
        for (int i = 0; i < node.inputs().size(); i++) {
            Shape s = in(node, i);
            boolean fits = switch (c.axis()) {
                case H -> s.w() == out.w() && s.c() == out.c();
                case W -> s.h() == out.h() && s.c() == out.c();
                case C -> s.h() == out.h() && s.w() == out.w();
            };
            int extent = switch (c.axis()) {
                case H -> s.h();
                case W -> s.w();
                case C -> s.c();
            };
            int limit = switch (c.axis()) {
                case H -> out.h();
                case W -> out.w();
                case C -> out.c();
            };
            if (!fits || offset + extent > limit) {
                throw error(node, "concatenates a " + s + " input along " + c.axis() + " into a " + out + " output");
            }
            String p = "IN" + i;
            String x = code.define(p + "_X", u16(node, s.w()));
            String y = code.define(p + "_Y", u16(node, s.h()));
            String ch = code.define(p + "_CH", u16(node, s.c()));
            String ox = code.define(p + "_OFFSET_X", c.axis() == Op.Axis.W ? offset : 0);
            String oy = code.define(p + "_OFFSET_Y", c.axis() == Op.Axis.H ? offset : 0);
            String oc = code.define(p + "_OFFSET_C", c.axis() == Op.Axis.C ? offset : 0);
            code.call("cnn_f32_concat_HWC", pointer(node.inputs().get(i)), x, y, ch, pointer(node.name()), outX, outY, outCh,
                    ox, oy, oc);
            offset += extent;
        }
    }

    private void pad(Node node, Op.Pad p, LayerCode code) {
        Shape in = in(node, 0);
        Shape out = node.shape();
        Padding pad = p.padding();
        if (out.h() != in.h() + pad.top() + pad.bottom() || out.w() != in.w() + pad.left() + pad.right() || out.c() != in.c()) {
            throw error(node, "pads " + in + " by " + pad + " but its output is " + out);
        }
        String x = code.define("IN_X", u16(node, in.w()));
        String y = code.define("IN_Y", u16(node, in.h()));
        String ch = code.define("CH", u16(node, in.c()));
        String px = code.define("PAD_X", u16(node, pad.left()));
        String py = code.define("PAD_Y", u16(node, pad.top()));
        String ox = code.define("OUT_X", u16(node, out.w()));
        String oy = code.define("OUT_Y", u16(node, out.h()));
        String value = code.define("VALUE", CText.boundLiteral(p.value()));
        code.call("cnn_f32_pad_HWC", pointer(node.inputs().get(0)), x, y, ch, px, py, value, pointer(node.name()), ox, oy);
    }

    private void upsample(Node node, Op.Upsample u, LayerCode code) {
        Shape in = in(node, 0);
        Shape out = node.shape();
        if (out.h() != in.h() * u.factorH() || out.w() != in.w() * u.factorW() || out.c() != in.c()) {
            throw error(node, "upsamples " + in + " by " + u.factorH() + "x" + u.factorW() + " but its output is " + out);
        }
        String x = code.define("IN_X", u16(node, in.w()));
        String y = code.define("IN_Y", u16(node, in.h()));
        String ch = code.define("CH", u16(node, in.c()));
        String fx = code.define("FACTOR_X", u16(node, u.factorW()));
        String fy = code.define("FACTOR_Y", u16(node, u.factorH()));
        String ox = code.define("OUT_X", u16(node, out.w()));
        String oy = code.define("OUT_Y", u16(node, out.h()));
        code.call("cnn_f32_upsample_nearest_HWC", pointer(node.inputs().get(0)), x, y, ch, fx, fy, pointer(node.name()), ox, oy);
    }

    /** A reshape or identity: the output is the input's memory, so only a note and the size check. */
    private void sharedMemory(Node node, LayerCode code) {
        Shape in = in(node, 0);
        if (in.size() != node.shape().size()) {
            throw error(node, "reshapes " + in + " (" + in.size() + " values) to " + node.shape() + " (" + node.shape().size() + " values)");
        }
        code.note("no code: shares the memory of '" + node.inputs().get(0) + "'");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String pointer(String tensor) {
        return pointer.apply(tensor);
    }

    /** Defines IN_X, IN_Y, KERNEL_X/Y, PAD_X/Y (left/top), STRIDE_X/Y, OUT_X/Y, in that order. */
    private String[] spatial(Node node, Shape in, Shape out, int kh, int kw, int strideH, int strideW, Padding pad, LayerCode code) {
        return new String[] {
            code.define("IN_X", u16(node, in.w())),
            code.define("IN_Y", u16(node, in.h())),
            code.define("KERNEL_X", u16(node, kw)),
            code.define("KERNEL_Y", u16(node, kh)),
            code.define("PAD_X", u16(node, pad.left())),
            code.define("PAD_Y", u16(node, pad.top())),
            code.define("STRIDE_X", u16(node, strideW)),
            code.define("STRIDE_Y", u16(node, strideH)),
            code.define("OUT_X", u16(node, out.w())),
            code.define("OUT_Y", u16(node, out.h())),
        };
    }

    /** Clamp bounds for a kernel's output: the activation's for CLAMP, none otherwise. */
    private String[] bounds(Node node, Activation act, LayerCode code) {
        if (act.kind() == Activation.Kind.CLAMP) {
            if (Float.isNaN(act.low()) || Float.isNaN(act.high())) {
                throw error(node, "has a clamp activation with a NaN bound");
            }
            return new String[] {code.define("ACT_MIN", CText.boundLiteral(act.low())), code.define("ACT_MAX", CText.boundLiteral(act.high()))};
        }
        return new String[] {code.define("ACT_MIN", "(-INFINITY)"), code.define("ACT_MAX", "INFINITY")};
    }

    /** A sigmoid, tanh or leaky ReLU that a kernel cannot fuse, applied in place afterwards. */
    private void trailingActivation(Node node, Activation act, LayerCode code) {
        if (act.isFusable()) {
            return;
        }
        String y = pointer(node.name());
        activationCall(node, act, y, code.define("SIZE", node.shape().size()), y, code);
    }

    private void activationCall(Node node, Activation a, String x, String size, String y, LayerCode code) {
        switch (a.kind()) {
            case CLAMP -> {
                String[] b = bounds(node, a, code);
                code.call("cnn_f32_clamp", x, size, b[0], b[1], y);
            }
            case SIGMOID -> code.call("cnn_f32_sigmoid", x, size, y);
            case TANH -> code.call("cnn_f32_tanh", x, size, y);
            case LEAKY_RELU -> {
                if (!Float.isFinite(a.alpha())) {
                    throw error(node, "has a leaky ReLU slope of " + a.alpha() + ", which C code cannot hold");
                }
                code.call("cnn_f32_leaky_relu", x, size, code.define("ALPHA", CText.boundLiteral(a.alpha())), y);
            }
            case LINEAR -> code.call("cnn_f32_copy", x, size, y);
            default -> throw error(node, "has an activation the f32 code generator does not know: " + a);
        }
    }

    private String weights(Node node, int index, String what, float[] values, String layout, LayerCode code) {
        String array = name + "_l" + index + "_" + CText.identifierPart(node.name(), 40) + "_" + what;
        List<String> lines = new ArrayList<>((values.length + VALUES_PER_LINE - 1) / VALUES_PER_LINE);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!Float.isFinite(v)) {
                throw error(node, "has " + (Float.isNaN(v) ? "NaN" : "an infinite value") + " in its " + what + " at index " + i
                        + ": retrain or fix the model, C code cannot hold it");
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(CText.floatLiteral(v)).append(',');
            if ((i + 1) % VALUES_PER_LINE == 0 || i == values.length - 1) {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        code.array(array, CText.comment("'" + node.name() + "' " + what + " " + layout), lines, values.length);
        return array;
    }

    private Shape in(Node node, int i) {
        return graph.shapeOf(node.inputs().get(i));
    }

    private int sameSize(Node node) {
        Shape in = in(node, 0);
        if (in.size() != node.shape().size()) {
            throw error(node, "maps a " + in + " input to a " + node.shape() + " output");
        }
        return in.size();
    }

    private void checkChannels(Node node, Shape shape, int channels) {
        if (shape.c() != channels) {
            throw error(node, "expects " + channels + " channels where the graph has " + shape);
        }
    }

    private int u16(Node node, int value) {
        if (value < 0 || value > U16_MAX) {
            throw error(node, "needs the value " + value + " in an argument the CMSIS-NN kernels take as uint16_t (0..65535)");
        }
        return value;
    }

    private CodegenException error(Node node, String what) {
        return new CodegenException("layer '" + node.name() + "' (" + node.source() + ", " + node.op().kind() + ") " + what);
    }
}
