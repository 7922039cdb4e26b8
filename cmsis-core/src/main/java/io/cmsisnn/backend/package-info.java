/**
 * One backend per scheme family: {@link io.cmsisnn.backend.FloatBackend} (f32),
 * {@link io.cmsisnn.backend.LegacyBackend} (CMSIS 5's q7/q15) and
 * {@link io.cmsisnn.backend.AffineBackend} (CMSIS-NN's s8/s16). Each quantizes the lowered graph
 * (fixed point), describes it as C, and predicts, dequantizes and reports what that C computes,
 * behind {@link io.cmsisnn.backend.SchemeBackend}; orchestration never branches on the family.
 * It may use graph, engine, data, calibration, quant, plan, emulation, codegen, report and metrics.
 */
package io.cmsisnn.backend;
