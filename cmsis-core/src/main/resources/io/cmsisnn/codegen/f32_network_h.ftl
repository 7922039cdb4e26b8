/* ${banner} */
#ifndef ${NAME}_H
#define ${NAME}_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Input: one sample of ${inputH} x ${inputW} x ${inputC} floats in HWC order (height, width,
 * channels; channels vary fastest), the values the model itself takes.
<#list headerNotes as line>
 *<#if line?has_content> ${line}</#if>
</#list>
 */
#define ${NAME}_INPUT_H ${inputH}
#define ${NAME}_INPUT_W ${inputW}
#define ${NAME}_INPUT_C ${inputC}
#define ${NAME}_INPUT_SIZE ${inputSize}
<#include "raw_input_h.ftl">

/* Output: ${outputH} x ${outputW} x ${outputC} floats in HWC order. */
#define ${NAME}_OUTPUT_H ${outputH}
#define ${NAME}_OUTPUT_W ${outputW}
#define ${NAME}_OUTPUT_C ${outputC}
#define ${NAME}_OUTPUT_SIZE ${outputSize}

/* Memory: activations ${activationBytes} bytes (one static arena), weights ${weightBytes} bytes, scratch ${scratchBytes} bytes. */
#define ${NAME}_ACTIVATION_BYTES ${activationBytes}
#define ${NAME}_WEIGHT_BYTES ${weightBytes}

typedef float ${name}_input_t;
typedef float ${name}_output_t;

/*
 * Runs the network on ${NAME}_INPUT_SIZE input values and writes ${NAME}_OUTPUT_SIZE output
 * values. Not reentrant: all layers share one static arena.
 */
void ${name}_run(const ${name}_input_t *input, ${name}_output_t *output);

#ifdef __cplusplus
}
#endif

#endif /* ${NAME}_H */
