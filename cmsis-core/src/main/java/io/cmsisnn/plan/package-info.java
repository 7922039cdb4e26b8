/**
 * Memory planning: {@link io.cmsisnn.plan.MemoryPlanner} places every tensor of a graph in one static
 * arena so that tensors whose lifetimes overlap never share bytes. It may import
 * {@code io.cmsisnn.graph} and the {@code io.cmsisnn} root.
 */
package io.cmsisnn.plan;
