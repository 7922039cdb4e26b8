package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;

import java.util.List;

/**
 * Dense and the convolution layers. 1-D layers run on a (1, steps, channels) tensor as 2-D ops
 * with a kernel height of 1.
 */
final class ConvolutionLayers {
    private ConvolutionLayers() {
    }

    /** Dense on the last axis; on a sequence or image it applies at every position. */
    static void dense(GraphBuilder graph, KerasLayer layer, LayerWeights w) {
        String input = LayerInputs.single(layer);
        TensorInfo x = graph.tensor(input);
        int in = x.shape().c();
        int units = layer.requiredInt("units");
        float[] kernel = KernelLayouts.dense(w.require("kernel").expect(in, units).values(), in, units);
        float[] bias = bias(layer, w, units);
        ActivationLayers.emit(graph, layer, layer.name(), a -> new Op.Dense(in, units, kernel, bias, a), List.of(input), x.kerasRank());
    }

    static void conv2d(GraphBuilder graph, KerasLayer layer, LayerWeights w) {
        String input = LayerInputs.single(layer);
        Shape x = LayerInputs.ranked(graph, input, 3).shape();
        int filters = layer.requiredInt("filters");
        int[] k = layer.ints("kernel_size", 2, null);
        int[] s = layer.ints("strides", 2, new int[] {1, 1});
        int[] d = layer.ints("dilation_rate", 2, new int[] {1, 1});
        int groups = groups(layer, x.c(), filters);
        Padding pad = KerasPadding.of2d(layer, x.h(), x.w(), k, s, d);
        int inPerGroup = x.c() / groups;
        float[] kernel = KernelLayouts.convolution(
                w.require("kernel").expect(k[0], k[1], inPerGroup, filters).values(), k[0], k[1], inPerGroup, filters);
        float[] bias = bias(layer, w, filters);
        ActivationLayers.emit(graph, layer, layer.name(),
                a -> new Op.Conv2D(k[0], k[1], s[0], s[1], d[0], d[1], pad, x.c(), filters, groups, kernel, bias, a),
                List.of(input), 3);
    }

    static void conv1d(GraphBuilder graph, KerasLayer layer, LayerWeights w) {
        String input = LayerInputs.single(layer);
        Shape x = LayerInputs.ranked(graph, input, 2).shape();
        int filters = layer.requiredInt("filters");
        int k = layer.ints("kernel_size", 1, null)[0];
        int s = layer.ints("strides", 1, new int[] {1})[0];
        int d = layer.ints("dilation_rate", 1, new int[] {1})[0];
        int groups = groups(layer, x.c(), filters);
        Padding pad = KerasPadding.of1d(layer, x.w(), k, s, d, true);
        int inPerGroup = x.c() / groups;
        float[] kernel = KernelLayouts.convolution(
                w.require("kernel").expect(k, inPerGroup, filters).values(), 1, k, inPerGroup, filters);
        float[] bias = bias(layer, w, filters);
        ActivationLayers.emit(graph, layer, layer.name(),
                a -> new Op.Conv2D(1, k, 1, s, 1, d, pad, x.c(), filters, groups, kernel, bias, a),
                List.of(input), 2);
    }

    static void depthwise2d(GraphBuilder graph, KerasLayer layer, LayerWeights w) {
        String input = LayerInputs.single(layer);
        Shape x = LayerInputs.ranked(graph, input, 3).shape();
        int[] k = layer.ints("kernel_size", 2, null);
        int[] s = layer.ints("strides", 2, new int[] {1, 1});
        int[] d = layer.ints("dilation_rate", 2, new int[] {1, 1});
        int mult = layer.integer("depth_multiplier", 1);
        Padding pad = KerasPadding.of2d(layer, x.h(), x.w(), k, s, d);
        float[] kernel = w.require("depthwise_kernel", "kernel").expect(k[0], k[1], x.c(), mult).values();
        float[] bias = bias(layer, w, x.c() * mult);
        ActivationLayers.emit(graph, layer, layer.name(),
                a -> new Op.DepthwiseConv2D(k[0], k[1], s[0], s[1], d[0], d[1], pad, x.c(), mult, kernel, bias, a),
                List.of(input), 3);
    }

