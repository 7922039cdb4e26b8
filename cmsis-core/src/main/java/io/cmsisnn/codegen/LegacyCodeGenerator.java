package io.cmsisnn.codegen;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.plan.MemoryPlan;
import io.cmsisnn.plan.MemoryPlanner;
import io.cmsisnn.quant.ConstArray;
import io.cmsisnn.quant.LegacyLayer;
import io.cmsisnn.quant.LegacyNetwork;
import io.cmsisnn.quant.QFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link LegacyNetwork} into C source for schemes {@code q7} and {@code q15}: the calls the
 * quantizer chose, in order, against CMSIS 5.9's legacy functions (declared by upstream's
 * {@code arm_nnfunctions.h}), all tensors in one static arena of q7_t or q15_t words laid out by
 * {@link MemoryPlanner}. For network name {@code n} it writes {@code n.h} (the API: integer I/O
 * types, formats, {@code n_quantize_input}, {@code n_run}, {@code n_dequantize_output}),
 * {@code n.c}, {@code n_weights.h}, {@code n_parameters.h} and, when some layer needs the
 * network's own fallback loops, {@code n_ops.h} and {@code n_ops.c} (the {@code cnn_ops} sources
 * renamed to the network's prefix). Same network, same bytes.
 */
public final class LegacyCodeGenerator {
    /** The fallback loops' sources on the classpath; their symbols start {@value #OPS_PREFIX}. */
    private static final String OPS_RESOURCE = "/io/cmsisnn/codegen/fixed/cnn_ops";
    private static final String OPS_PREFIX = "cnn_ops_";
    private static final int VALUES_PER_LINE = 10;

    private final Templates templates = new Templates();
    private final String version;

    /** A generator that names the cmsis-core version it runs from in every file header. */
    public LegacyCodeGenerator() {
        this(CodeGenerator.detectVersion());
    }

