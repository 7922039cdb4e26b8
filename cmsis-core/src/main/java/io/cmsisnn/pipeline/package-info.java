/**
 * Orchestration behind the Maven goals: {@link io.cmsisnn.pipeline.Generator} (cmsis:generate) and
 * {@link io.cmsisnn.pipeline.Verifier} (cmsis:verify) take their settings and run the stages in
 * turn, from import to report. It may import every other {@code io.cmsisnn} package, but of the
 * importer only its API ({@code io.cmsisnn.importer}), never {@code importer.keras} or
 * {@code importer.onnx}.
 */
package io.cmsisnn.pipeline;
