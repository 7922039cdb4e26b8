package io.cmsisnn.importer.keras;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which a Keras layer creates its weight variables, which is the order a .keras
 * archive numbers them in ({@code vars/0}, {@code vars/1}, ...). Names follow the .h5 variable
 * names so that converters look weights up the same way for both formats.
 */
final class VariableOrder {
    private VariableOrder() {
    }

    static List<String> names(KerasLayer layer) {
        List<String> names = new ArrayList<>();
        boolean bias = layer.bool("use_bias", true);
        switch (layer.className()) {
            case "Dense", "Conv1D", "Conv2D" -> {
                names.add("kernel");
                if (bias) {
                    names.add("bias");
                }
            }
            case "DepthwiseConv1D", "DepthwiseConv2D" -> {
                names.add("depthwise_kernel");
                if (bias) {
                    names.add("bias");
                }
            }
            case "SeparableConv1D", "SeparableConv2D" -> {
                names.add("depthwise_kernel");
                names.add("pointwise_kernel");
                if (bias) {
                    names.add("bias");
                }
            }
            case "BatchNormalization" -> {
                if (layer.bool("scale", true)) {
                    names.add("gamma");
                }
                if (layer.bool("center", true)) {
                    names.add("beta");
                }
                names.add("moving_mean");
                names.add("moving_variance");
            }
            default -> {
                // weightless layers
            }
        }
        return names;
    }
}
