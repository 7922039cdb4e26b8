/* ${banner} */
#ifndef ${NAME}_PARAMETERS_H
#define ${NAME}_PARAMETERS_H

/* Arena size in ${word} words and the offsets (in words) of the network's input and output. */
#define ${NAME}_ARENA_SIZE ${arenaSize}
#define ${NAME}_INPUT_OFFSET ${inputOffset}
#define ${NAME}_OUTPUT_OFFSET ${outputOffset}
<#if hasScratch>

/* Scratch buffer size in q15_t words. */
#define ${NAME}_SCRATCH_SIZE ${scratchSize}
</#if>

/* 2^INPUT_FRAC and 2^-OUTPUT_FRAC, exact: the input and output scales. */
#define ${NAME}_INPUT_SCALE ${inputScale}
#define ${NAME}_OUTPUT_STEP ${outputStep}
<#list layers as layer>

/* ${layer.comment} */
<#list layer.defines as d>
#define ${d.name} ${d.value}
</#list>
</#list>

#endif /* ${NAME}_PARAMETERS_H */
