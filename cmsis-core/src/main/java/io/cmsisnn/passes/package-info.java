/**
 * Rewrites of an imported graph into the one the C code implements (see
 * {@link io.cmsisnn.passes.GraphLowering}): identities dropped, scale and shift folded, activations
 * fused into the layer before them, with results unchanged beyond float rounding. It may import
 * {@code io.cmsisnn.graph} and the {@code io.cmsisnn} root.
 */
package io.cmsisnn.passes;
