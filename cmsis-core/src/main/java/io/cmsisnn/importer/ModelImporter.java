package io.cmsisnn.importer;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.importer.keras.KerasArchiveReader;
import io.cmsisnn.importer.keras.KerasHdf5Reader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a trained model file into a float {@link Graph}, choosing the reader by file extension. */
public final class ModelImporter {

    private static final String SUPPORTED = ".h5 or .hdf5 (Keras HDF5), .keras (Keras 3 archive), .onnx";

    public Graph load(Path model) {
        if (!Files.exists(model)) {
            throw new ModelImportException(model + ": model file not found. Check the <model> parameter "
                    + "(property cmsis.model); relative paths are resolved against the project directory.");
        }
        if (!Files.isRegularFile(model)) {
            throw new ModelImportException(model + ": not a regular file. Point <model> at a " + SUPPORTED + " file.");
        }
        String file = model.getFileName().toString();
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".h5") || lower.endsWith(".hdf5")) {
            return new KerasHdf5Reader().read(model, graphName(file));
        }
        if (lower.endsWith(".keras")) {
            return new KerasArchiveReader().read(model, graphName(file));
        }
        if (lower.endsWith(".onnx")) {
            throw new ModelImportException(model + ": ONNX import is not supported yet. Export the model from Keras "
                    + "as .h5 or .keras, or use a version of the plugin that reads ONNX.");
        }
        throw new ModelImportException(model + ": unsupported model file extension. Supported: " + SUPPORTED + ".");
    }

    /** The file name without its extension; it names the generated network. */
    static String graphName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
