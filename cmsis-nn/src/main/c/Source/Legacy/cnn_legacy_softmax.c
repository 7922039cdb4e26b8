/* Part of cmsis-maven-plugin: legacy base-2 softmax on raw q7/q15 integers (CMSIS 5.9 semantics). */
#include "cnn_legacy_internal.h"

/*
 * q7: with base = max - 8, each input weighs 2^clamp(x - base, 0, 7) (so the maximum and
 * max - 1 weigh the same, and everything at or below base weighs 1);
 * out = sat8((2^20 / sum) >> clamp(13 + base - x, 0, 31)).
 * The input's Q-format does not matter: the integers are used as base-2 exponents.
 */
void arm_softmax_q7(const q7_t *vec_in, const uint16_t dim_vec, q7_t *p_out)
{
    int32_t base = -128;
    uint32_t sum = 0;
    int32_t out_base;
    uint16_t i;

    if (dim_vec == 0) {
        return; /* upstream would divide by zero */
    }
    for (i = 0; i < dim_vec; i++) {
        base = vec_in[i] > base ? vec_in[i] : base;
    }
    base -= 8;
    for (i = 0; i < dim_vec; i++) {
        sum += 1u << cnn_legacy_usat(vec_in[i] - base, 3);
    }
    out_base = (int32_t)((1u << 20) / sum);
    for (i = 0; i < dim_vec; i++) {
        p_out[i] = (q7_t)cnn_legacy_ssat(out_base >> cnn_legacy_usat(13 + base - vec_in[i], 5), 8);
    }
}

void arm_softmax_with_batch_q7(const q7_t *vec_in, const uint16_t nb_batches, const uint16_t dim_vec, q7_t *p_out)
{
    uint16_t b;
    for (b = 0; b < nb_batches; b++) {
        arm_softmax_q7(vec_in + (uint32_t)b * dim_vec, dim_vec, p_out + (uint32_t)b * dim_vec);
    }
}

/*
 * q15: base = max - 16; only inputs above base count, weighing 2^(x - base) (1..16);
 * out = sat16((2^32 / sum) >> (17 + base - x)), and 0 for inputs at or below base.
 */
void arm_softmax_q15(const q15_t *vec_in, const uint16_t dim_vec, q15_t *p_out)
{
    int32_t base = -0x100000;
    uint64_t sum = 0;
    int32_t out_base;
    uint16_t i;

    if (dim_vec == 0) {
        return; /* upstream would divide by zero */
    }
    for (i = 0; i < dim_vec; i++) {
        base = vec_in[i] > base ? vec_in[i] : base;
    }
    base -= 16;
    for (i = 0; i < dim_vec; i++) {
        if (vec_in[i] > base) {
            sum += 1u << cnn_legacy_usat(vec_in[i] - base, 5);
        }
    }
    out_base = (int32_t)(((uint64_t)1 << 32) / sum);
    for (i = 0; i < dim_vec; i++) {
        if (vec_in[i] > base) {
            p_out[i] = (q15_t)cnn_legacy_ssat(out_base >> cnn_legacy_usat(17 + base - vec_in[i], 5), 16);
        } else {
            p_out[i] = 0;
        }
    }
}
