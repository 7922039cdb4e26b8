package io.cmsisnn.quant;

import java.util.function.IntUnaryOperator;

/**
 * int8 weights, symmetric, one scale per output channel (TFLite's
 * {@code SymmetricPerChannelQuantization}): scale = max|w| / 127, values round(w * 127 / max|w|)
 * half away from zero, clamped to [-127, 127], all in float32. A channel of zeros gets scale 0 and
 * zero values; its rescale then derives to multiplier 0.
 *
 * @param values quantized weights, same layout as the float weights
 * @param scales one scale per channel
 */
public record SymmetricWeights(byte[] values, float[] scales) {

    /** Channel c holds the c-th contiguous block of {@code weights.length / channels} values (conv, FC: [out][...]). */
    public static SymmetricWeights channelOuter(float[] weights, int channels) {
        int block = checkedBlock(weights, channels);
        return quantize(weights, channels, i -> i / block);
    }

    /** Channel c holds every value with index % channels == c (depthwise: [1][ky][kx][out]). */
    public static SymmetricWeights channelInner(float[] weights, int channels) {
        checkedBlock(weights, channels);
        return quantize(weights, channels, i -> i % channels);
    }

    /** One scale for the whole tensor. */
    public static SymmetricWeights perTensor(float[] weights) {
        return quantize(weights, 1, i -> 0);
    }

    private static int checkedBlock(float[] weights, int channels) {
        if (channels <= 0 || weights.length % channels != 0) {
            throw new IllegalArgumentException(weights.length + " weights do not split into " + channels + " channels");
        }
        return weights.length / channels;
    }

    private static SymmetricWeights quantize(float[] weights, int channels, IntUnaryOperator channelOf) {
        float[] halfRange = new float[channels];
        for (int i = 0; i < weights.length; i++) {
            int c = channelOf.applyAsInt(i);
            halfRange[c] = Math.max(halfRange[c], Math.abs(weights[i]));
        }
        float[] scales = new float[channels];
        float[] inverse = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = halfRange[c] / 127.0f;
            inverse[c] = halfRange[c] == 0 ? 0.0f : 127.0f / halfRange[c];
        }
        byte[] values = new byte[weights.length];
        for (int i = 0; i < weights.length; i++) {
            float q = TfliteMath.round(weights[i] * inverse[channelOf.applyAsInt(i)]);
            values[i] = (byte) Math.max(-127, Math.min(127, (int) q));
        }
        return new SymmetricWeights(values, scales);
    }
}
