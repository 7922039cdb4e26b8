/**
 * C code generation: writes the network's source and header files that call CMSIS-NN kernels (or
 * plain C for f32) for a float, legacy or affine network laid out by the memory plan. It may
 * import {@code io.cmsisnn.graph}, {@code io.cmsisnn.quant}, {@code io.cmsisnn.plan} and the
 * {@code io.cmsisnn} root, never the emulation, which reads the same descriptions.
 */
package io.cmsisnn.codegen;