    /** @param version the plugin version quoted in every file header (same version, same bytes) */
    public LegacyCodeGenerator(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("no generator version given");
        }
        this.version = version.strip();
    }

    /** The version quoted in file headers. */
    public String version() {
        return version;
    }

    /**
     * @param net           the quantized network
     * @param networkName   C identifier used as prefix of every symbol and file
     * @param modelFileName the model file's name, quoted in each file's header comment
     * @throws CodegenException when the name is unusable or the network is inconsistent (a call
     *                          naming an unknown tensor or array, scratch used but not sized, ...)
     */
    public GeneratedNetwork generate(LegacyNetwork net, String networkName, String modelFileName) {
        return generate(net, networkName, modelFileName, List.of());
    }

    /**
     * As {@link #generate(LegacyNetwork, String, String)}, with notes for firmware authors added to the
     * input comment of {@code n.h} (e.g. how an ONNX model's NCHW input maps to the HWC input).
     */
    public GeneratedNetwork generate(LegacyNetwork net, String networkName, String modelFileName, List<String> headerNotes) {
        return generate(net, networkName, modelFileName, headerNotes, RawInput.IDENTITY);
    }

    /** As {@link #generate(LegacyNetwork, String, String, List)}; {@code n.h} records {@code raw} for firmware that reads raw data. */
    public GeneratedNetwork generate(LegacyNetwork net, String networkName, String modelFileName, List<String> headerNotes, RawInput raw) {
        NetworkNames.check(networkName);
        return new Run(net, networkName, modelFileName, headerNotes, raw).generate();
    }

    /** One generation: the symbol tables of one network. */
    private final class Run {
        private final LegacyNetwork net;
        private final Graph graph;
        private final String name;
        private final String upper;
        private final String model;
        private final List<String> headerNotes;
        private final RawInput raw;
        private final int bits;
        private final String word;
        private final MemoryPlan plan;
        /** Every C identifier of the network's namespace taken so far: macros, arrays. */
        private final Set<String> taken = new HashSet<>();
        /** tensor → the macro of its arena offset. */
        private final Map<String, String> offsetMacro = new HashMap<>();
        /** ConstArray name → the array. */
        private final Map<String, ConstArray> arrays = new LinkedHashMap<>();
        private final LegacyStatements statements;

        Run(LegacyNetwork net, String name, String modelFileName, List<String> headerNotes, RawInput raw) {
            this.headerNotes = List.copyOf(headerNotes);
            this.raw = raw;
            this.net = net;
            this.graph = net.graph();
            this.name = name;
            this.upper = CText.upper(name);
            this.model = modelFileName;
            this.bits = net.bits();
            if (bits != 8 && bits != 16) {
                throw new CodegenException("network '" + name + "' has words of " + bits + " bits: the legacy scheme has 8 (q7) or 16 (q15)");
            }
            this.word = bits == 8 ? "q7_t" : "q15_t";
            Map<String, LegacyLayer> byNode = new HashMap<>();
            for (LegacyLayer l : net.layers()) {
                byNode.put(l.node().name(), l);
            }
            int elementBytes = bits / 8;
            this.plan = new MemoryPlanner(elementBytes, 4, n -> byNode.containsKey(n.name()) ? byNode.get(n.name()).weightBytes() : 0L,
                    n -> byNode.containsKey(n.name()) ? byNode.get(n.name()).scratchElements() * 2 : 0L).plan(graph);
            this.statements = new LegacyStatements(net, name, offsetMacro, arrays);
        }

        GeneratedNetwork generate() {
            List<Node> nodes = graph.nodes();
            List<LegacyLayer> layers = net.layers();
            if (layers.size() != nodes.size()) {
                throw new CodegenException("network '" + name + "' has " + layers.size() + " quantized layers for " + nodes.size() + " graph nodes");
            }
            QFormat inFormat = format(graph.inputName());
            QFormat outFormat = format(graph.outputName());

            for (String fixed : List.of("H", "C", "WEIGHTS_H", "PARAMETERS_H", "OPS_H", "INPUT_H", "INPUT_W", "INPUT_C", "INPUT_SIZE",
                    "INPUT_FRAC", "INPUT_OFFSET", "INPUT_SCALE", "OUTPUT_H", "OUTPUT_W", "OUTPUT_C", "OUTPUT_SIZE", "OUTPUT_FRAC",
                    "OUTPUT_OFFSET", "OUTPUT_STEP", "ACTIVATION_BYTES", "WEIGHT_BYTES", "SCRATCH_BYTES", "ARENA_SIZE", "SCRATCH_SIZE")) {
                taken.add(upper + "_" + fixed);
            }
            taken.add(name + "_scratch");
            taken.add(name + "_arena");
            long weightBytes = 0;
            List<Map<String, Object>> arrayModels = new ArrayList<>();
            for (ConstArray a : net.arrays()) {
                arrayModels.add(arrayModel(a));
                weightBytes += a.bytes();
            }

            // pass 1: every layer's offset and format macros, so a call can name any tensor
            offsetMacro.put(graph.inputName(), upper + "_INPUT_OFFSET");
            List<LayerMacros> macros = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                LegacyLayer layer = layers.get(i);
                if (!layer.node().name().equals(node.name())) {
                    throw new CodegenException("quantized layer " + (i + 1) + " is '" + layer.node().name() + "' but graph node " + (i + 1)
                            + " is '" + node.name() + "'");
                }
                LayerMacros m = new LayerMacros(upper + "_L" + (i + 1), taken);
                offsetMacro.put(node.name(), m.define("OFFSET", Long.toString(plan.elementOffsetOf(node.name()))));
                m.define("IN_FRAC", frac(layer.inputFormat()));
                m.define("OUT_FRAC", frac(layer.outputFormat()));
                m.define("WEIGHT_FRAC", frac(layer.weightFormat()));
                m.define("BIAS_FRAC", frac(layer.biasFormat()));
                macros.add(m);
            }

            // pass 2: the calls
            List<Map<String, Object>> layerModels = new ArrayList<>();
            Map<String, String> functions = new LinkedHashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                LegacyLayer layer = layers.get(i);
                LayerMacros m = macros.get(i);
                List<String> calls = new ArrayList<>(statements.of(node, layer.steps(), m));
                if (calls.isEmpty()) {
                    calls.add(plan.isAlias(node.name()) ? "/* no code: the tensor shares its input's memory */" : "/* no code */");
                }
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("comment", CodeGenerator.layerComment(graph, node, i + 1));
                lm.put("details", details(layer));
                lm.put("defines", m.defines());
                lm.put("calls", calls);
                lm.put("mark", ProfileHook.mark(i));
                layerModels.add(lm);
                functions.put(node.name(), layer.function());
            }
            if (net.scratchElements() < 0) {
                throw new CodegenException("network '" + name + "' has a negative scratch size " + net.scratchElements());
            }

            Shape in = graph.inputShape();
            Shape out = graph.outputShape();
            long activationBytes = plan.arenaBytes();
            long scratchBytes = net.scratchElements() * 2;
            String scheme = net.schemeId();

            Map<String, Object> m = NetworkModel.common(new NetworkModel.Banner(version, model, scheme, ""), name, graph, plan,
                    new NetworkModel.Encoding(inFormat.toString(), outFormat.toString()),
                    new NetworkModel.Sizes(activationBytes, weightBytes, scratchBytes), headerNotes, raw, layerModels);
            m.put("scheme", scheme);
            m.put("bits", Integer.toString(bits));
            m.put("valueBits", Integer.toString(bits - 1));
            m.put("word", word);
            m.put("intType", bits == 8 ? "int8_t" : "int16_t");
            m.put("wordMin", Integer.toString(inFormat.min()));
            m.put("wordMax", Integer.toString(inFormat.max()));
            m.put("dsp", net.dsp());
            m.put("inputFormat", inFormat.toString());
            m.put("inputFrac", frac(inFormat));
            m.put("inputScale", doubleLiteral(Math.scalb(1.0, inFormat.frac())));
            m.put("outputFormat", outFormat.toString());
            m.put("outputFrac", frac(outFormat));
            m.put("outputStep", doubleLiteral(Math.scalb(1.0, -outFormat.frac())));
            m.put("scratchSize", Long.toString(net.scratchElements()));
            m.put("hasScratch", net.scratchElements() > 0);
            m.put("scratchUnused", net.scratchElements() > 0 && !statements.usesScratch());
            m.put("usesOps", statements.usesOps());
            List<String> notes = new ArrayList<>();
            for (String n : net.notes()) {
                notes.add(CText.comment(n));
            }
            m.put("notes", notes);
            m.put("arrays", arrayModels);

            Map<String, String> files = new LinkedHashMap<>();
            files.put(name + ".h", templates.render("legacy_network_h.ftl", m));
            files.put(name + ".c", templates.render("legacy_network_c.ftl", m));
            files.put(name + "_weights.h", templates.render("legacy_weights_h.ftl", m));
            files.put(name + "_parameters.h", templates.render("legacy_parameters_h.ftl", m));
            if (statements.usesOps()) {
                String banner = "/* " + m.get("banner") + " */\n";
                files.put(name + "_ops.h", banner + opsSource("h"));
                files.put(name + "_ops.c", banner + opsSource("c"));
            }
            List<String> definitions = net.dsp() ? List.of("ARM_MATH_DSP") : List.of();
            List<String> marked = nodes.stream().map(Node::name).toList();
            return new GeneratedNetwork(name, scheme, files, in, out, weightBytes, activationBytes, scratchBytes, functions, definitions,
                    true, marked);
        }

        private QFormat format(String tensor) {
            QFormat f = net.formats().get(tensor);
            if (f == null) {
                throw new CodegenException("network '" + name + "' has no fixed-point format for tensor '" + tensor + "'");
            }
            if (f.bits() != bits) {
                throw new CodegenException("tensor '" + tensor + "' is " + f.bits() + "-bit in a " + bits + "-bit network");
            }
            return f;
        }

        private Map<String, Object> arrayModel(ConstArray a) {
            if (a.name() == null || !a.name().matches("[A-Za-z0-9_]+")) {
                throw new CodegenException("constant array name '" + a.name() + "' is not a C identifier fragment");
            }
            if (a.bits() != 8 && a.bits() != 16) {
                throw new CodegenException("constant array '" + a.name() + "' has " + a.bits() + "-bit elements: 8 or 16 expected");
            }
            if (a.length() == 0) {
                throw new CodegenException("constant array '" + a.name() + "' is empty: C has no empty arrays");
            }
            String cName = upper + "_" + a.name();
            if (!taken.add(cName) || arrays.containsKey(a.name())) {
                throw new CodegenException("constant array '" + a.name() + "' clashes with another symbol of network '" + name + "' (" + cName + ")");
            }
            arrays.put(a.name(), a);
            QFormat range = new QFormat(a.bits(), 0);
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            int[] values = a.values();
            for (int i = 0; i < values.length; i++) {
                int v = values[i];
                if (v < range.min() || v > range.max()) {
                    throw new CodegenException("constant array '" + a.name() + "' holds " + v + " at index " + i + ", outside the "
                            + a.bits() + "-bit range");
                }
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(v).append(',');
                if ((i + 1) % VALUES_PER_LINE == 0 || i == values.length - 1) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", cName);
            m.put("type", a.bits() == 8 ? "q7_t" : "q15_t");
            m.put("comment", CText.comment(a.comment() == null ? a.name() : a.comment()));
            m.put("length", Integer.toString(values.length));
            m.put("lines", lines);
            return m;
        }

        /** The lines under a layer's one-line comment: formats, shifts, function and reason, notes. */
        private List<String> details(LegacyLayer layer) {
            List<String> d = new ArrayList<>();
            StringBuilder f = new StringBuilder("formats: input ").append(layer.inputFormat()).append(", output ").append(layer.outputFormat());
            if (layer.weightFormat() != null) {
                f.append(", weights ").append(layer.weightFormat());
            }
            if (layer.biasFormat() != null) {
                f.append(", bias ").append(layer.biasFormat());
            }
            if (layer.biasShift() != null) {
                f.append("; bias_shift ").append(layer.biasShift());
            }
            if (layer.outShift() != null) {
                f.append(layer.biasShift() != null ? ", " : "; ").append("out_shift ").append(layer.outShift());
            }
            d.add(CText.comment(f.toString()));
            String reason = layer.reason() == null || layer.reason().isBlank() ? "" : ": " + layer.reason();
            // the fallback loops under the names this network's code calls them by
            d.add(CText.comment((layer.function() + reason).replace(OPS_PREFIX, name + "_ops_")));
            for (String n : layer.notes()) {
                d.add(CText.comment("note: " + n));
            }
            return d;
        }

        private String opsSource(String extension) {
            String resource = OPS_RESOURCE + "." + extension;
            String text;
            try (InputStream in = LegacyCodeGenerator.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " is missing from cmsis-core");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
            }
            return text.replace("\"cnn_ops.h\"", "\"" + name + "_ops.h\"").replace(OPS_PREFIX, name + "_ops_")
                    .replace("CNN_OPS_", upper + "_OPS_").replace("\r\n", "\n");
        }
    }

    private static String frac(QFormat f) {
        return f == null ? null : intValue(f.frac());
    }

    /** An int macro value: negative values in parentheses. */
    static String intValue(int v) {
        return v < 0 ? "(" + v + ")" : Integer.toString(v);
    }

    /** A C double literal of exactly {@code v} (a power of two here): Java's shortest decimal reads back exactly. */
    static String doubleLiteral(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            throw new IllegalArgumentException("not a finite non-zero scale: " + v);
        }
        String s = Double.toString(v);
        if (Double.parseDouble(s) != v) {
            s = Double.toHexString(v);
        }
        return s.replace('E', 'e');
    }
}
