/**
 * Quantization: turns a float graph and its activation ranges into a fixed-point network, either
 * legacy q7/q15 ({@code Legacy*}) or affine int8/int16 ({@code Affine*}), with the kernel arguments
 * each layer needs. Ranges come in through {@link io.cmsisnn.quant.ActivationRanges}, so it may import
 * only {@code io.cmsisnn.graph} and the {@code io.cmsisnn} root.
 */
package io.cmsisnn.quant;
