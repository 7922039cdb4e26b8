package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Padding;

import java.util.Locale;

/** Keras's padding modes as explicit {@link Padding}; "same" puts the odd element at the end, as TensorFlow does. */
final class KerasPadding {
    private KerasPadding() {
    }

    /** Padding of a 2-D window over an HxW input. */
    static Padding of2d(KerasLayer layer, int inH, int inW, int[] kernel, int[] strides, int[] dilation) {
        String mode = mode(layer);
        if (mode.equals("valid")) {
            return Padding.NONE;
        }
        if (mode.equals("same")) {
            int[] h = Padding.same(inH, kernel[0], strides[0], dilation[0]);
            int[] w = Padding.same(inW, kernel[1], strides[1], dilation[1]);
            return new Padding(h[0], h[1], w[0], w[1]);
        }
        throw unsupported(mode, "'valid' and 'same'");
    }

    /** Padding of a 1-D window over the steps of a (1, steps, ch) sequence; "causal" pads the start only. */
    static Padding of1d(KerasLayer layer, int steps, int kernel, int stride, int dilation, boolean causalAllowed) {
        String mode = mode(layer);
        if (mode.equals("valid")) {
            return Padding.NONE;
        }
        if (mode.equals("same")) {
            int[] w = Padding.same(steps, kernel, stride, dilation);
            return new Padding(0, 0, w[0], w[1]);
        }
        if (mode.equals("causal") && causalAllowed) {
            return new Padding(0, 0, (kernel - 1) * dilation, 0);
        }
        throw unsupported(mode, causalAllowed ? "'valid', 'same' and 'causal'" : "'valid' and 'same'");
    }

    private static String mode(KerasLayer layer) {
        return layer.string("padding", "valid").toLowerCase(Locale.ROOT);
    }

    private static LayerProblem unsupported(String mode, String supported) {
        return new LayerProblem("uses padding '" + mode + "'; only " + supported + " are supported");
    }
}
