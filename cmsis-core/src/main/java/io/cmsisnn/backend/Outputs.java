package io.cmsisnn.backend;

/**
 * A network's outputs per sample.
 *
 * @param values real values (dequantized for fixed point)
 * @param raw    what the C network writes: the integer codes for fixed point (each exactly as a float), the values for f32
 */
public record Outputs(float[][] values, float[][] raw) {
}
