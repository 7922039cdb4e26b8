/* Cortex-M test harness of cmsis-maven-plugin: the network's per-layer profiling hook, included
 * before every source of a profiling build (gcc -include). */
#ifndef CMSIS_PROFILE_H
#define CMSIS_PROFILE_H

#include <stdint.h>

/* Adds the SysTick ticks since the previous mark to layer `layer`. */
void cmsis_profile_layer(uint32_t layer);

#define ${macro}(layer) cmsis_profile_layer((uint32_t)(layer))

#endif /* CMSIS_PROFILE_H */
