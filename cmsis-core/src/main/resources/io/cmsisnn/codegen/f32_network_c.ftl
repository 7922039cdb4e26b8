/* ${banner} */
#include <math.h>

#include "cmsis_nn_f32.h"
#include "${name}.h"
#include "${name}_parameters.h"
#include "${name}_weights.h"

/* Every tensor lives in this arena at the offset the memory planner gave it. */
static float ${name}_arena[${NAME}_ARENA_SIZE];

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
</#list>

    /* ${outputComment}: copied out */
    cnn_f32_copy(arena + ${NAME}_OUTPUT_OFFSET, ${NAME}_OUTPUT_SIZE, output);
}
