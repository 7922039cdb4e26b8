/* ${banner} */
#include <math.h>
#include <string.h>

#include "arm_nnfunctions.h"
#include "${name}.h"
#include "${name}_parameters.h"
#include "${name}_weights.h"
<#if usesOps>
#include "${name}_ops.h"
</#if>
<#if dsp>

/* Generated for kernels built with ARM_MATH_DSP (their results differ from the plain-C build in places). */
</#if>
<#list notes as note>
<#if note?is_first>

</#if>
/* ${note} */
</#list>

${profileHook}

/* Every tensor lives in this arena at the offset (in ${word} words) the memory planner gave it;
 * regions start at multiples of 4 bytes, and the union aligns the arena itself to 4 bytes. */
static union {
    ${word} data[${NAME}_ARENA_SIZE];
    uint32_t align;
} ${name}_arena;
<#if hasScratch>

/* Scratch of the kernels (im2col columns, vector buffers, pooling sums), shared by all layers. */
static q15_t ${name}_scratch[${NAME}_SCRATCH_SIZE];
</#if>

void ${name}_quantize_input(const float *x, ${name}_input_t *q)
{
    int i;
    for (i = 0; i < ${NAME}_INPUT_SIZE; i++) {
        const double v = (double)x[i] * ${NAME}_INPUT_SCALE;
        double r = v >= 0.0 ? floor(v + 0.5) : ceil(v - 0.5);
        if (isnan(r)) {
            r = 0.0;
        }
        q[i] = (${name}_input_t)(r > ${wordMax}.0 ? ${wordMax} : (r < ${wordMin}.0 ? ${wordMin} : (int)r));
    }
}

float ${name}_dequantize_output(${name}_output_t q)
{
    return (float)((double)q * ${NAME}_OUTPUT_STEP);
}

void ${name}_run(const ${name}_input_t *input, ${name}_output_t *output)
{
    ${word} *const arena = ${name}_arena.data;
<#if scratchUnused>

    (void)${name}_scratch; /* reserved, though no call uses it */
</#if>

    /* ${inputComment}: copied into the arena */
    memcpy(arena + ${NAME}_INPUT_OFFSET, input, ${NAME}_INPUT_SIZE * sizeof(${word}));
<#list layers as layer>

    /* ${layer.comment}
<#list layer.details as d>
     * ${d}
</#list>
     */
<#list layer.calls as call>
    ${call}
</#list>
    ${layer.mark}
</#list>

    /* ${outputComment}: copied out */
    memcpy(output, arena + ${NAME}_OUTPUT_OFFSET, ${NAME}_OUTPUT_SIZE * sizeof(${word}));
}
