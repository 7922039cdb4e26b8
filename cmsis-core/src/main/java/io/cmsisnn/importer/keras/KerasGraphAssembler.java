package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.GraphException;
import io.cmsisnn.importer.ModelImportException;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Graph} of a {@link KerasModel}: every layer is checked to be supported, then
 * converted in dependency order; problems become {@link ModelImportException}s naming the file,
 * the layer and its class.
 */
final class KerasGraphAssembler {

    private final String file;
    private final String graphName;

    KerasGraphAssembler(String file, String graphName) {
        this.file = file;
        this.graphName = graphName;
    }

    Graph assemble(KerasModel model, WeightSource weights) {
        rejectUnsupported(model.layers());
        TensorInfo input;
        try {
            input = TensorInfo.fromKeras(model.inputDims());
        } catch (LayerProblem p) {
            throw new ModelImportException(file + ": input '" + model.inputName() + "' (InputLayer) " + p.getMessage() + ".");
        }
        GraphBuilder graph = new GraphBuilder(model.inputName(), input);
        List<KerasLayer> pending = new ArrayList<>(model.layers());
        // Keras lists functional layers in a valid order almost always; the loop only guards against files that do not
        while (!pending.isEmpty()) {
            KerasLayer next = null;
            for (KerasLayer l : pending) {
                if (l.inputs().stream().allMatch(graph::has)) {
                    next = l;
                    break;
                }
            }
            if (next == null) {
                throw unresolvable(pending.get(0), graph);
            }
            pending.remove(next);
            convert(graph, next, weights);
        }
        if (!graph.has(model.outputName())) {
            throw new ModelImportException(file + ": the model output '" + model.outputName() + "' is not a layer of the model.");
        }
        try {
            return new Graph(graphName, model.inputName(), input.shape(), graph.nodes(), model.outputName());
        } catch (GraphException e) {
            throw new ModelImportException(file + ": the converted graph is not well formed: " + e.getMessage(), e);
        }
    }

    private void convert(GraphBuilder graph, KerasLayer layer, WeightSource weights) {
        String where = file + ": layer '" + layer.name() + "' (" + layer.className() + ") ";
        try {
            if (layer.inputs().isEmpty()) {
                throw new LayerProblem("reads no tensor");
            }
            LayerConverter.convert(graph, layer, weights.weightsOf(layer));
        } catch (LayerProblem p) {
            throw new ModelImportException(where + p.getMessage() + ".", p);
        } catch (GraphException | IllegalArgumentException e) {
            // shape inference or an op constructor refused what the layer describes
            throw new ModelImportException(where + "cannot be converted: " + e.getMessage()
                    + ". Check the model in Keras (model.summary()) and save it again.", e);
        }
    }

    /** All unsupported layers at once, so that the user can fix them in one pass. */
    private void rejectUnsupported(List<KerasLayer> layers) {
        List<KerasLayer> bad = new ArrayList<>();
        for (KerasLayer l : layers) {
            if (!SupportedLayers.contains(l.className())) {
                bad.add(l);
            }
        }
        if (bad.isEmpty()) {
            return;
        }
        KerasLayer first = bad.get(0);
        StringBuilder msg = new StringBuilder(file).append(": layer '").append(first.name()).append("' (")
                .append(first.className()).append(") is not supported");
        if (bad.size() > 1) {
            msg.append(" (nor are ").append(bad.size() - 1).append(" more: ");
            for (int i = 1; i < bad.size() && i <= 5; i++) {
                msg.append(i > 1 ? ", " : "").append('\'').append(bad.get(i).name()).append("' (").append(bad.get(i).className()).append(')');
            }
            msg.append(bad.size() > 6 ? ", ...)" : ")");
        }
        msg.append(". ");
        if (first.className().equals("Lambda") || first.className().equals("TFOpLambda")) {
            msg.append("Lambda layers hold Python code, which cannot be converted. ");
        }
        msg.append("Supported layers: ").append(SupportedLayers.list())
                .append(". Replace it with supported layers and save the model again.");
        throw new ModelImportException(msg.toString());
    }

    private ModelImportException unresolvable(KerasLayer layer, GraphBuilder graph) {
        for (String in : layer.inputs()) {
            if (!graph.has(in)) {
                return new ModelImportException(file + ": layer '" + layer.name() + "' (" + layer.className() + ") reads '" + in
                        + "', which is neither the model input nor a layer computed from it (unknown layer, cycle, or a second model input).");
            }
        }
        return new ModelImportException(file + ": layer '" + layer.name() + "' (" + layer.className() + ") cannot be ordered.");
    }
}
