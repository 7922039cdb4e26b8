package io.cmsisnn.importer.keras;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** The Keras layer classes the converter understands, for dispatch checks and error messages. */
final class SupportedLayers {
    private SupportedLayers() {
    }

    /** Layers that do nothing at inference. */
    static final Set<String> IDENTITY = Set.of("Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise",
            "GaussianDropout", "AlphaDropout", "ActivityRegularization");

    static final Set<String> ALL;

    static {
        Set<String> all = new TreeSet<>(Set.of("InputLayer", "Dense", "Conv1D", "Conv2D", "DepthwiseConv1D", "DepthwiseConv2D",
                "SeparableConv1D", "SeparableConv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
                "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
                "BatchNormalization", "Activation", "ReLU", "LeakyReLU", "Softmax", "Flatten", "Reshape",
                "ZeroPadding1D", "ZeroPadding2D", "UpSampling1D", "UpSampling2D", "Add", "Concatenate"));
        all.addAll(IDENTITY);
        ALL = Collections.unmodifiableSet(all);
    }

    static boolean contains(String className) {
        return ALL.contains(className);
    }

    static String list() {
        return String.join(", ", ALL);
    }
}
