package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Layers that move or copy data without arithmetic: identity, Flatten, Reshape, zero padding, upsampling. */
final class ShapeLayers {
    private ShapeLayers() {
    }

    /** Dropout and noise layers do nothing at inference. */
    static void identity(GraphBuilder graph, KerasLayer layer) {
        String input = LayerInputs.single(layer);
        graph.add(layer.name(), layer.className(), new Op.Identity(), List.of(input), graph.tensor(input).kerasRank());
    }

    /** Flatten: HWC row-major is Keras's own order, so only the shape changes. */
    static void flatten(GraphBuilder graph, KerasLayer layer) {
        String input = LayerInputs.single(layer);
        Shape x = graph.tensor(input).shape();
        graph.add(layer.name(), layer.className(), new Op.Reshape(Shape.vector(x.size())), List.of(input), 1);
    }

    /** Reshape to a target of rank 1 to 3 (one entry may be -1). */
    static void reshape(GraphBuilder graph, KerasLayer layer) {
        String input = LayerInputs.single(layer);
        Shape x = graph.tensor(input).shape();
        List<Integer> target = new ArrayList<>(layer.intList("target_shape"));
        int known = 1;
        int unknownAt = -1;
        for (int i = 0; i < target.size(); i++) {
            Integer d = target.get(i);
            if (d == null || d == -1) {
                if (unknownAt >= 0) {
                    throw new LayerProblem("has target_shape " + target + " with more than one unknown dimension");
                }
                unknownAt = i;
            } else if (d <= 0) {
                throw new LayerProblem("has target_shape " + target + " with a non-positive dimension");
            } else {
                known *= d;
            }
        }
        if (unknownAt >= 0) {
            if (x.size() % known != 0) {
                throw new LayerProblem("cannot reshape " + x.size() + " values to " + target);
            }
            target.set(unknownAt, x.size() / known);
        }
        TensorInfo out = TensorInfo.fromKeras(target);
        graph.add(layer.name(), layer.className(), new Op.Reshape(out.shape()), List.of(input), out.kerasRank());
    }

    /** ZeroPadding2D: padding is n, (h, w), or ((top, bottom), (left, right)). */
    static void zeroPadding2d(GraphBuilder graph, KerasLayer layer) {
        String input = LayerInputs.single(layer);
        LayerInputs.ranked(graph, input, 3);
        Object p = layer.raw("padding");
        Padding pad;
        if (p == null) {
            pad = new Padding(1, 1, 1, 1);
        } else if (p instanceof Number) {
            int n = layer.integer("padding", 1);
            pad = new Padding(n, n, n, n);
        } else if (p instanceof List<?> l && l.size() == 2 && l.get(0) instanceof List<?>) {
            int[] hw = pair(l.get(0));
            int[] ww = pair(l.get(1));
            pad = new Padding(hw[0], hw[1], ww[0], ww[1]);
        } else {
            int[] hw = layer.ints("padding", 2, null);
            pad = new Padding(hw[0], hw[0], hw[1], hw[1]);
        }
        graph.add(layer.name(), layer.className(), new Op.Pad(pad), List.of(input), 3);
    }

    /** ZeroPadding1D: padding is n or (left, right), along the steps. */
    static void zeroPadding1d(GraphBuilder graph, KerasLayer layer) {
        String input = LayerInputs.single(layer);
        LayerInputs.ranked(graph, input, 2);
        Object p = layer.raw("padding");
        int[] lr = p == null ? new int[] {1, 1} : p instanceof Number ? new int[] {layer.integer("padding", 1), layer.integer("padding", 1)} : pair(p);
        graph.add(layer.name(), layer.className(), new Op.Pad(new Padding(0, 0, lr[0], lr[1])), List.of(input), 2);
    }

    static void upSampling2d(GraphBuilder graph, KerasLayer layer) {
        String input = LayerInputs.single(layer);
        LayerInputs.ranked(graph, input, 3);
        nearestOnly(layer);
        int[] size = layer.ints("size", 2, new int[] {2, 2});
        graph.add(layer.name(), layer.className(), new Op.Upsample(size[0], size[1]), List.of(input), 3);
    }

    static void upSampling1d(GraphBuilder graph, KerasLayer layer) {
        String input = LayerInputs.single(layer);
        LayerInputs.ranked(graph, input, 2);
        int size = layer.ints("size", 1, new int[] {2})[0];
        graph.add(layer.name(), layer.className(), new Op.Upsample(1, size), List.of(input), 2);
    }

    private static void nearestOnly(KerasLayer layer) {
        String mode = layer.string("interpolation", "nearest").toLowerCase(Locale.ROOT);
        if (!mode.equals("nearest")) {
            throw new LayerProblem("uses interpolation '" + mode + "'; only 'nearest' is supported. "
                    + "Use UpSampling2D(interpolation='nearest') and save the model again");
        }
    }

    private static int[] pair(Object o) {
        if (o instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
            return new int[] {a.intValue(), b.intValue()};
        }
        throw new LayerProblem("has a malformed padding (" + o + ")");
    }
}
