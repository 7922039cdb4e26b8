package io.cmsisnn.quant;

import io.cmsisnn.ConfigurationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The activation word size of one layer in an s8 network (the parameter {@code layerPrecision}):
 * int8 as the rest of the network, or 16x8 (int16 activations, int8 weights, the {@code _s16} kernels).
 */
public enum LayerPrecision {
    /** int8 activations, the {@code _s8} kernels (what every layer of an s8 network has unless widened). */
    S8,
    /** int16 symmetric activations, int8 weights, int64 bias: the {@code _s16} kernels. */
    S16;

    /** The parameter value: {@code s8} or {@code s16}, in any case. */
    public static LayerPrecision parse(String layer, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (LayerPrecision p : values()) {
            if (p.id().equals(v)) {
                return p;
            }
        }
        throw new ConfigurationException("layerPrecision of layer '" + layer + "' is '" + value + "', which does not exist; use "
                + Arrays.stream(values()).map(LayerPrecision::id).collect(Collectors.joining(" or ")));
    }

    /** The parameter spelling. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
