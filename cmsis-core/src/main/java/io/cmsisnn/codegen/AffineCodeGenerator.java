package io.cmsisnn.codegen;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.plan.AffinePlan;
import io.cmsisnn.plan.AffineScratch;
import io.cmsisnn.plan.MemoryPlan;
import io.cmsisnn.plan.MemoryPlanner;
import io.cmsisnn.quant.AffineLayer;
import io.cmsisnn.quant.AffineNetwork;
import io.cmsisnn.quant.AffineQuant;
import io.cmsisnn.quant.AffineStep;
import io.cmsisnn.quant.NnTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an {@link AffineNetwork} into C source for schemes {@code s8} and {@code s16}: per layer
 * the CMSIS-NN call with its {@code cmsis_nn_context}, {@code *_params},
 * {@code cmsis_nn_per_channel_quant_params} and {@code cmsis_nn_dims} structs, all tensors in one
 * static arena laid out by {@link MemoryPlanner}, one scratch buffer. Files as for q7/q15:
 * {@code n.h}, {@code n.c}, {@code n_weights.h}, {@code n_parameters.h}. Same network, same bytes.
 */
public final class AffineCodeGenerator {
    private static final int VALUES_PER_LINE = 12;

    private final Templates templates = new Templates();
    private final String version;

    public AffineCodeGenerator() {
        this(CodeGenerator.detectVersion());
    }

