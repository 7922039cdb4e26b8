package io.cmsisnn.importer.keras;

/**
 * Something wrong with one layer, found while converting it. The detail reads as the rest of a
 * sentence that starts with the layer's name and class; {@link KerasGraphAssembler} adds the file
 * and the layer and turns it into a {@link io.cmsisnn.importer.ModelImportException}.
 */
final class LayerProblem extends RuntimeException {
    LayerProblem(String detail) {
        super(detail);
    }
}
