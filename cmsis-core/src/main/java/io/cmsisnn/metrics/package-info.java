/**
 * Figures that compare one set of network outputs with another: top-1 accuracy, RMSE, per-layer
 * signal-to-noise ratio, element-wise agreement within a tolerance and ST Edge AI's validate
 * figures. The classes only compute; pipeline decides what to compare and writes the results into
 * the report. May import {@code io.cmsisnn.report} (for the records the figures fill) and the
 * {@code io.cmsisnn} root.
 */
package io.cmsisnn.metrics;
