/* ${banner} */
#ifndef ${NAME}_WEIGHTS_H
#define ${NAME}_WEIGHTS_H
<#list layers as layer>
<#list layer.arrays as a>

/* ${a.comment} */
static const float ${a.name}[${a.length}] = {
<#list a.lines as line>
    ${line}
</#list>
};
</#list>
</#list>

#endif /* ${NAME}_WEIGHTS_H */
