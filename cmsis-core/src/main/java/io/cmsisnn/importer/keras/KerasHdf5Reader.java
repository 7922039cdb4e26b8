package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.importer.ModelImportException;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;

import java.nio.file.Path;

/**
 * Reads a whole-model Keras .h5 file (Keras 2, or Keras 3 writing the legacy layout): the
 * {@code model_config} attribute holds the structure, group {@code model_weights} the weights.
 */
public final class KerasHdf5Reader {

    public Graph read(Path path, String graphName) {
        Hdf5.quietLogging();
        String file = path.toString();
        HdfFile h5;
        try {
            h5 = new HdfFile(path);
        } catch (RuntimeException e) {
            throw Hdf5.unreadable(file, "not a readable Keras HDF5 file", e);
        }
        try (h5) {
            String json;
            Group modelWeights;
            try {
                Hdf5.requireComplete(h5, file, "not a readable Keras HDF5 file");
                json = Hdf5.text(h5, "model_config");
                modelWeights = h5.getChild("model_weights") instanceof Group g ? g : null;
            } catch (ModelImportException e) {
                throw e;
            } catch (RuntimeException e) {
                throw Hdf5.unreadable(file, "not a readable Keras HDF5 file", e);
            }
            if (json == null) {
                throw new ModelImportException(file + ": the HDF5 file has no model_config attribute, so it holds weights only "
                        + "(model.save_weights) or is not a Keras model. Save the whole model with model.save('model.h5') "
                        + "or model.save('model.keras').");
            }
            if (modelWeights == null) {
                throw new ModelImportException(file + ": the HDF5 file has a model_config but no model_weights group. "
                        + "Save the whole model with model.save('model.h5') and try again.");
            }
            KerasModel model = new ModelConfigReader(file).read(KerasJson.parse(file, "model_config", json));
            return new KerasGraphAssembler(file, graphName).assemble(model, new Hdf5WeightSource(file, modelWeights));
        }
    }
}
