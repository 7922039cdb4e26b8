/**
 * The float model every stage works on: a {@link io.cmsisnn.graph.Graph} of
 * {@link io.cmsisnn.graph.Node}s over HWC tensors, their shapes and costs, and the
 * {@link io.cmsisnn.graph.TensorLayout} that says how a model file's own tensor order maps to the
 * graph's. It is the first stage: it may import only the {@code io.cmsisnn} root.
 */
package io.cmsisnn.graph;
