/**
 * The build cache under {@code target/}: file fingerprints, stored results filed under the hash of
 * their key, and stamps that tell whether a piece of work is up to date. It knows nothing of the
 * other stages and may import only the {@code io.cmsisnn} root.
 */
package io.cmsisnn.cache;
