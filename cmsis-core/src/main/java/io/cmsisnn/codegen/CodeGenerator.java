package io.cmsisnn.codegen;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.FusedActivation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.plan.MemoryPlan;
import io.cmsisnn.plan.MemoryPlanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a lowered float graph into C source for scheme {@code f32}: one call to a bundled float
 * kernel per node, all tensors in one static arena laid out by {@link MemoryPlanner}. For network
 * name {@code n} it writes {@code n.h} (the API), {@code n.c} (the run function),
 * {@code n_weights.h} (constant arrays) and {@code n_parameters.h} (dimensions, strides, pads,
 * arena offsets). The output depends only on the inputs: same graph, same bytes.
 */
public final class CodeGenerator {
    public static final String SCHEME = "f32";
    /** Line width of wrapped notes in header comments. */
    static final int HEADER_WIDTH = 94;

    /** Where Maven's jar plugin records the cmsis-core version inside the jar. */
    private static final String POM_PROPERTIES = "/META-INF/maven/io.cmsisnn/cmsis-core/pom.properties";

    private final Templates templates = new Templates();
    private final String version;

    /** A generator that names the cmsis-core version it runs from in every file header. */
    public CodeGenerator() {
        this(detectVersion());
    }

    /** @param version the plugin version quoted in every file header (same version, same bytes) */
    public CodeGenerator(String version) {
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
     * The version of the cmsis-core jar this class was loaded from; "(development build)" when it
     * runs from a class directory (tests, IDE), where Maven has written no pom.properties.
     */
    public static String detectVersion() {
        try (java.io.InputStream in = CodeGenerator.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v.strip();
                }
            }
        } catch (java.io.IOException e) {
            // fall through: a version is only a comment, never worth failing generation for
        }
        String v = CodeGenerator.class.getPackage().getImplementationVersion();
        return v != null && !v.isBlank() ? v.strip() : "(development build)";
    }

    /**
     * @param lowered       the graph after the passes (HWC, activations fused where possible)
     * @param networkName   C identifier used as prefix of every symbol and file
     * @param modelFileName the model file's name, quoted in each file's header comment
     */
    public GeneratedNetwork generate(Graph lowered, String networkName, String modelFileName) {
        return generate(lowered, networkName, modelFileName, List.of());
    }

    /**
     * As {@link #generate(Graph, String, String)}, with notes for firmware authors added to the input
     * comment of {@code n.h} (e.g. how an ONNX model's NCHW input maps to the HWC input).
     */
    public GeneratedNetwork generate(Graph lowered, String networkName, String modelFileName, List<String> headerNotes) {
        return generate(lowered, networkName, modelFileName, headerNotes, RawInput.IDENTITY);
    }

    /** As {@link #generate(Graph, String, String, List)}; {@code n.h} records {@code raw} for firmware that reads raw data. */
    public GeneratedNetwork generate(Graph lowered, String networkName, String modelFileName, List<String> headerNotes, RawInput raw) {
        NetworkNames.check(networkName);
        String name = networkName;
        String upper = CText.upper(name);
        MemoryPlan plan = new MemoryPlanner().plan(lowered);

        Map<String, String> offsetMacro = new LinkedHashMap<>();
        offsetMacro.put(lowered.inputName(), upper + "_INPUT_OFFSET");
        List<Node> nodes = lowered.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            offsetMacro.put(nodes.get(i).name(), upper + "_L" + (i + 1) + "_OFFSET");
        }
        F32LayerEmitter emitter = new F32LayerEmitter(lowered, name, t -> "arena + " + offsetMacro.get(t));

        List<Map<String, Object>> layers = new ArrayList<>();
        Map<String, String> functions = new LinkedHashMap<>();
        long weightValues = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            int index = i + 1;
            LayerCode code = new LayerCode(node.name(), layerComment(lowered, node, index), upper + "_L" + index);
            code.define("OFFSET", plan.elementOffsetOf(node.name()));
            emitter.emit(node, index, code);
            Map<String, Object> layerModel = code.model();
            layerModel.put("mark", ProfileHook.mark(i));
            layers.add(layerModel);
            functions.put(node.name(), code.functions());
            weightValues += code.weightValues();
        }

        Shape in = lowered.inputShape();
        Shape out = lowered.outputShape();
        long weightBytes = weightValues * Float.BYTES;
        long activationBytes = plan.arenaBytes();

        Map<String, Object> model = NetworkModel.common(new NetworkModel.Banner(version, modelFileName, SCHEME, ""), name, lowered,
                plan, NetworkModel.Encoding.FLOAT, new NetworkModel.Sizes(activationBytes, weightBytes, 0), headerNotes, raw, layers);
        // the network source defines its log-softmax function only where a layer calls it (no unused static)
        model.put("logSoftmax", nodes.stream().anyMatch(n -> n.op() instanceof Op.LogSoftmax));

        Map<String, String> files = new LinkedHashMap<>();
        files.put(name + ".h", templates.render("f32_network_h.ftl", model));
        files.put(name + ".c", templates.render("f32_network_c.ftl", model));
        files.put(name + "_weights.h", templates.render("f32_weights_h.ftl", model));
        files.put(name + "_parameters.h", templates.render("f32_parameters_h.ftl", model));
        List<String> marked = nodes.stream().map(Node::name).toList();
        return new GeneratedNetwork(name, SCHEME, files, in, out, weightBytes, activationBytes, 0L, functions, List.of(), false, marked);
    }

    /** "layer i 'name' (source): Op, in -> out[, activation]", safe inside a C comment. */
    static String layerComment(Graph graph, Node node, int index) {
        StringBuilder b = new StringBuilder();
        b.append("layer ").append(index).append(" '").append(node.name()).append("' (").append(node.source()).append("): ")
                .append(node.op().kind()).append(", ");
        List<String> ins = new ArrayList<>();
        for (String in : node.inputs()) {
            ins.add(graph.shapeOf(in).toString());
        }
        b.append(String.join(" + ", ins)).append(" -> ").append(node.shape());
        Activation act = FusedActivation.of(node.op());
        if (act != null && act.kind() != Activation.Kind.LINEAR) {
            b.append(", ").append(act);
        }
        return CText.comment(b.toString());
    }
}
