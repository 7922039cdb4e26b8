/**
 * The verification report: the {@link io.cmsisnn.report.VerificationReport} record and the writer
 * that renders it as JSON, Markdown and HTML with SVG charts. It holds figures computed elsewhere;
 * it may import {@code io.cmsisnn.calibration} (for tensor statistics) and the {@code io.cmsisnn}
 * root.
 */
package io.cmsisnn.report;
