package io.cmsisnn.importer.keras;

import io.cmsisnn.importer.ModelImportException;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;

import java.util.ArrayList;
import java.util.List;

/**
 * Weights of a Keras .h5 model: group {@code model_weights/<layer>} lists its arrays in the
 * {@code weight_names} attribute, as paths relative to that group ({@code dense/kernel:0} from
 * Keras 2, {@code sequential/dense/kernel} from Keras 3). The names are followed as written,
 * never guessed; the last path element without {@code :0} is the variable name.
 */
final class Hdf5WeightSource implements WeightSource {

    private final String file;
    private final Group modelWeights;

    Hdf5WeightSource(String file, Group modelWeights) {
        this.file = file;
        this.modelWeights = modelWeights;
    }

    @Override
    public LayerWeights weightsOf(KerasLayer layer) {
        try {
            Node node = modelWeights.getChild(layer.name());
            if (!(node instanceof Group group)) {
                return LayerWeights.NONE;
            }
            List<WeightArray> arrays = new ArrayList<>();
            for (String path : Hdf5.textList(group, "weight_names")) {
                Node n;
                try {
                    n = group.getByPath(path);
                } catch (HdfInvalidPathException e) {
                    throw new LayerProblem("lists weight '" + path + "' in its weight_names, but the file does not hold it; "
                            + "the file is incomplete. Save the model again");
                }
                if (!(n instanceof Dataset ds)) {
                    throw new LayerProblem("lists weight '" + path + "', which is not an array in the file");
                }
                arrays.add(Hdf5.floats(ds, variableName(path)));
            }
            return new LayerWeights(arrays);
        } catch (LayerProblem | ModelImportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Hdf5.unreadable(file, "not a readable Keras HDF5 file: the weights of layer '" + layer.name() + "' cannot be read", e);
        }
    }

    /** "model/dense/kernel:0" → "kernel". */
    static String variableName(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.replaceFirst(":\\d+$", "");
    }
}
