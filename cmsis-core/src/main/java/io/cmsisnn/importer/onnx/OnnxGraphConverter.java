package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.GraphException;
import io.cmsisnn.graph.TensorLayout;
import io.cmsisnn.importer.ModelImportException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a parsed ONNX model into a {@link Graph}: picks the output, schedules the nodes it needs,
 * checks that all are supported, places the input, converts node by node, and checks that the
 * output is in an order the user can read.
 */
final class OnnxGraphConverter {

    private final String file;
    private final String graphName;

    OnnxGraphConverter(String file, String graphName) {
        this.file = file;
        this.graphName = graphName;
    }

    OnnxModel convert(ModelProto model, String outputName) {
        int opset = opset(model);
        GraphProto g = model.getGraph();
        Map<String, TensorProto> initializers = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        // old exporters list initializers among the graph inputs too; those are weights, not inputs
        Map<String, ValueInfoProto> inputs = new LinkedHashMap<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.containsKey(v.getName())) {
                inputs.put(v.getName(), v);
            }
        }
        String output = chooseOutput(g, outputName);
        Set<String> known = new HashSet<>(initializers.keySet());
        known.addAll(inputs.keySet());
        NodeSchedule schedule = NodeSchedule.of(file, g.getNodeList(), known, output);
        List<OnnxNode> nodes = new ArrayList<>();
        for (int i : schedule.nodes()) {
            NodeProto p = g.getNode(i);
            nodes.add(new OnnxNode(p, i, opsetOf(model, p.getDomain(), opset)));
        }
        rejectUnsupported(nodes);
        ValueInfoProto input = theInput(inputs, nodes, output);
        GraphInput.Placed placed = GraphInput.place(file, input, readersOf(input.getName(), nodes));
        DataTensor in = placed.tensor();
        GraphNodes graph = new GraphNodes(input.getName(), in.shape());
        ConversionContext context = new ConversionContext(initializers, schedule.readers(), graph, placed.batch());
        context.bind(input.getName(), in);
        for (OnnxNode n : nodes) {
            convertNode(context, n);
        }
        DataTensor out = outputTensor(context, output);
        try {
            Graph result = new Graph(graphName, input.getName(), in.shape(), graph.nodes(), out.node());
            return new OnnxModel(result, layout(input.getName(), in, placed.batch()), layout(output, out, placed.batch()),
                    opset, (model.getProducerName() + " " + model.getProducerVersion()).trim());
        } catch (GraphException e) {
            throw new ModelImportException(file + ": the converted graph is not well formed: " + e.getMessage(), e);
        }
    }

    private void convertNode(ConversionContext context, OnnxNode n) {
        try {
            SupportedOps.converterFor(n).convert(context, n);
        } catch (NodeProblem p) {
            throw new ModelImportException(file + ": " + n.label() + " " + p.getMessage() + ".", p);
        } catch (GraphException | IllegalArgumentException | ArithmeticException e) {
            // shape inference or an op constructor refused what the node describes
            throw new ModelImportException(file + ": " + n.label() + " cannot be converted: " + e.getMessage()
                    + ". Check the model with onnx.checker and export it again.", e);
        }
    }

    /** The default-domain opset, within what the converter follows. */
    private int opset(ModelProto model) {
        int opset = opsetOf(model, "", -1);
        if (opset < 0) {
            throw new ModelImportException(file + ": the model imports no ONNX opset (ir_version " + model.getIrVersion()
                    + "); export it again with a current exporter.");
        }
        if (opset < SupportedOps.MIN_OPSET || opset > SupportedOps.MAX_OPSET) {
            throw new ModelImportException(file + ": the model uses ONNX opset " + opset + "; opsets " + SupportedOps.MIN_OPSET
                    + " to " + SupportedOps.MAX_OPSET + " are supported. Export it again with an opset in that range "
                    + "(torch.onnx.export(..., opset_version=17)) or convert it with onnx.version_converter.");
        }
        return opset;
    }

    private static int opsetOf(ModelProto model, String domain, int fallback) {
        boolean standard = domain.isEmpty() || domain.equals("ai.onnx");
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            boolean match = standard ? o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx") : o.getDomain().equals(domain);
            if (match) {
                return (int) o.getVersion();
            }
        }
        return fallback;
    }

    private String chooseOutput(GraphProto g, String outputName) {
        if (outputName == null || outputName.isEmpty()) {
            return g.getOutput(0).getName();
        }
        for (ValueInfoProto v : g.getOutputList()) {
            if (v.getName().equals(outputName)) {
                return outputName;
            }
        }
        for (NodeProto n : g.getNodeList()) {
            if (n.getOutputList().contains(outputName)) {
                return outputName;
            }
        }
        List<String> names = new ArrayList<>();
        g.getOutputList().forEach(v -> names.add(v.getName()));
        throw new ModelImportException(file + ": the model has no tensor named '" + outputName + "' (outputName). "
                + "Its graph outputs are " + names + ".");
    }

    /** All unsupported ops at once, so that the user can fix them in one pass. */
    private void rejectUnsupported(List<OnnxNode> nodes) {
        List<OnnxNode> bad = new ArrayList<>();
        for (OnnxNode n : nodes) {
            if (SupportedOps.converterFor(n) == null) {
                bad.add(n);
            }
        }
        if (bad.isEmpty()) {
            return;
        }
        OnnxNode first = bad.get(0);
        StringBuilder msg = new StringBuilder(file).append(": ").append(first.label());
        if (!first.domain().isEmpty() && !first.domain().equals("ai.onnx")) {
            msg.append(" is from the operator domain '").append(first.domain()).append("', which is not supported");
        } else {
            msg.append(" is not supported");
        }
        Set<String> others = new TreeSet<>();
        for (int i = 1; i < bad.size(); i++) {
            others.add(bad.get(i).opType());
        }
        others.remove(first.opType());
        if (bad.size() > 1) {
            msg.append(" (").append(bad.size() - 1).append(" more unsupported node").append(bad.size() > 2 ? "s" : "");
            msg.append(others.isEmpty() ? "" : ", also " + String.join(", ", others)).append(')');
        }
        msg.append(". Supported ops: ").append(SupportedOps.list())
                .append(". Replace it with supported layers in the source model and export it again.");
        throw new ModelImportException(msg.toString());
    }

    /** The one graph input the scheduled nodes read. */
    private ValueInfoProto theInput(Map<String, ValueInfoProto> inputs, List<OnnxNode> nodes, String output) {
        List<ValueInfoProto> used = new ArrayList<>();
        for (ValueInfoProto v : inputs.values()) {
            boolean read = v.getName().equals(output) || nodes.stream().anyMatch(n -> n.inputs().contains(v.getName()));
            if (read) {
                used.add(v);
            }
        }
        if (used.isEmpty()) {
            throw new ModelImportException(file + ": the output '" + output + "' does not depend on any graph input; "
                    + "there is no network to convert.");
        }
        if (used.size() > 1) {
            List<String> names = new ArrayList<>();
            used.forEach(v -> names.add(v.getName()));
            throw new ModelImportException(file + ": the network reads " + used.size() + " inputs " + names
                    + "; only networks with one input are supported. Store the other inputs as initializers "
                    + "(constants) when exporting.");
        }
        return used.get(0);
    }

    private static List<NodeProto> readersOf(String tensor, List<OnnxNode> nodes) {
        List<NodeProto> readers = new ArrayList<>();
        for (OnnxNode n : nodes) {
            if (n.inputs().contains(tensor)) {
                readers.add(n.proto());
            }
        }
        return readers;
    }

    /** The output must be computed, and in natural (channels-last) or ONNX order. */
    private DataTensor outputTensor(ConversionContext context, String output) {
        Value v;
        try {
            v = context.value(output);
        } catch (NodeProblem p) {
            throw new ModelImportException(file + ": the output '" + output + "' is not computed by the converted nodes.", p);
        }
        if (!(v instanceof DataTensor out)) {
            throw new ModelImportException(file + ": the output '" + output + "' is a constant; it does not depend on the input.");
        }
        if (!out.isNatural() && !Layouts.isIdentity(out.orderArray())) {
            throw new ModelImportException(file + ": the output '" + output + "' of shape " + out.describe() + " holds its "
                    + "elements in neither channels-last nor ONNX order after the Transpose/Reshape/Flatten nodes before it; "
                    + "end the network with a layer that computes from them (e.g. a Gemm) or output the tensor before "
                    + "the reshaping.");
        }
        return out;
    }

    private static TensorLayout layout(String name, DataTensor t, int batch) {
        return new TensorLayout(name, t.dims(), batch, t.shape(), t.orderArray());
    }
}
