/**
 * The float reference engine: {@link io.cmsisnn.engine.FloatEngine} runs a graph on batches of
 * samples and returns its outputs and, when asked, every layer's tensor, the values calibration
 * and verification compare against. It may import {@code io.cmsisnn.graph} and the
 * {@code io.cmsisnn} root.
 */
package io.cmsisnn.engine;
