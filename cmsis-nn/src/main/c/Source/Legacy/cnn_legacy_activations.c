/* Part of cmsis-maven-plugin: legacy in-place activations: ReLU and table sigmoid/tanh (CMSIS 5.9 semantics). */
#include "cnn_legacy_internal.h"

void arm_relu_q7(q7_t *data, uint16_t size)
{
    uint16_t i;
    for (i = 0; i < size; i++) {
        if (data[i] < 0) {
            data[i] = 0;
        }
    }
}

void arm_relu_q15(q15_t *data, uint16_t size)
{
    uint16_t i;
    for (i = 0; i < size; i++) {
        if (data[i] < 0) {
            data[i] = 0;
        }
    }
}

/*
 * The tables are indexed by the input as a Q3.4 number: shifting a Q(w).(7-w) value right by
 * 3-w gives it, and its low 8 bits (two's complement) pick the entry. int_width must be <= 3;
 * larger values are treated as 3 here (upstream's shift count would underflow).
 */
void arm_nn_activations_direct_q7(q7_t *data, uint16_t size, uint16_t int_width, arm_nn_activation_type type)
{
    const q7_t *table = type == ARM_SIGMOID ? cnn_legacy_sigmoid_q7 : cnn_legacy_tanh_q7;
    const uint16_t shift = int_width >= 3 ? 0 : (uint16_t)(3 - int_width);
    uint16_t i;
    for (i = 0; i < size; i++) {
        data[i] = table[(uint32_t)cnn_legacy_asr(data[i], shift) & 0xFFu];
    }
}

/*
 * q15: the top bits (input >> (11 - int_width)) pick the entry as for q7, and the
 * 11 - int_width bits below them interpolate linearly towards the next entry:
 *   out = ((2^s - frac) * t[i] + frac * t[i + 1]) >> s.
 * Entry 127 (the largest positive index) has no right neighbour and is returned as is; index
 * 255 (-1/16) interpolates towards entry 0 (x = 0), as the 8-bit index wraps.
 * int_width must be <= 3 for a meaningful index; values above 11 are treated as 11.
 */
void arm_nn_activations_direct_q15(q15_t *data, uint16_t size, uint16_t int_width, arm_nn_activation_type type)
{
    const q15_t *table = type == ARM_SIGMOID ? cnn_legacy_sigmoid_q15 : cnn_legacy_tanh_q15;
    const uint16_t width = int_width > 11 ? 11 : int_width;
    const uint16_t shift = (uint16_t)(11 - width);
    const uint32_t mask = 0x7FFu >> width;
    const int32_t full = (int32_t)mask + 1;
    uint16_t i;
    for (i = 0; i < size; i++) {
        const int32_t in = data[i];
        const int32_t hi = cnn_legacy_asr(in, shift);
        const int32_t frac = (int32_t)((uint32_t)in & mask);
        const int32_t v0 = table[(uint32_t)hi & 0xFFu];
        if (hi != 0x7F) {
            const int32_t v1 = table[((uint32_t)hi + 1u) & 0xFFu];
            data[i] = (q15_t)cnn_legacy_asr((full - frac) * v0 + v1 * frac, shift);
        } else {
            data[i] = (q15_t)v0;
        }
    }
}
