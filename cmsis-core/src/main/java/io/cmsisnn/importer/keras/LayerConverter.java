package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Op;

/** Turns one Keras layer into graph nodes, choosing the converter by class name. */
final class LayerConverter {
    private LayerConverter() {
    }

    static void convert(GraphBuilder graph, KerasLayer layer, LayerWeights w) {
        if ("channels_first".equals(layer.raw("data_format"))) {
            throw new LayerProblem("uses data_format 'channels_first'; only channels_last (the Keras default, and "
                    + "CMSIS-NN's HWC layout) is supported. Build the model with channels_last and save it again");
        }
        String cls = layer.className();
        if (SupportedLayers.IDENTITY.contains(cls)) {
            ShapeLayers.identity(graph, layer);
            return;
        }
        switch (cls) {
            case "Dense" -> ConvolutionLayers.dense(graph, layer, w);
            case "Conv1D" -> ConvolutionLayers.conv1d(graph, layer, w);
            case "Conv2D" -> ConvolutionLayers.conv2d(graph, layer, w);
            case "DepthwiseConv1D" -> ConvolutionLayers.depthwise1d(graph, layer, w);
            case "DepthwiseConv2D" -> ConvolutionLayers.depthwise2d(graph, layer, w);
            case "SeparableConv1D" -> ConvolutionLayers.separable1d(graph, layer, w);
            case "SeparableConv2D" -> ConvolutionLayers.separable2d(graph, layer, w);
            case "MaxPooling1D" -> PoolingLayers.pool1d(graph, layer, Op.PoolKind.MAX);
            case "MaxPooling2D" -> PoolingLayers.pool2d(graph, layer, Op.PoolKind.MAX);
            case "AveragePooling1D" -> PoolingLayers.pool1d(graph, layer, Op.PoolKind.AVERAGE);
            case "AveragePooling2D" -> PoolingLayers.pool2d(graph, layer, Op.PoolKind.AVERAGE);
            case "GlobalMaxPooling1D" -> PoolingLayers.global(graph, layer, Op.PoolKind.MAX, 2);
            case "GlobalMaxPooling2D" -> PoolingLayers.global(graph, layer, Op.PoolKind.MAX, 3);
            case "GlobalAveragePooling1D" -> PoolingLayers.global(graph, layer, Op.PoolKind.AVERAGE, 2);
            case "GlobalAveragePooling2D" -> PoolingLayers.global(graph, layer, Op.PoolKind.AVERAGE, 3);
            case "BatchNormalization" -> NormalizationLayers.batchNormalization(graph, layer, w);
            case "Activation" -> ActivationLayers.activationLayer(graph, layer, LayerInputs.single(layer));
            case "ReLU" -> ActivationLayers.relu(graph, layer, LayerInputs.single(layer));
            case "LeakyReLU" -> ActivationLayers.leakyRelu(graph, layer, LayerInputs.single(layer));
            case "Softmax" -> ActivationLayers.softmax(graph, layer, LayerInputs.single(layer));
            case "Flatten" -> ShapeLayers.flatten(graph, layer);
            case "Reshape" -> ShapeLayers.reshape(graph, layer);
            case "ZeroPadding1D" -> ShapeLayers.zeroPadding1d(graph, layer);
            case "ZeroPadding2D" -> ShapeLayers.zeroPadding2d(graph, layer);
            case "UpSampling1D" -> ShapeLayers.upSampling1d(graph, layer);
            case "UpSampling2D" -> ShapeLayers.upSampling2d(graph, layer);
            case "Add" -> MergeLayers.add(graph, layer);
            case "Concatenate" -> MergeLayers.concatenate(graph, layer);
            default -> throw new LayerProblem("is not supported. Supported layers: " + SupportedLayers.list()
                    + ". Replace it with supported layers and save the model again");
        }
    }
}
