/* ${banner} */
#ifndef ${NAME}_H
#define ${NAME}_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Fixed-point network, scheme ${scheme}: CMSIS 5's legacy ${scheme} functions. Every tensor is a
 * signed ${bits}-bit word q standing for the value q / 2^frac, where frac is its format's number of
 * fractional bits: format Qm.n has m integer bits (sign excluded) and n = frac fractional bits
 * (m + n = ${valueBits}; n may be negative or exceed ${valueBits}).
 *
 * Input: one sample of ${inputH} x ${inputW} x ${inputC} words in HWC order (height, width, channels;
 * channels vary fastest), format ${inputFormat}: ${NAME}_INPUT_FRAC fractional bits. Convert the
 * model's float input with ${name}_quantize_input.
<#list headerNotes as line>
 *<#if line?has_content> ${line}</#if>
</#list>
 */
#define ${NAME}_INPUT_H ${inputH}
#define ${NAME}_INPUT_W ${inputW}
#define ${NAME}_INPUT_C ${inputC}
#define ${NAME}_INPUT_SIZE ${inputSize}
#define ${NAME}_INPUT_FRAC ${inputFrac}
<#include "raw_input_h.ftl">

/* Output: ${outputH} x ${outputW} x ${outputC} words in HWC order, format ${outputFormat}: value = q / 2^${NAME}_OUTPUT_FRAC. */
#define ${NAME}_OUTPUT_H ${outputH}
#define ${NAME}_OUTPUT_W ${outputW}
#define ${NAME}_OUTPUT_C ${outputC}
#define ${NAME}_OUTPUT_SIZE ${outputSize}
#define ${NAME}_OUTPUT_FRAC ${outputFrac}

/* Memory: activations ${activationBytes} bytes (one static arena), weights ${weightBytes} bytes, scratch ${scratchBytes} bytes. */
#define ${NAME}_ACTIVATION_BYTES ${activationBytes}
#define ${NAME}_WEIGHT_BYTES ${weightBytes}
#define ${NAME}_SCRATCH_BYTES ${scratchBytes}

typedef ${intType} ${name}_input_t;
typedef ${intType} ${name}_output_t;

/*
 * Converts ${NAME}_INPUT_SIZE floats x to the input format: x * 2^${NAME}_INPUT_FRAC computed in
 * double, rounded half away from zero and saturated to [${wordMin}, ${wordMax}]; NaN gives 0.
 */
void ${name}_quantize_input(const float *x, ${name}_input_t *q);

/*
 * Runs the network on ${NAME}_INPUT_SIZE input words and writes ${NAME}_OUTPUT_SIZE output words.
 * Not reentrant: all layers share one static arena<#if hasScratch> and one scratch buffer</#if>.
 */
void ${name}_run(const ${name}_input_t *input, ${name}_output_t *output);

/* The value one output word stands for: q / 2^${NAME}_OUTPUT_FRAC. */
float ${name}_dequantize_output(${name}_output_t q);

#ifdef __cplusplus
}
#endif

#endif /* ${NAME}_H */
