/**
 * The importer API: {@link io.cmsisnn.importer.ModelImporter} reads a Keras (.h5, .keras) or ONNX
 * model file into an {@link io.cmsisnn.importer.ImportedModel}, a float graph with the layouts of its
 * input and output. Later stages use only the classes of this package, never the format readers in
 * {@code importer.keras} and {@code importer.onnx}. It may import {@code io.cmsisnn.graph}, those
 * two subpackages and the {@code io.cmsisnn} root.
 */
package io.cmsisnn.importer;
