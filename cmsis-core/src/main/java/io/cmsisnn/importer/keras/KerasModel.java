package io.cmsisnn.importer.keras;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Keras model configuration reduced to what the converter needs: one input (its name and Keras
 * dimensions without batch), the layers in file order (without the InputLayer), and one output.
 */
record KerasModel(String inputName, List<Integer> inputDims, List<KerasLayer> layers, String outputName) {
    KerasModel {
        inputDims = Collections.unmodifiableList(new ArrayList<>(inputDims)); // List.copyOf rejects the nulls of unknown dimensions
        layers = List.copyOf(layers);
    }
}
