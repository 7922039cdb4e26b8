package io.cmsisnn.importer;

import io.cmsisnn.CmsisException;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.importer.keras.KerasArchiveReader;
import io.cmsisnn.importer.keras.KerasHdf5Reader;
import io.cmsisnn.importer.onnx.OnnxModel;
import io.cmsisnn.importer.onnx.OnnxModelReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a trained model file into a float {@link Graph}, choosing the reader by file extension. */
public final class ModelImporter {

    private static final String SUPPORTED = ".h5 or .hdf5 (Keras HDF5), .keras (Keras 3 archive), .onnx";

    public Graph load(Path model) {
        return load(model, null);
    }

    /**
     * @param outputName for ONNX, the tensor to use as the network output (default: the first graph
     *                   output); a Keras model has one output, so there it may only name that one
     */
    public Graph load(Path model, String outputName) {
        return read(model, outputName).graph();
    }

    /**
     * The graph with, for ONNX, the layouts of its input and output tensors (so that data in the
     * file's NCHW order can be rearranged); see {@link #load(Path, String)}.
     */
    public ImportedModel read(Path model, String outputName) {
        if (!Files.exists(model)) {
            throw new ModelImportException(model + ": model file not found. Check the <model> parameter "
                    + "(property cmsis.model); relative paths are resolved against the project directory.");
        }
        if (!Files.isRegularFile(model)) {
            throw new ModelImportException(model + ": not a regular file. Point <model> at a " + SUPPORTED + " file.");
        }
        try {
            return readFormat(model, outputName);
        } catch (CmsisException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // a damaged file can drive a library into any exception, a huge allocation or endless recursion
            throw new ModelImportException(model + ": could not be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "). The file is damaged or not what its "
                    + "extension says: copy or export it again.", e);
        }
    }

    private ImportedModel readFormat(Path model, String outputName) {
        String file = model.getFileName().toString();
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".h5") || lower.endsWith(".hdf5")) {
            return ImportedModel.of(singleOutput(model, new KerasHdf5Reader().read(model, graphName(file)), outputName));
        }
        if (lower.endsWith(".keras")) {
            return ImportedModel.of(singleOutput(model, new KerasArchiveReader().read(model, graphName(file)), outputName));
        }
        if (lower.endsWith(".onnx")) {
            OnnxModel onnx = new OnnxModelReader().read(model, graphName(file), outputName);
            return new ImportedModel(onnx.graph(), onnx.input(), onnx.output());
        }
        throw new ModelImportException(model + ": unsupported model file extension. Supported: " + SUPPORTED + ".");
    }

    private static Graph singleOutput(Path model, Graph graph, String outputName) {
        if (outputName != null && !outputName.isEmpty() && !outputName.equals(graph.outputName())) {
            throw new ModelImportException(model + ": outputName '" + outputName + "' is not the model's output; a Keras "
                    + "model has one output, '" + graph.outputName() + "'. Remove outputName or name that layer.");
        }
        return graph;
    }

    /** The file name without its extension; it names the generated network. */
    static String graphName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
