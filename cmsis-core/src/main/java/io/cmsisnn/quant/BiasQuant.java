package io.cmsisnn.quant;

/**
 * Bias of a convolution, depthwise or fully connected layer in the TFLite scheme: scale
 * input_scale * weight_scale[c] (float32), value round(b * (1 / scale)) half away from zero,
 * saturated to +-(2^31 - 1) (int32, for int8 activations) or +-(2^63 - 1) (int64, for int16
 * activations). A zero scale (all-zero weight channel) gives 0. Per tensor: one weight scale for all.
 */
public final class BiasQuant {
    private BiasQuant() {
    }

    public static int[] int32(float[] bias, float inputScale, float[] weightScales) {
        int[] out = new int[bias.length];
        for (int c = 0; c < bias.length; c++) {
            float q = TfliteMath.round(bias[c] * inverse(inputScale, weightScale(weightScales, c)));
            int v = TfliteMath.safeCastInt(q);
            out[c] = Math.max(-Integer.MAX_VALUE, v);
        }
        return out;
    }

    public static long[] int64(float[] bias, float inputScale, float[] weightScales) {
        long[] out = new long[bias.length];
        for (int c = 0; c < bias.length; c++) {
            float q = TfliteMath.round(bias[c] * inverse(inputScale, weightScale(weightScales, c)));
            long v = TfliteMath.safeCastLong(q);
            out[c] = Math.max(-Long.MAX_VALUE, v);
        }
        return out;
    }

    private static float weightScale(float[] weightScales, int c) {
        return weightScales.length == 1 ? weightScales[0] : weightScales[c];
    }

    /** {@code (scale == 0) ? 0 : 1.0 / scale} with the product and the inverse stored as float. */
    private static float inverse(float inputScale, float weightScale) {
        float scale = inputScale * weightScale;
        return scale == 0 ? 0.0f : (float) (1.0 / scale);
    }
}
