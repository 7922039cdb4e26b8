/* ${banner} */
#ifndef ${NAME}_WEIGHTS_H
#define ${NAME}_WEIGHTS_H

#include <stdint.h>
<#list arrays as a>

/* ${a.comment} */
static const ${a.type} ${a.name}[${a.length}] = {
<#list a.lines as line>
    ${line}
</#list>
};
</#list>

#endif /* ${NAME}_WEIGHTS_H */
