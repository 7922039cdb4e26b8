/**
 * Quantization: turns a float graph and its activation ranges into a fixed-point network, either
 * legacy q7/q15 ({@code Legacy*}) or affine int8/int16 ({@code Affine*}), with the kernel arguments
 * each layer needs ({@link io.cmsisnn.quant.AffineStep}, and for the s8/s16 kernels the CMSIS-NN
 * structs of {@link io.cmsisnn.quant.NnTypes}). Ranges come in through {@link io.cmsisnn.quant.ActivationRanges}, so it may import
 * only {@code io.cmsisnn.graph} and the {@code io.cmsisnn} root.
 */
package io.cmsisnn.quant;
