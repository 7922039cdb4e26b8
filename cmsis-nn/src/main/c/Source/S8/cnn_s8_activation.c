/* Part of cmsis-maven-plugin: the raw relu6 of int8 data. */
#include "cnn_s8_internal.h"

void arm_relu6_s8(int8_t *data, uint16_t size)
{
    uint16_t i;
    for (i = 0; i < size; i++) {
        data[i] = (int8_t)CNN_S8_MIN(CNN_S8_MAX((int32_t)data[i], 0), 6);
    }
}
