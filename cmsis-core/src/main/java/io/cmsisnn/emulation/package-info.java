/**
 * Bit-exact Java emulations of CMSIS-NN kernels.
 *
 * <p>The {@code Legacy*} classes mirror the legacy q7/q15 functions of CMSIS 5.9 (CMSIS-NN 3.1), one
 * static method per C function with the same argument order ({@code byte[]} for q7, {@code short[]}
 * for q15, {@code int} for the C {@code uint16_t} dimensions and shifts). Scratch-buffer arguments are
 * left out. Where upstream's DSP and plain-C paths compute different results a {@code dsp} flag picks
 * one (true for builds with {@code ARM_MATH_DSP} and without {@code ARM_MATH_MVEI}: Cortex-M4, M7, M33
 * with DSP; false for M0, M3 and Helium cores such as M55); {@code truncate} stands for
 * {@code ARM_NN_TRUNCATE}. Java's {@code int} wraps like the C code's 32-bit sums.
 *
 * <p>The s8/s16 kernels take the structs of {@link io.cmsisnn.quant.NnTypes} and the planned
 * scratch. It may import {@code io.cmsisnn.graph}, {@code io.cmsisnn.engine} (the exact float
 * multiply-add runs), {@code io.cmsisnn.quant}, {@code io.cmsisnn.plan} and the {@code io.cmsisnn} root.
 */
package io.cmsisnn.emulation;
