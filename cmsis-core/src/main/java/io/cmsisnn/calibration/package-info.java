/**
 * Calibration: runs the float engine over calibration samples, gathers each tensor's statistics
 * and chooses ranges and fixed-point formats from them; the result can be stored and read back. It
 * may import {@code io.cmsisnn.graph}, {@code io.cmsisnn.engine} and the {@code io.cmsisnn} root.
 */
package io.cmsisnn.calibration;
