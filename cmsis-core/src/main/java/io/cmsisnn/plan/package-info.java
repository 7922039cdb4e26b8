/**
 * Planning: {@link io.cmsisnn.plan.MemoryPlanner} places every tensor of a graph in one static
 * arena so that tensors whose lifetimes overlap never share bytes; {@link io.cmsisnn.plan.KernelChoice}
 * and {@link io.cmsisnn.plan.AffineScratch} say which kernel each CMSIS-NN wrapper call takes and
 * how much scratch it needs, one rule read by both the emulation and the C emitter. It may import
 * {@code io.cmsisnn.graph}, {@code io.cmsisnn.quant} and the {@code io.cmsisnn} root.
 */
package io.cmsisnn.plan;
