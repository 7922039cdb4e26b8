package io.cmsisnn.importer.keras;

/** Checks on what a layer reads: how many inputs, and of which Keras rank. */
final class LayerInputs {
    private LayerInputs() {
    }

    /** The name of the one tensor a layer reads. */
    static String single(KerasLayer layer) {
        if (layer.inputs().size() != 1) {
            throw new LayerProblem("reads " + layer.inputs().size() + " tensors " + layer.inputs() + " where one is expected");
        }
        return layer.inputs().get(0);
    }

    /** The tensor, which must have the given Keras rank: 1 vector, 2 sequence (steps, channels), 3 image. */
    static TensorInfo ranked(GraphBuilder graph, String input, int rank) {
        TensorInfo x = graph.tensor(input);
        if (x.kerasRank() != rank) {
            String expected = switch (rank) {
                case 1 -> "a vector";
                case 2 -> "a sequence (steps, channels)";
                default -> "an image (height, width, channels)";
            };
            throw new LayerProblem("expects " + expected + " but its input '" + input + "' has shape " + x.kerasShape());
        }
        return x;
    }
}
