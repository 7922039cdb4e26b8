/* ${banner} */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "arm_nnfunctions.h"
#include "${name}.h"
#include "${name}_parameters.h"
#include "${name}_weights.h"

/* The multipliers and shifts below were derived for one rounding mode of arm_nn_requantize. */
<#if singleRounding>
#if !defined(CMSIS_NN_USE_SINGLE_ROUNDING)
#error "${name} was generated with roundingMode single: build it and CMSIS-NN with -DCMSIS_NN_USE_SINGLE_ROUNDING, or generate it again with roundingMode default"
#endif
<#else>
#if defined(CMSIS_NN_USE_SINGLE_ROUNDING)
#error "${name} was generated with roundingMode default: build it and CMSIS-NN without CMSIS_NN_USE_SINGLE_ROUNDING, or generate it again with roundingMode single"
#endif
</#if>
<#list notes as note>
<#if note?is_first>

</#if>
/* ${note} */
</#list>

${profileHook}
<#if needsRequantize>

/* arm_nn_requantize in the rounding mode the kernels are built with, for the generated requantize loops:
 * val * multiplier * 2^shift / 2^31, shift in [-31, 30]. */
static inline int32_t ${name}_requantize(const int32_t val, const int32_t multiplier, const int32_t shift)
{
#if defined(CMSIS_NN_USE_SINGLE_ROUNDING)
    const int64_t halved = ((int64_t)val * (int64_t)multiplier) >> (30 - shift);
    return (int32_t)((halved + 1) >> 1);
#else
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    const int32_t scaled = (int32_t)((uint32_t)val << (uint32_t)left);
    const int32_t high = (int32_t)(((int64_t)scaled * (int64_t)multiplier + ((int64_t)1 << 30)) >> 31);
    const int32_t mask = (int32_t)((1u << (uint32_t)right) - 1u);
    const int32_t remainder = high & mask;
    const int32_t result = high >> right;
    const int32_t threshold = (mask >> 1) + (result < 0 ? 1 : 0);
    return result + (remainder > threshold ? 1 : 0);
#endif
}
</#if>

/* Every tensor lives in this arena at the offset (in ${type} elements) the memory planner gave it;
 * regions start at multiples of 4 bytes, and the union aligns the arena itself to 4 bytes. */
static union {
    ${type} data[${NAME}_ARENA_SIZE];
    uint32_t align;
} ${name}_arena;
<#if hasScratch>

/* Kernel scratch, shared by all layers: the largest *_get_buffer_size of any call on a plain-C, DSP or Helium build. */
static int32_t ${name}_scratch[(${NAME}_SCRATCH_BYTES + 3) / 4];
</#if>

void ${name}_quantize_input(const float *x, ${name}_input_t *q)
{
    int i;
    for (i = 0; i < ${NAME}_INPUT_SIZE; i++) {
        const float r = roundf(x[i] / ${NAME}_INPUT_SCALE);
        long v;
        if (isnan(r)) {
            v = ${NAME}_INPUT_ZERO_POINT;
        } else if (r > 1e9f) {
            v = ${qmax};
        } else if (r < -1e9f) {
            v = ${qmin};
        } else {
            v = (long)r + ${NAME}_INPUT_ZERO_POINT;
        }
        q[i] = (${name}_input_t)(v > ${qmax} ? ${qmax} : (v < ${qmin} ? ${qmin} : v));
    }
}

float ${name}_dequantize_output(${name}_output_t q)
{
    return ${NAME}_OUTPUT_SCALE * (float)((int32_t)q - ${NAME}_OUTPUT_ZERO_POINT);
}

int32_t ${name}_run(const ${name}_input_t *input, ${name}_output_t *output)
{
    ${type} *const arena = ${name}_arena.data;
<#if hasScratch>
    const cmsis_nn_context ctx = { ${name}_scratch, ${NAME}_SCRATCH_BYTES };
<#else>
    const cmsis_nn_context ctx = { NULL, 0 };
</#if>
    arm_cmsis_nn_status status = ARM_CMSIS_NN_SUCCESS;

    (void)ctx;
    /* ${inputComment}: copied into the arena */
    memcpy(arena + ${NAME}_INPUT_OFFSET, input, ${NAME}_INPUT_SIZE * sizeof(${type}));
<#list layers as layer>

    /* ${layer.comment}
<#list layer.details as d>
     * ${d}
</#list>
     */
<#list layer.lines as line>
    ${line}
</#list>
    ${layer.mark}
</#list>

    /* ${outputComment}: copied out */
    memcpy(output, arena + ${NAME}_OUTPUT_OFFSET, ${NAME}_OUTPUT_SIZE * sizeof(${type}));
    return (int32_t)status;
}