    static void depthwise1d(GraphBuilder graph, KerasLayer layer, LayerWeights w) {
        String input = LayerInputs.single(layer);
        Shape x = LayerInputs.ranked(graph, input, 2).shape();
        int k = layer.ints("kernel_size", 1, null)[0];
        int s = layer.ints("strides", 1, new int[] {1})[0];
        int d = layer.ints("dilation_rate", 1, new int[] {1})[0];
        int mult = layer.integer("depth_multiplier", 1);
        Padding pad = KerasPadding.of1d(layer, x.w(), k, s, d, true);
        float[] kernel = w.require("depthwise_kernel", "kernel").expect(k, x.c(), mult).values();
        float[] bias = bias(layer, w, x.c() * mult);
        ActivationLayers.emit(graph, layer, layer.name(),
                a -> new Op.DepthwiseConv2D(1, k, 1, s, 1, d, pad, x.c(), mult, kernel, bias, a),
                List.of(input), 2);
    }

    /** SeparableConv2D: a depthwise convolution (no bias, linear) named {@code <layer>/depthwise}, then a 1x1 convolution. */
    static void separable2d(GraphBuilder graph, KerasLayer layer, LayerWeights w) {
        String input = LayerInputs.single(layer);
        Shape x = LayerInputs.ranked(graph, input, 3).shape();
        int filters = layer.requiredInt("filters");
        int[] k = layer.ints("kernel_size", 2, null);
        int[] s = layer.ints("strides", 2, new int[] {1, 1});
        int[] d = layer.ints("dilation_rate", 2, new int[] {1, 1});
        int mult = layer.integer("depth_multiplier", 1);
        Padding pad = KerasPadding.of2d(layer, x.h(), x.w(), k, s, d);
        float[] depthwise = w.require("depthwise_kernel").expect(k[0], k[1], x.c(), mult).values();
        int mid = x.c() * mult;
        float[] pointwise = KernelLayouts.convolution(w.require("pointwise_kernel").expect(1, 1, mid, filters).values(), 1, 1, mid, filters);
        float[] bias = bias(layer, w, filters);
        String dwName = layer.name() + "/depthwise";
        graph.add(dwName, layer.className(), new Op.DepthwiseConv2D(k[0], k[1], s[0], s[1], d[0], d[1], pad, x.c(), mult,
                depthwise, new float[mid], Activation.LINEAR), List.of(input), 3);
        ActivationLayers.emit(graph, layer, layer.name(),
                a -> new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, mid, filters, 1, pointwise, bias, a), List.of(dwName), 3);
    }

    static void separable1d(GraphBuilder graph, KerasLayer layer, LayerWeights w) {
        String input = LayerInputs.single(layer);
        Shape x = LayerInputs.ranked(graph, input, 2).shape();
        int filters = layer.requiredInt("filters");
        int k = layer.ints("kernel_size", 1, null)[0];
        int s = layer.ints("strides", 1, new int[] {1})[0];
        int d = layer.ints("dilation_rate", 1, new int[] {1})[0];
        int mult = layer.integer("depth_multiplier", 1);
        Padding pad = KerasPadding.of1d(layer, x.w(), k, s, d, true);
        float[] depthwise = w.require("depthwise_kernel").expect(k, x.c(), mult).values();
        int mid = x.c() * mult;
        float[] pointwise = KernelLayouts.convolution(w.require("pointwise_kernel").expect(1, mid, filters).values(), 1, 1, mid, filters);
        float[] bias = bias(layer, w, filters);
        String dwName = layer.name() + "/depthwise";
        graph.add(dwName, layer.className(), new Op.DepthwiseConv2D(1, k, 1, s, 1, d, pad, x.c(), mult,
                depthwise, new float[mid], Activation.LINEAR), List.of(input), 2);
        ActivationLayers.emit(graph, layer, layer.name(),
                a -> new Op.Conv2D(1, 1, 1, 1, 1, 1, Padding.NONE, mid, filters, 1, pointwise, bias, a), List.of(dwName), 2);
    }

    /** The bias, or zeros when the layer has use_bias=False. */
    private static float[] bias(KerasLayer layer, LayerWeights w, int n) {
        if (!layer.bool("use_bias", true)) {
            return new float[n];
        }
        return w.require("bias").expect(n).values();
    }

    private static int groups(KerasLayer layer, int in, int filters) {
        int groups = layer.integer("groups", 1);
        if (groups < 1 || in % groups != 0 || filters % groups != 0) {
            throw new LayerProblem("has groups=" + groups + ", which does not divide its " + in + " input channels and "
                    + filters + " filters");
        }
        return groups;
    }
}