    /** @param version the plugin version quoted in every file header */
    public AffineCodeGenerator(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("no generator version given");
        }
        this.version = version.strip();
    }

    /**
     * @param headerNotes notes for firmware authors added to the input comment of {@code n.h}
     * @throws CodegenException when the name is unusable or the network is inconsistent
     */
    public GeneratedNetwork generate(AffineNetwork net, String networkName, String modelFileName, List<String> headerNotes) {
        return generate(net, networkName, modelFileName, headerNotes, RawInput.IDENTITY);
    }

    /** As {@link #generate(AffineNetwork, String, String, List)}; {@code n.h} records {@code raw} for firmware that reads raw data. */
    public GeneratedNetwork generate(AffineNetwork net, String networkName, String modelFileName, List<String> headerNotes, RawInput raw) {
        NetworkNames.check(networkName);
        return new Run(net, networkName, modelFileName, headerNotes, raw).generate();
    }

    private final class Run {
        private final AffineNetwork net;
        private final Graph graph;
        private final String name;
        private final String upper;
        private final String model;
        private final List<String> headerNotes;
        private final RawInput raw;
        private final String type;
        private final MemoryPlan plan;
        private final Map<String, String> offsetMacro = new HashMap<>();
        private final List<Map<String, Object>> arrays = new ArrayList<>();
        private long weightBytes;
        /** Whether a generated loop calls the network's own arm_nn_requantize twin. */
        private boolean requantize;

        Run(AffineNetwork net, String name, String model, List<String> headerNotes, RawInput raw) {
            this.net = net;
            this.raw = raw;
            this.graph = net.graph();
            this.name = name;
            this.upper = CText.upper(name);
            this.model = model;
            this.headerNotes = List.copyOf(headerNotes);
            this.type = net.bits() == 8 ? "int8_t" : "int16_t";
            this.plan = AffinePlan.of(net);
        }

        GeneratedNetwork generate() {
            List<Node> nodes = graph.nodes();
            if (net.layers().size() != nodes.size()) {
                throw new CodegenException("network '" + name + "' has " + net.layers().size() + " quantized layers for "
                        + nodes.size() + " graph nodes");
            }
            offsetMacro.put(graph.inputName(), upper + "_INPUT_OFFSET");
            List<Map<String, Object>> defines = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                String macro = upper + "_L" + (i + 1) + "_OFFSET";
                offsetMacro.put(nodes.get(i).name(), macro);
                defines.add(define(macro, Long.toString(plan.elementOffsetOf(nodes.get(i).name()))));
            }
            List<Map<String, Object>> layerModels = new ArrayList<>();
            Map<String, String> functions = new LinkedHashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                AffineLayer layer = net.layers().get(i);
                if (!layer.node().name().equals(node.name())) {
                    throw new CodegenException("quantized layer " + (i + 1) + " is '" + layer.node().name() + "' but graph node "
                            + (i + 1) + " is '" + node.name() + "'");
                }
                List<String> lines = new ArrayList<>();
                String prefix = upper + "_L" + (i + 1);
                for (AffineStep step : layer.steps()) {
                    lines.addAll(step.accept(new StepText(node, prefix, cType(node.name()))));
                }
                if (lines.isEmpty()) {
                    lines.add(plan.isAlias(node.name()) ? "/* no code: the tensor shares its input's memory */" : "/* no code */");
                }
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("comment", CodeGenerator.layerComment(graph, node, i + 1));
                lm.put("details", details(layer));
                lm.put("defines", List.of(defines.get(i)));
                lm.put("lines", lines);
                lm.put("mark", ProfileHook.mark(i));
                layerModels.add(lm);
                functions.put(node.name(), layer.function());
            }
            long scratchBytes = AffineScratch.bytes(net);
            Shape in = graph.inputShape();
            Shape out = graph.outputShape();
            AffineQuant inQ = net.inputQuant();
            AffineQuant outQ = net.outputQuant();
            String scheme = net.schemeId();

            Map<String, Object> m = NetworkModel.common(new NetworkModel.Banner(version, model, scheme,
                            net.singleRounding() ? ", roundingMode single" : ", roundingMode default"), name, graph, plan,
                    new NetworkModel.Encoding(describe(inQ), describe(outQ)),
                    new NetworkModel.Sizes(plan.arenaBytes(), weightBytes, scratchBytes), headerNotes, raw, layerModels);
            m.put("scheme", scheme);
            m.put("type", type);
            m.put("typeName", net.bits() == 8 ? "int8" : "int16");
            m.put("perChannel", net.perChannel());
            m.put("widenedLines", widenedLines());
            m.put("singleRounding", net.singleRounding());
            m.put("roundingText", net.singleRounding() ? "kernels built with CMSIS_NN_USE_SINGLE_ROUNDING (the generated code"
                    + " stops with #error otherwise)" : "kernels built without CMSIS_NN_USE_SINGLE_ROUNDING (the generated code"
                    + " stops with #error otherwise)");
            m.put("qmin", Integer.toString(net.qmin()));
            m.put("qmax", Integer.toString(net.qmax()));
            m.put("inputScale", scale(inQ));
            m.put("inputZeroPoint", intValue(inQ.zeroPoint()));
            m.put("outputScale", scale(outQ));
            m.put("outputZeroPoint", intValue(outQ.zeroPoint()));
            m.put("hasScratch", scratchBytes > 0);
            m.put("notes", net.notes().stream().map(CText::comment).toList());
            m.put("arrays", arrays);
            m.put("needsRequantize", requantize);

            Map<String, String> files = new LinkedHashMap<>();
            files.put(name + ".h", templates.render("s8_network_h.ftl", m));
            files.put(name + ".c", templates.render("s8_network_c.ftl", m));
            files.put(name + "_weights.h", templates.render("s8_weights_h.ftl", m));
            files.put(name + "_parameters.h", templates.render("s8_parameters_h.ftl", m));
            List<String> definitions = net.singleRounding() ? List.of("CMSIS_NN_USE_SINGLE_ROUNDING") : List.of();
            return new GeneratedNetwork(name, scheme, files, in, out, weightBytes, plan.arenaBytes(), scratchBytes, functions,
                    definitions, true, nodes.stream().map(Node::name).toList());
        }

        /**
         * For an s8 network with int16 layers, the header's sentence saying so (wrapped as the
         * header's comment is); nothing otherwise, so that such networks' files are unchanged.
         */
        private List<String> widenedLines() {
            if (!net.mixed()) {
                return List.of();
            }
            long layers = net.layers().stream().filter(l -> net.bits(l.node().name()) == 16 && !l.steps().isEmpty()
                    && !(l.steps().get(0) instanceof AffineStep.Requantize)).count();
            return List.of(layers + " layer(s) run as 16x8 (layerPrecision): their tensors are int16 codes with zero",
                    "point 0, moved from and to int8 by generated requantize loops; input and output are int8.");
        }

        /** A tensor's C element type. */
        private String cType(String tensor) {
            return net.bits(tensor) == 8 ? "int8_t" : "int16_t";
        }

        /** "int16 " or "int8 " before a tensor's quantization where the network mixes word sizes, else nothing. */
        private String word(String tensor) {
            return net.mixed() ? "int" + net.bits(tensor) + " " : "";
        }

        private List<String> details(AffineLayer layer) {
            List<String> d = new ArrayList<>();
            Node node = layer.node();
            String input = node.inputs().get(0);
            d.add(CText.comment("input " + word(input) + describe(layer.input()) + ", output " + word(node.name())
                    + describe(layer.output())));
            String reason = layer.reason() == null || layer.reason().isBlank() ? "" : ": " + layer.reason();
            d.add(CText.comment(layer.function() + reason));
            for (String n : layer.notes()) {
                d.add(CText.comment("note: " + n));
            }
            return d;
        }

        /**
         * The C lines of one step of a layer: the kernel call with its structs and the weights and
         * parameters it reads (added to the weights file as it goes), or a generated loop.
         */
        private final class StepText implements AffineStep.Visitor<List<String>> {
            private final Node node;
            private final String prefix;
            private final String in;
            private final String out;
            /** The C type of the layer's output (and, but for a requantize step, of its inputs). */
            private final String type;
            private final List<String> l = new ArrayList<>();

            StepText(Node node, String prefix, String type) {
                this.node = node;
                this.prefix = prefix;
                this.type = type;
                this.in = tensor(node.inputs().get(0));
                this.out = tensor(node.name());
            }

            @Override
            public List<String> convolution(AffineStep.Convolution c) {
                String w = array(prefix + "_WEIGHTS", "int8_t", bytes(c.weights().values()), "weights of '" + node.name() + "', "
                        + (c.depthwise() ? "[ky][kx][in * multiplier]" : "[out][ky][kx][in]"));
                String bias = bias(c.weights());
                AffineStep.Requantization r = c.requantization();
                String mult = array(prefix + "_MULTIPLIER", "int32_t", ints(r.multipliers()), "rescale multiplier per output channel");
                String shift = array(prefix + "_SHIFT", "int32_t", ints(r.shifts()), "rescale shift per output channel");
                l.add("{");
                if (c.depthwise()) {
                    NnTypes.DwConvParams p = c.dwParams();
                    l.add("    const cmsis_nn_dw_conv_params params = {" + p.inputOffset() + ", " + p.outputOffset() + ", " + p.chMult()
                            + ", " + tile(p.stride()) + ", " + tile(p.padding()) + ", " + tile(p.dilation()) + ", "
                            + activation(p.activation()) + "};");
                } else {
                    NnTypes.ConvParams p = c.convParams();
                    l.add("    const cmsis_nn_conv_params params = {" + p.inputOffset() + ", " + p.outputOffset() + ", " + tile(p.stride())
                            + ", " + tile(p.padding()) + ", " + tile(p.dilation()) + ", " + activation(p.activation()) + "};");
                }
                l.add("    const cmsis_nn_per_channel_quant_params quant = {(int32_t *)" + mult + ", (int32_t *)" + shift + "};");
                l.add("    const cmsis_nn_dims input_dims = " + dims(c.inputDims()) + ";");
                l.add("    const cmsis_nn_dims filter_dims = " + dims(c.filterDims()) + ";");
                l.add("    const cmsis_nn_dims bias_dims = " + dims(c.biasDims()) + ";");
                l.add("    const cmsis_nn_dims output_dims = " + dims(c.outputDims()) + ";");
                String biasArg = bias;
                if (c.int16() && !c.depthwise()) {
                    l.add("    const cmsis_nn_bias_data bias = {" + bias + ", false};");
                    biasArg = "&bias";
                }
                l.add("    status = " + c.function() + "(&ctx, &params, &quant, &input_dims, " + in + ", &filter_dims, " + w
                        + ", &bias_dims, " + biasArg + ", &output_dims, " + out + ");");
                l.add("}");
                return checked();
            }

            @Override
            public List<String> fullyConnected(AffineStep.FullyConnected f) {
                String w = array(prefix + "_WEIGHTS", "int8_t", bytes(f.weights().values()),
                        "weights of '" + node.name() + "', [out][in]");
                String bias = bias(f.weights());
                AffineStep.Requantization r = f.requantization();
                NnTypes.FcParams p = f.fcParams();
                l.add("{");
                l.add("    const cmsis_nn_fc_params params = {" + p.inputOffset() + ", " + p.filterOffset() + ", " + p.outputOffset() + ", "
                        + activation(p.activation()) + "};");
                if (f.perChannel()) {
                    String mult = array(prefix + "_MULTIPLIER", "int32_t", ints(r.multipliers()), "rescale multiplier per output");
                    String shift = array(prefix + "_SHIFT", "int32_t", ints(r.shifts()), "rescale shift per output");
                    l.add("    const cmsis_nn_per_channel_quant_params quant = {(int32_t *)" + mult + ", (int32_t *)" + shift + "};");
                } else {
                    l.add("    const cmsis_nn_per_tensor_quant_params quant = {" + r.multipliers()[0] + ", " + r.shifts()[0] + "};");
                }
                l.add("    const cmsis_nn_dims input_dims = " + dims(f.inputDims()) + ";");
                l.add("    const cmsis_nn_dims filter_dims = " + dims(f.filterDims()) + ";");
                l.add("    const cmsis_nn_dims bias_dims = " + dims(f.biasDims()) + ";");
                l.add("    const cmsis_nn_dims output_dims = " + dims(f.outputDims()) + ";");
                if (!f.int16()) {
                    // Helium builds of upstream CMSIS-NN read the weights' row sums (times the input offset, plus the
                    // bias) from the context buffer instead of the bias, as TFLM fills it; the plain-C path and the
                    // project's portable kernels ignore it, so they skip the work
                    l.add("#if defined(ARM_MATH_MVEI) && !defined(CNN_S8_PORTABLE_KERNELS)");
                    l.add("    (void)arm_vector_sum_s8((int32_t *)ctx.buf, " + f.depth() + ", " + f.outputs() + ", " + w + ", "
                            + p.inputOffset() + ", 0, " + bias + ");");
                    l.add("#endif");
                }
                l.add("    status = " + f.function() + "(&ctx, &params, &quant, &input_dims, " + in + ", &filter_dims, " + w
                        + ", &bias_dims, " + bias + ", &output_dims, " + out + ");");
                l.add("}");
                return checked();
            }

            @Override
            public List<String> pool(AffineStep.Pool p) {
                l.add("{");
                NnTypes.PoolParams params = p.poolParams();
                l.add("    const cmsis_nn_pool_params params = {" + tile(params.stride()) + ", " + tile(params.padding()) + ", "
                        + activation(params.activation()) + "};");
                l.add("    const cmsis_nn_dims input_dims = " + dims(p.inputDims()) + ";");
                l.add("    const cmsis_nn_dims filter_dims = " + dims(p.filterDims()) + ";");
                l.add("    const cmsis_nn_dims output_dims = " + dims(p.outputDims()) + ";");
                l.add("    status = " + p.function() + "(&ctx, &params, &input_dims, " + in + ", &filter_dims, &output_dims, " + out + ");");
                l.add("}");
                return checked();
            }

            @Override
            public List<String> softmax(AffineStep.Softmax s) {
                l.add("arm_softmax_s8(" + in + ", " + s.rows() + ", " + s.rowSize() + ", " + s.multiplier() + ", " + s.shift() + ", "
                        + intValue(s.diffMin()) + ", " + out + ");");
                return l;
            }

            @Override
            public List<String> softmaxS16(AffineStep.SoftmaxS16 s) {
                String exp = array(prefix + "_EXP_LUT", "int16_t", shorts(s.expTable()),
                        "exp(x) over [-10, 0] in 2^-15 units, 513 entries (TFLM's int16 softmax table)");
                String reciprocal = array(prefix + "_ONE_BY_ONE_LUT", "int16_t", shorts(s.oneOverOnePlusXTable()),
                        "1 / (1 + x) over [0, 1] in 2^-15 units, 513 entries (TFLM's int16 softmax table)");
                l.add("{");
                l.add("    const cmsis_nn_softmax_lut_s16 luts = {" + exp + ", " + reciprocal + "};");
                l.add("    status = arm_softmax_s16(" + in + ", " + s.rows() + ", " + s.rowSize() + ", " + s.multiplier() + ", "
                        + intValue(s.shift()) + ", &luts, " + out + ");");
                l.add("}");
                return checked();
            }

            @Override
            public List<String> add(AffineStep.Add a) {
                String in2 = tensor(node.inputs().get(1));
                l.add("status = " + a.function() + "(" + in + ", " + in2 + ", " + operand(a.input1()) + ", " + operand(a.input2()) + ", "
                        + a.leftShift() + ", " + out + ", " + operand(a.output()) + ", " + a.activation().min() + ", "
                        + a.activation().max() + ", " + a.size() + ");");
                return checked();
            }

            @Override
            public List<String> table(AffineStep.Table t) {
                String table = array(prefix + "_TABLE", "int8_t", bytes(t.table()), "output code for input code i - 128");
                l.add("{");
                l.add("    const int8_t *in = " + in + ";");
                l.add("    int8_t *out = " + out + ";");
                l.add("    int32_t i;");
                l.add("    for (i = 0; i < " + t.size() + "; i++) {");
                l.add("        out[i] = " + table + "[in[i] + 128];");
                l.add("    }");
                l.add("}");
                return l;
            }

            @Override
            public List<String> clamp(AffineStep.Clamp c) {
                l.add("{");
                l.add("    const " + type + " *in = " + in + ";");
                l.add("    " + type + " *out = " + out + ";");
                l.add("    int32_t i;");
                l.add("    for (i = 0; i < " + c.size() + "; i++) {");
                // a bound at the type's own limit would be a comparison that is always false (-Wtype-limits)
                long typeMin = type.equals("int8_t") ? Byte.MIN_VALUE : Short.MIN_VALUE;
                long typeMax = type.equals("int8_t") ? Byte.MAX_VALUE : Short.MAX_VALUE;
                String value = "in[i]";
                int min = c.range().min();
                int max = c.range().max();
                if (max < typeMax) {
                    value = "(in[i] > " + intValue(max) + " ? " + intValue(max) + " : " + value + ")";
                }
                if (min > typeMin) {
                    value = "(in[i] < " + intValue(min) + " ? " + intValue(min) + " : " + value + ")";
                }
                l.add("        out[i] = (" + type + ")" + value + ";");
                l.add("    }");
                l.add("}");
                return l;
            }

            @Override
            public List<String> concatSlice(AffineStep.ConcatSlice c) {
                Run.this.concatSlice(node, c, out, type, l);
                return l;
            }

            @Override
            public List<String> pad(AffineStep.Pad p) {
                Run.this.pad(p, in, out, type, l);
                return p.int16() ? l : checked();
            }

            @Override
            public List<String> leakyRelu(AffineStep.LeakyRelu r) {
                requantize = true;
                l.add("{");
                l.add("    const " + type + " *in = " + in + ";");
                l.add("    " + type + " *out = " + out + ";");
                l.add("    int32_t i;");
                l.add("    for (i = 0; i < " + r.size() + "; i++) {");
                AffineStep.Recode recode = r.recode();
                l.add("        const int32_t x = (int32_t)in[i] - " + intValue(recode.inputZeroPoint()) + ";");
                l.add("        const int32_t v = " + intValue(recode.outputZeroPoint()) + " + (x >= 0 ? " + name + "_requantize(x, "
                        + r.identity().multiplier() + ", " + intValue(r.identity().shift()) + ") : " + name + "_requantize(x, "
                        + r.alpha().multiplier() + ", " + intValue(r.alpha().shift()) + "));");
                l.add("        out[i] = (" + type + ")" + clampExpr("v", recode.range().min(), recode.range().max()) + ";");
                l.add("    }");
                l.add("}");
                return l;
            }

            @Override
            public List<String> requantize(AffineStep.Requantize r) {
                requantize = true;
                String from = r.fromInt16() ? "int16_t" : "int8_t";
                String to = r.toInt16() ? "int16_t" : "int8_t";
                AffineStep.Recode recode = r.recode();
                l.add("{");
                l.add("    const " + from + " *in = " + in + ";");
                l.add("    " + to + " *out = " + out + ";");
                l.add("    int32_t i;");
                l.add("    for (i = 0; i < " + r.size() + "; i++) {");
                l.add("        const int32_t v = " + intValue(recode.outputZeroPoint()) + " + " + name + "_requantize((int32_t)in[i] - "
                        + intValue(recode.inputZeroPoint()) + ", " + r.multiplier().multiplier() + ", "
                        + intValue(r.multiplier().shift()) + ");");
                l.add("        out[i] = (" + to + ")" + clampExpr("v", recode.range().min(), recode.range().max()) + ";");
                l.add("    }");
                l.add("}");
                return l;
            }

            /** The bias array of a weighted call: int64 for s16, int32 for s8. */
            private String bias(AffineStep.Weights w) {
                return w.int64Bias() ? array(prefix + "_BIAS", "int64_t", longs(w.bias64()), "int64 bias")
                        : array(prefix + "_BIAS", "int32_t", ints(w.bias()), "int32 bias");
            }

            /** Ends a kernel call's lines with the return of its status when it fails. */
            private List<String> checked() {
                l.add("if (status != ARM_CMSIS_NN_SUCCESS) {");
                l.add("    return (int32_t)status;");
                l.add("}");
                return l;
            }
        }

        /** One concatenation input: arm_concatenation_s8_x/y/z, or a generated copy (s16) or requantize loop. */
        private void concatSlice(Node node, AffineStep.ConcatSlice c, String out, String type, List<String> l) {
            String in = tensor(node.inputs().get(c.input()));
            if (!c.rescale() && !c.int16()) {
                l.add(c.function() + "(" + in + ", " + c.x() + ", " + c.y() + ", " + c.z() + ", 1, " + out + ", " + c.axisOut() + ", "
                        + c.axisOffset() + ");");
                return;
            }
            int block = c.block();
            int stride = c.axisOut() * c.inner();
            int offset = c.axisOffset() * c.inner();
            l.add("{");
            l.add("    const " + type + " *in = " + in + ";");
            l.add("    " + type + " *out = " + out + ";");
            l.add("    int32_t o;");
            l.add("    for (o = 0; o < " + c.outer() + "; o++) {");
            if (!c.rescale()) {
                l.add("        memcpy(out + o * " + stride + " + " + offset + ", in + o * " + block + ", " + block + " * sizeof(" + type
                        + "));");
            } else {
                requantize = true;
                l.add("        int32_t j;");
                l.add("        for (j = 0; j < " + block + "; j++) {");
                l.add("            const int32_t v = " + name + "_requantize((int32_t)in[o * " + block + " + j] - "
                        + intValue(c.recode().inputZeroPoint()) + ", " + c.multiplier().multiplier() + ", "
                        + intValue(c.multiplier().shift()) + ") + " + intValue(c.recode().outputZeroPoint()) + ";");
                l.add("            out[o * " + stride + " + " + offset + " + j] = (" + type + ")"
                        + clampExpr("v", c.recode().range().min(), c.recode().range().max()) + ";");
                l.add("        }");
            }
            l.add("    }");
            l.add("}");
        }

        /** arm_pad_s8, or for s16 a generated loop: fill with the pad code, then copy the input's rows. */
        private void pad(AffineStep.Pad p, String in, String out, String type, List<String> l) {
            Shape i = p.input();
            l.add("{");
            if (!p.int16()) {
                l.add("    const cmsis_nn_dims input_size = " + dims(1, i.h(), i.w(), i.c()) + ";");
                l.add("    const cmsis_nn_dims pre_pad = " + dims(0, p.padding().top(), p.padding().left(), 0) + ";");
                l.add("    const cmsis_nn_dims post_pad = " + dims(0, p.padding().bottom(), p.padding().right(), 0) + ";");
                l.add("    status = arm_pad_s8(" + in + ", " + out + ", (int8_t)" + intValue(p.padValue())
                        + ", &input_size, &pre_pad, &post_pad);");
                l.add("}");
                return;
            }
            int row = i.w() * i.c();
            l.add("    const " + type + " *in = " + in + ";");
            l.add("    " + type + " *out = " + out + ";");
            l.add("    int32_t k;");
            l.add("    for (k = 0; k < " + p.output().size() + "; k++) {");
            l.add("        out[k] = (" + type + ")" + intValue(p.padValue()) + ";");
            l.add("    }");
            l.add("    for (k = 0; k < " + i.h() + "; k++) {");
            l.add("        memcpy(out + (k + " + p.padding().top() + ") * " + p.output().w() * i.c() + " + " + p.padding().left() * i.c()
                    + ", in + k * " + row
                    + ", " + row + " * sizeof(" + type + "));");
            l.add("    }");
            l.add("}");
        }

        private String tensor(String tensor) {
            String macro = offsetMacro.get(tensor);
            if (macro == null) {
                throw new CodegenException("network '" + name + "' names tensor '" + tensor + "', which the graph does not have");
            }
            // an int16 tensor of an s8 network: the arena is int8_t and the offset in bytes, 4-byte aligned
            return net.bits(tensor) == net.bits() ? "arena + " + macro : "(int16_t *)(void *)(arena + " + macro + ")";
        }

        /** Adds a constant array and returns its C name. */
        private String array(String cName, String cType, List<String> values, String comment) {
            if (values.isEmpty()) {
                throw new CodegenException("constant array " + cName + " is empty: C has no empty arrays");
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < values.size(); i += VALUES_PER_LINE) {
                lines.add(String.join(", ", values.subList(i, Math.min(values.size(), i + VALUES_PER_LINE))) + ",");
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", cName);
            a.put("type", cType);
            a.put("comment", CText.comment(comment));
            a.put("length", Integer.toString(values.size()));
            a.put("lines", lines);
            arrays.add(a);
            int elementBytes = cType.equals("int8_t") ? 1 : cType.equals("int16_t") ? 2 : cType.equals("int64_t") ? 8 : 4;
            weightBytes += (long) values.size() * elementBytes;
            return cName;
        }
    }

    private static Map<String, Object> define(String name, String value) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("value", value);
        return d;
    }

    private static String dims(int n, int h, int w, int c) {
        return "{" + n + ", " + h + ", " + w + ", " + c + "}";
    }

    private static String dims(NnTypes.Dims d) {
        return dims(d.n(), d.h(), d.w(), d.c());
    }

    /** A {@code cmsis_nn_tile} initializer: width, height. */
    private static String tile(NnTypes.Tile t) {
        return "{" + t.w() + ", " + t.h() + "}";
    }

    /** A {@code cmsis_nn_activation} initializer. */
    private static String activation(NnTypes.Activation a) {
        return "{" + a.min() + ", " + a.max() + "}";
    }

    /** An add operand's offset, multiplier and shift, as {@code arm_elementwise_add_s8/_s16} takes them. */
    private static String operand(AffineStep.Operand o) {
        return o.offset() + ", " + o.rescale().multiplier() + ", " + o.rescale().shift();
    }

    private static String scale(AffineQuant q) {
        return CText.floatLiteral(q.scale());
    }

    private static String describe(AffineQuant q) {
        return String.format(Locale.ROOT, "scale %s, zero point %d", Float.toString(q.scale()), q.zeroPoint());
    }

    private static List<String> bytes(byte[] values) {
        List<String> out = new ArrayList<>(values.length);
        for (byte b : values) {
            out.add(Integer.toString(b));
        }
        return out;
    }

    private static List<String> shorts(short[] values) {
        List<String> out = new ArrayList<>(values.length);
        for (short v : values) {
            out.add(v == Short.MIN_VALUE ? "(-32767 - 1)" : Integer.toString(v));
        }
        return out;
    }

    private static List<String> ints(int[] values) {
        List<String> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v == Integer.MIN_VALUE ? "(-2147483647 - 1)" : Integer.toString(v));
        }
        return out;
    }

    private static List<String> longs(long[] values) {
        List<String> out = new ArrayList<>(values.length);
        for (long v : values) {
            out.add(v == Long.MIN_VALUE ? "(-INT64_C(9223372036854775807) - 1)" : "INT64_C(" + v + ")");
        }
        return out;
    }

    /** {@code v} clamped to [min, max] (int32 arithmetic, so no comparison is always false). */
    private static String clampExpr(String v, int min, int max) {
        return "(" + v + " < " + intValue(min) + " ? " + intValue(min) + " : (" + v + " > " + intValue(max) + " ? " + intValue(max) + " : "
                + v + "))";
    }

    /** An int macro value: negative values in parentheses. */
    private static String intValue(int v) {
        return v < 0 ? "(" + v + ")" : Integer.toString(v);
    }
}
