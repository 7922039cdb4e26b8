/* ${banner} */
#include <math.h>

#include "cmsis_nn_f32.h"
#include "${name}.h"
#include "${name}_parameters.h"
#include "${name}_weights.h"

${profileHook}

/* Every tensor lives in this arena at the offset the memory planner gave it. */
static float ${name}_arena[${NAME}_ARENA_SIZE];
<#if logSoftmax>

/*
 * Log-softmax over the channels at each of `positions` consecutive vectors of dim_vec values:
 * y = (x - max) - log(sum(exp(x - max))), in the order the Java engine follows. CMSIS-NN has no
 * such function; unlike log(softmax) it stays finite where a softmax value underflows to 0.
 */
static void ${name}_log_softmax(const float *vec_in, uint32_t positions, uint16_t dim_vec, float *p_out)
{
    uint32_t p;
    uint16_t i;

    for (p = 0; p < positions; p++) {
        const float *x = vec_in + p * dim_vec;
        float *y = p_out + p * dim_vec;
        float m = x[0];
        float sum = 0.0f;
        float log_sum;
        for (i = 1; i < dim_vec; i++) {
            if (x[i] != x[i] || x[i] > m) {
                m = x[i];
            }
        }
        for (i = 0; i < dim_vec; i++) {
            sum += (float)exp((double)(x[i] - m));
        }
        log_sum = (float)log((double)sum);
        for (i = 0; i < dim_vec; i++) {
            y[i] = (x[i] - m) - log_sum;
        }
    }
}
</#if>

void ${name}_run(const ${name}_input_t *input, ${name}_output_t *output)
{
    float *const arena = ${name}_arena;

    /* ${inputComment}: copied into the arena */
    cnn_f32_copy(input, ${NAME}_INPUT_SIZE, arena + ${NAME}_INPUT_OFFSET);
<#list layers as layer>

    /* ${layer.comment} */
<#list layer.calls as call>
    ${call}
</#list>
    ${layer.mark}
</#list>

    /* ${outputComment}: copied out */
    cnn_f32_copy(arena + ${NAME}_OUTPUT_OFFSET, ${NAME}_OUTPUT_SIZE, output);
}
