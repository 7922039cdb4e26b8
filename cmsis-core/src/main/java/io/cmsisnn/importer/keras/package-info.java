/**
 * The Keras reader behind {@link io.cmsisnn.importer.ModelImporter}: parses the model
 * configuration and weights of .h5 and .keras files and converts each supported layer into graph
 * nodes. Internal to the importer; it may import {@code io.cmsisnn.graph},
 * {@code io.cmsisnn.importer} (for {@code ModelImportException}) and the {@code io.cmsisnn} root.
 */
package io.cmsisnn.importer.keras;
