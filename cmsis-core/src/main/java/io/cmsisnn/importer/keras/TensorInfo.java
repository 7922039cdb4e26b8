package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Shape;

import java.util.List;

/**
 * A tensor as the converter tracks it: its HWC shape, and its rank as Keras sees it (without the
 * batch axis). The Keras rank decides how axis arguments (Concatenate, Softmax, BatchNormalization)
 * and 1-D layers map onto H, W and C.
 */
record TensorInfo(Shape shape, int kerasRank) {

    /** Keras dimensions without batch: [n] → 1x1xn, [steps, ch] → 1 x steps x ch, [h, w, c] → h x w x c. */
    static TensorInfo fromKeras(List<Integer> dims) {
        for (Integer d : dims) {
            if (d == null || d <= 0) {
                throw new LayerProblem("has input dimensions " + dims + " with an unspecified or empty size; "
                        + "give the model a fixed input shape (e.g. keras.Input(shape=(28, 28, 1))) and save it again");
            }
        }
        switch (dims.size()) {
            case 1:
                return new TensorInfo(Shape.vector(dims.get(0)), 1);
            case 2:
                return new TensorInfo(new Shape(1, dims.get(0), dims.get(1)), 2);
            case 3:
                return new TensorInfo(new Shape(dims.get(0), dims.get(1), dims.get(2)), 3);
            default:
                throw new LayerProblem("has a rank-" + dims.size() + " shape " + dims
                        + "; only vectors, sequences (steps, channels) and images (height, width, channels) are supported");
        }
    }

    /** Keras dimensions of this tensor, for messages. */
    String kerasShape() {
        switch (kerasRank) {
            case 1:
                return "(" + shape.c() + ",)";
            case 2:
                return "(" + shape.w() + ", " + shape.c() + ")";
            default:
                return "(" + shape.h() + ", " + shape.w() + ", " + shape.c() + ")";
        }
    }
}
