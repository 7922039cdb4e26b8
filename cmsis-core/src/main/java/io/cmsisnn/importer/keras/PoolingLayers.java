package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;

import java.util.List;

/** Max and average pooling, windowed and global. Keras averages exclude padded positions. */
final class PoolingLayers {
    private PoolingLayers() {
    }

    static void pool2d(GraphBuilder graph, KerasLayer layer, Op.PoolKind kind) {
        String input = LayerInputs.single(layer);
        Shape x = LayerInputs.ranked(graph, input, 3).shape();
        int[] p = layer.ints("pool_size", 2, new int[] {2, 2});
        int[] s = layer.ints("strides", 2, p); // Keras: strides default to pool_size
        Padding pad = KerasPadding.of2d(layer, x.h(), x.w(), p, s, new int[] {1, 1});
        graph.add(layer.name(), layer.className(), new Op.Pool2D(kind, p[0], p[1], s[0], s[1], pad, false), List.of(input), 3);
    }

    static void pool1d(GraphBuilder graph, KerasLayer layer, Op.PoolKind kind) {
        String input = LayerInputs.single(layer);
        Shape x = LayerInputs.ranked(graph, input, 2).shape();
        int p = layer.ints("pool_size", 1, new int[] {2})[0];
        int s = layer.ints("strides", 1, new int[] {p})[0];
        Padding pad = KerasPadding.of1d(layer, x.w(), p, s, 1, false);
        graph.add(layer.name(), layer.className(), new Op.Pool2D(kind, 1, p, 1, s, pad, false), List.of(input), 2);
    }

    /** Global pooling gives 1x1xC whether or not keepdims is set; only the Keras rank differs. */
    static void global(GraphBuilder graph, KerasLayer layer, Op.PoolKind kind, int inputRank) {
        String input = LayerInputs.single(layer);
        LayerInputs.ranked(graph, input, inputRank);
        int rank = layer.bool("keepdims", false) ? inputRank : 1;
        graph.add(layer.name(), layer.className(), new Op.GlobalPool(kind), List.of(input), rank);
    }
}
