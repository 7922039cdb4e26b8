/* ${banner} */
#ifndef ${NAME}_PARAMETERS_H
#define ${NAME}_PARAMETERS_H

/* Arena size in ${type} elements and the offsets (in elements) of the network's input and output. */
#define ${NAME}_ARENA_SIZE ${arenaSize}
#define ${NAME}_INPUT_OFFSET ${inputOffset}
#define ${NAME}_OUTPUT_OFFSET ${outputOffset}
<#list layers as layer>

/* ${layer.comment} */
<#list layer.defines as d>
#define ${d.name} ${d.value}
</#list>
</#list>

#endif /* ${NAME}_PARAMETERS_H */
