package io.cmsisnn.codegen;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.quant.ConstArray;
import io.cmsisnn.quant.LegacyNetwork;
import io.cmsisnn.quant.LegacyStep;
import io.cmsisnn.quant.LegacyStep.TensorRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The C statements of a q7/q15 network's steps. Scalars become the layer's macros, defined in
 * argument order (the parameters header lists them so); tensors are arena pointers; the generated
 * loops are called by the network's own names and take its word size last. Remembers whether any
 * statement used the fallback loops or the scratch buffer.
 */
final class LegacyStatements {
    private final LegacyNetwork net;
    private final Graph graph;
    private final String name;
    private final String upper;
    private final String word;
    private final Map<String, String> offsetMacro;
    private final Map<String, ConstArray> arrays;
    private boolean usesOps;
    private boolean usesScratch;

    /**
     * @param offsetMacro tensor → the macro of its arena offset
     * @param arrays      the network's constant arrays by name, as the weights header declares them
     */
    LegacyStatements(LegacyNetwork net, String name, Map<String, String> offsetMacro, Map<String, ConstArray> arrays) {
        this.net = net;
        this.graph = net.graph();
        this.name = name;
        this.upper = CText.upper(name);
        this.word = net.bits() == 8 ? "q7_t" : "q15_t";
        this.offsetMacro = offsetMacro;
        this.arrays = arrays;
    }

    /** One statement per step of the layer of {@code node}, its scalars defined in {@code macros}. */
    List<String> of(Node node, List<LegacyStep> steps, LayerMacros macros) {
        Printer p = new Printer(node, macros);
        List<String> out = new ArrayList<>();
        for (LegacyStep s : steps) {
            out.add(s.accept(p));
        }
        return out;
    }

    boolean usesOps() {
        return usesOps;
    }

    boolean usesScratch() {
        return usesScratch;
    }

    private final class Printer implements LegacyStep.Visitor<String> {
        private final Node node;
        private final LayerMacros m;

        Printer(Node node, LayerMacros m) {
            this.node = node;
            this.m = m;
        }

        @Override
        public String visit(LegacyStep.Copy s) {
            return "memcpy(" + t(s.destination()) + ", " + t(s.source()) + ", " + n("SIZE", s.size()) + " * sizeof(" + word + "));";
        }

        @Override
        public String visit(LegacyStep.Convolution s) {
            return convolution(s.function(), s.kernel().square(), s.input(), s.geometry(), s.weights(), s.bias(), s.biasShift(),
                    s.outShift(), s.output());
        }

        @Override
        public String visit(LegacyStep.DepthwiseConvolution s) {
            return convolution(s.function(), s.square(), s.input(), s.geometry(), s.weights(), s.bias(), s.biasShift(), s.outShift(),
                    s.output());
        }

        @Override
        public String visit(LegacyStep.FullyConnected s) {
            return ignoringStatus(s.function(), t(s.input()), array(s.weights()), n("DIM_VEC", s.dimVec()), n("NUM_OF_ROWS", s.rows()),
                    n("BIAS_SHIFT", s.biasShift()), n("OUT_SHIFT", s.outShift()), array(s.bias()), t(s.output()), scratch());
        }

        @Override
        public String visit(LegacyStep.Pool s) {
            return call(s.function(), t(s.input()), n("DIM_IM_IN", s.dimIn()), n("CH_IM_IN", s.channels()), n("DIM_KERNEL", s.kernel()),
                    n("PADDING", s.padding()), n("STRIDE", s.stride()), n("DIM_IM_OUT", s.dimOut()),
                    s.max() ? "NULL" : "(q7_t *)" + scratch(), t(s.output()));
        }

        @Override
        public String visit(LegacyStep.Relu s) {
            return call(s.function(), t(s.data()), n("SIZE", s.size()));
        }

        @Override
        public String visit(LegacyStep.TableActivation s) {
            return call(s.function(), t(s.data()), n("SIZE", s.size()), n("INT_WIDTH", s.intWidth()), s.type().constant());
        }

        @Override
        public String visit(LegacyStep.Softmax s) {
            return call(s.function(), t(s.input()), n("DIM_VEC", s.dimVec()), t(s.output()));
        }

        @Override
        public String visit(LegacyStep.SoftmaxWithBatch s) {
            return call(s.function(), t(s.input()), n("NB_BATCHES", s.batches()), n("DIM_VEC", s.dimVec()), t(s.output()));
        }

