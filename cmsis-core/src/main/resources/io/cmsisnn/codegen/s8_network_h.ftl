/* ${banner} */
#ifndef ${NAME}_H
#define ${NAME}_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Fixed-point network, scheme ${scheme}: CMSIS-NN's ${scheme} functions (the TFLite ${typeName}
 * scheme). Every tensor is a ${typeName} code q standing for the value scale * (q - zero_point);
 * weights are int8 with one scale per <#if perChannel>output channel<#else>tensor</#if>, and every rescale is a
 * 32-bit multiplier and a shift. Built for ${roundingText}.
<#list widenedLines as line>
 * ${line}
</#list>
 *
 * Input: one sample of ${inputH} x ${inputW} x ${inputC} codes in HWC order (height, width, channels;
 * channels vary fastest), value = ${NAME}_INPUT_SCALE * (q - ${NAME}_INPUT_ZERO_POINT). Convert the
 * model's float input with ${name}_quantize_input.
<#list headerNotes as line>
 *<#if line?has_content> ${line}</#if>
</#list>
 */
#define ${NAME}_INPUT_H ${inputH}
#define ${NAME}_INPUT_W ${inputW}
#define ${NAME}_INPUT_C ${inputC}
#define ${NAME}_INPUT_SIZE ${inputSize}
#define ${NAME}_INPUT_SCALE ${inputScale}
#define ${NAME}_INPUT_ZERO_POINT ${inputZeroPoint}
<#include "raw_input_h.ftl">

/* Output: ${outputH} x ${outputW} x ${outputC} codes in HWC order, value = ${NAME}_OUTPUT_SCALE * (q - ${NAME}_OUTPUT_ZERO_POINT). */
#define ${NAME}_OUTPUT_H ${outputH}
#define ${NAME}_OUTPUT_W ${outputW}
#define ${NAME}_OUTPUT_C ${outputC}
#define ${NAME}_OUTPUT_SIZE ${outputSize}
#define ${NAME}_OUTPUT_SCALE ${outputScale}
#define ${NAME}_OUTPUT_ZERO_POINT ${outputZeroPoint}

/* Memory: activations ${activationBytes} bytes (one static arena), weights ${weightBytes} bytes, scratch ${scratchBytes} bytes. */
#define ${NAME}_ACTIVATION_BYTES ${activationBytes}
#define ${NAME}_WEIGHT_BYTES ${weightBytes}
#define ${NAME}_SCRATCH_BYTES ${scratchBytes}

typedef ${type} ${name}_input_t;
typedef ${type} ${name}_output_t;

/*
 * Converts ${NAME}_INPUT_SIZE floats x to input codes: zero point + x / scale (float division)
 * rounded half away from zero, saturated to [${qmin}, ${qmax}]; NaN gives the zero point.
 */
void ${name}_quantize_input(const float *x, ${name}_input_t *q);

/*
 * Runs the network on ${NAME}_INPUT_SIZE input codes and writes ${NAME}_OUTPUT_SIZE output codes.
 * Returns 0, or the status of the first kernel that failed. Not reentrant: all layers share one
 * static arena<#if hasScratch> and one scratch buffer</#if>.
 */
int32_t ${name}_run(const ${name}_input_t *input, ${name}_output_t *output);

/* The value one output code stands for. */
float ${name}_dequantize_output(${name}_output_t q);

#ifdef __cplusplus
}
#endif

#endif /* ${NAME}_H */
