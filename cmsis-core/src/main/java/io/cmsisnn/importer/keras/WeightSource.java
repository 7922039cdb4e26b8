package io.cmsisnn.importer.keras;

/** Where the weights of a model's layers come from (.h5 weight_names, or .keras vars groups). */
interface WeightSource {
    /** The layer's weight arrays; {@link LayerWeights#NONE} for a layer without any. */
    LayerWeights weightsOf(KerasLayer layer);
}
