/**
 * The ONNX reader behind {@link io.cmsisnn.importer.ModelImporter}: decodes the protobuf model,
 * folds constants and converts each supported operator into graph nodes, moving NCHW tensors into
 * the graph's HWC order and recording that order as a {@link io.cmsisnn.graph.TensorLayout}.
 * Internal to the importer; it may import {@code io.cmsisnn.graph}, {@code io.cmsisnn.importer}
 * (for {@code ModelImportException}) and the {@code io.cmsisnn} root.
 */
package io.cmsisnn.importer.onnx;