        @Override
        public String visit(LegacyStep.GeneratedConv s) {
            return loop(s, t(s.input()), n("IN_H", s.inH()), n("IN_W", s.inW()), n("IN_CH", s.inC()), array(s.weights()),
                    array(s.bias()), n("OUT_CH", s.outC()), n("K_H", s.kH()), n("K_W", s.kW()), n("STRIDE_H", s.strideH()),
                    n("STRIDE_W", s.strideW()), n("DIL_H", s.dilH()), n("DIL_W", s.dilW()), n("PAD_TOP", s.padTop()),
                    n("PAD_LEFT", s.padLeft()), n("GROUPS", s.groups()), n("BIAS_SHIFT", s.biasShift()), n("OUT_SHIFT", s.outShift()),
                    t(s.output()), n("OUT_H", s.outH()), n("OUT_W", s.outW()));
        }

        @Override
        public String visit(LegacyStep.GeneratedDepthwise s) {
            return loop(s, t(s.input()), n("IN_H", s.inH()), n("IN_W", s.inW()), n("IN_CH", s.inC()), array(s.weights()),
                    array(s.bias()), n("MULTIPLIER", s.multiplier()), n("K_H", s.kH()), n("K_W", s.kW()), n("STRIDE_H", s.strideH()),
                    n("STRIDE_W", s.strideW()), n("DIL_H", s.dilH()), n("DIL_W", s.dilW()), n("PAD_TOP", s.padTop()),
                    n("PAD_LEFT", s.padLeft()), n("BIAS_SHIFT", s.biasShift()), n("OUT_SHIFT", s.outShift()), t(s.output()),
                    n("OUT_H", s.outH()), n("OUT_W", s.outW()));
        }

        @Override
        public String visit(LegacyStep.GeneratedDense s) {
            return loop(s, t(s.input()), n("POSITIONS", s.positions()), n("IN_FEATURES", s.inFeatures()), array(s.weights()),
                    array(s.bias()), n("OUT_FEATURES", s.outFeatures()), n("BIAS_SHIFT", s.biasShift()), n("OUT_SHIFT", s.outShift()),
                    t(s.output()));
        }

        @Override
        public String visit(LegacyStep.GeneratedPool s) {
            return loop(s, t(s.input()), n("IN_H", s.inH()), n("IN_W", s.inW()), n("CH", s.channels()), n("K_H", s.kH()),
                    n("K_W", s.kW()), n("STRIDE_H", s.strideH()), n("STRIDE_W", s.strideW()), n("PAD_TOP", s.padTop()),
                    n("PAD_LEFT", s.padLeft()), flag("IS_MAX", s.max()), flag("COUNT_INCLUDE_PAD", s.countIncludePad()),
                    t(s.output()), n("OUT_H", s.outH()), n("OUT_W", s.outW()));
        }

        @Override
        public String visit(LegacyStep.GlobalPool s) {
            return loop(s, t(s.input()), n("HW", s.hw()), n("CH", s.channels()), flag("IS_MAX", s.max()), t(s.output()));
        }

        @Override
        public String visit(LegacyStep.ScaleShift s) {
            return loop(s, t(s.input()), n("HW", s.hw()), n("CH", s.channels()), array(s.scale()), array(s.shift()),
                    n("BIAS_SHIFT", s.biasShift()), n("OUT_SHIFT", s.outShift()), t(s.output()));
        }

        @Override
        public String visit(LegacyStep.Add s) {
            return loop(s, tensors(s.inputs()), ints("SHIFTS", s.shifts()), n("N_INPUTS", s.inputs().size()), n("SIZE", s.size()),
                    t(s.output()));
        }

        @Override
        public String visit(LegacyStep.Concat s) {
            return loop(s, tensors(s.inputs()), ints("INNER", s.inner()), ints("SHIFTS", s.shifts()), n("N_INPUTS", s.inputs().size()),
                    n("OUTER", s.outer()), t(s.output()));
        }

        @Override
        public String visit(LegacyStep.Requantize s) {
            return loop(s, t(s.input()), n("SIZE", s.size()), n("SHIFT", s.shift()), t(s.output()));
        }

        @Override
        public String visit(LegacyStep.Clamp s) {
            return loop(s, t(s.input()), n("SIZE", s.size()), n("CLAMP_LO", s.lo()), n("CLAMP_HI", s.hi()), t(s.output()));
        }

        @Override
        public String visit(LegacyStep.LeakyRelu s) {
            return loop(s, t(s.input()), n("SIZE", s.size()), n("ALPHA", s.alpha()), n("ALPHA_FRAC", s.alphaFrac()), t(s.output()));
        }

        @Override
        public String visit(LegacyStep.Pad s) {
            return loop(s, t(s.input()), n("IN_H", s.inH()), n("IN_W", s.inW()), n("CH", s.channels()), n("PAD_TOP", s.top()),
                    n("PAD_BOTTOM", s.bottom()), n("PAD_LEFT", s.left()), n("PAD_RIGHT", s.right()), t(s.output()));
        }

        @Override
        public String visit(LegacyStep.Upsample s) {
            return loop(s, t(s.input()), n("IN_H", s.inH()), n("IN_W", s.inW()), n("CH", s.channels()), n("FACTOR_H", s.factorH()),
                    n("FACTOR_W", s.factorW()), t(s.output()));
        }

        /** The legacy convolution signature: square functions take the x sizes only; bufferA is the scratch, bufferB NULL. */
        private String convolution(String fn, boolean square, TensorRef in, LegacyStep.ConvGeometry g, ConstArray weights,
                                   ConstArray bias, int biasShift, int outShift, TensorRef out) {
            if (square) {
                return ignoringStatus(fn, t(in), n("DIM_IM_IN", g.inX()), n("CH_IM_IN", g.chIn()), array(weights),
                        n("CH_IM_OUT", g.chOut()), n("DIM_KERNEL", g.kernelX()), n("PADDING", g.padX()), n("STRIDE", g.strideX()),
                        array(bias), n("BIAS_SHIFT", biasShift), n("OUT_SHIFT", outShift), t(out), n("DIM_IM_OUT", g.outX()),
                        scratch(), "NULL");
            }
            return ignoringStatus(fn, t(in), n("DIM_IM_IN_X", g.inX()), n("DIM_IM_IN_Y", g.inY()), n("CH_IM_IN", g.chIn()),
                    array(weights), n("CH_IM_OUT", g.chOut()), n("DIM_KERNEL_X", g.kernelX()), n("DIM_KERNEL_Y", g.kernelY()),
                    n("PADDING_X", g.padX()), n("PADDING_Y", g.padY()), n("STRIDE_X", g.strideX()), n("STRIDE_Y", g.strideY()),
                    array(bias), n("BIAS_SHIFT", biasShift), n("OUT_SHIFT", outShift), t(out), n("DIM_IM_OUT_X", g.outX()),
                    n("DIM_IM_OUT_Y", g.outY()), scratch(), "NULL");
        }

        private String call(String fn, String... args) {
            return fn + "(" + String.join(", ", args) + ");";
        }

        /** Legacy convolutions and fully connected layers return an arm_status the generated code ignores. */
        private String ignoringStatus(String fn, String... args) {
            return "(void)" + call(fn, args);
        }

        /** A fallback loop under the network's prefix; the word size, its last argument, is defined after the others. */
        private String loop(LegacyStep.GeneratedLoop s, String... args) {
            usesOps = true;
            List<String> all = new ArrayList<>(List.of(args));
            all.add(n("BITS", net.bits()));
            return call(name + "_ops_" + s.loop(), all.toArray(String[]::new));
        }

        private String n(String label, int value) {
            return m.define(label, LegacyCodeGenerator.intValue(value));
        }

        private String flag(String label, boolean value) {
            return n(label, value ? 1 : 0);
        }

        private String ints(String label, List<Integer> values) {
            if (values.isEmpty()) {
                throw new CodegenException("layer '" + node.name() + "': int list " + label + " is empty");
            }
            List<String> vs = new ArrayList<>();
            for (int v : values) {
                vs.add(Integer.toString(v));
            }
            return m.define(label, "((const int[]){ " + String.join(", ", vs) + " })");
        }

        private String tensors(List<TensorRef> refs) {
            List<String> ptrs = new ArrayList<>();
            for (TensorRef r : refs) {
                ptrs.add(t(r));
            }
            return "(const void *const[]){ " + String.join(", ", ptrs) + " }";
        }

        private String array(ConstArray a) {
            if (!arrays.containsKey(a.name())) {
                throw new CodegenException("layer '" + node.name() + "' reads constant array '" + a.name() + "', which the network does not have");
            }
            return upper + "_" + a.name();
        }

        private String scratch() {
            if (net.scratchElements() <= 0) {
                throw new CodegenException("layer '" + node.name() + "' uses the scratch buffer, but the network reserves none (scratchElements 0)");
            }
            usesScratch = true;
            return name + "_scratch";
        }

        private String t(TensorRef t) {
            String macro = offsetMacro.get(t.tensor());
            if (macro == null) {
                throw new CodegenException("layer '" + node.name() + "' names tensor '" + t.tensor() + "', which the graph does not have");
            }
            int size = graph.shapeOf(t.tensor()).size();
            if (t.offset() < 0 || t.offset() >= size) {
                throw new CodegenException("layer '" + node.name() + "' points " + t.offset() + " elements into tensor '" + t.tensor()
                        + "' of " + size);
            }
            return "arena + " + macro + (t.offset() == 0 ? "" : " + " + t.offset());
        }
    }
}
