/* Part of cmsis-maven-plugin: legacy q7/q15 fully-connected layers (CMSIS 5.9 semantics). */
#include <stddef.h>

#include "cnn_legacy_internal.h"

/*
 * The _opt functions read weights interleaved by groups of four rows. Within a group the
 * columns come in blocks; entry p of a block holds row row[p] (0..3), column col[p] of the
 * block. Columns left over after the last whole block follow as (r0, r1, r2, r3) per column,
 * and rows left over after the last whole group follow in plain row-major order.
 */
typedef struct {
    int32_t block_cols;
    const uint8_t *row;
    const uint8_t *col;
} fc_layout;

static const uint8_t Q7_ROW[16] = {0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1, 2, 3, 2, 3};
static const uint8_t Q7_COL[16] = {0, 0, 2, 2, 0, 0, 2, 2, 1, 1, 3, 3, 1, 1, 3, 3};
static const fc_layout LAYOUT_Q7 = {4, Q7_ROW, Q7_COL};

static const uint8_t Q15_ROW[8] = {0, 0, 1, 1, 2, 2, 3, 3};
static const uint8_t Q15_COL[8] = {0, 1, 0, 1, 0, 1, 0, 1};
static const fc_layout LAYOUT_Q15 = {2, Q15_ROW, Q15_COL};

static const uint8_t Q7Q15_ROW[8] = {0, 1, 0, 1, 2, 3, 2, 3};
static const uint8_t Q7Q15_COL[8] = {0, 0, 1, 1, 0, 0, 1, 1};
static const fc_layout LAYOUT_Q7Q15 = {2, Q7Q15_ROW, Q7Q15_COL};

/* Element access for the two word sizes (1 = q7, 2 = q15). */
static int32_t get(const void *p, int bytes, int32_t i)
{
    return bytes == 1 ? (int32_t)((const q7_t *)p)[i] : (int32_t)((const q15_t *)p)[i];
}

static void put(void *p, int bytes, int32_t i, uint32_t acc, uint16_t out_shift)
{
    if (bytes == 1) {
        ((q7_t *)p)[i] = cnn_legacy_out_q7(acc, out_shift);
    } else {
        ((q15_t *)p)[i] = cnn_legacy_out_q15(acc, out_shift);
    }
}

/* Walks the weights once, in storage order; lay == NULL means plain row-major. */
static void fc_core(const void *v, int v_bytes, const void *w, int w_bytes, const void *bias, int b_bytes,
                    void *out, int o_bytes, int32_t dim_vec, int32_t rows, uint16_t bias_shift,
                    uint16_t out_shift, const fc_layout *lay)
{
    int32_t r = 0;
    int32_t wi = 0;
    int32_t i, j, p, c;

    if (lay != NULL) {
        const int32_t blocks = dim_vec / lay->block_cols;
        const int32_t per_block = 4 * lay->block_cols;
        for (; r + 4 <= rows; r += 4) {
            uint32_t acc[4];
            for (i = 0; i < 4; i++) {
                acc[i] = cnn_legacy_acc_init(get(bias, b_bytes, r + i), bias_shift, out_shift);
            }
            for (j = 0; j < blocks; j++) {
                for (p = 0; p < per_block; p++) {
                    const int32_t x = get(v, v_bytes, j * lay->block_cols + lay->col[p]);
                    acc[lay->row[p]] += (uint32_t)(x * get(w, w_bytes, wi++));
                }
            }
            for (c = blocks * lay->block_cols; c < dim_vec; c++) {
                const int32_t x = get(v, v_bytes, c);
                for (i = 0; i < 4; i++) {
                    acc[i] += (uint32_t)(x * get(w, w_bytes, wi++));
                }
            }
            for (i = 0; i < 4; i++) {
                put(out, o_bytes, r + i, acc[i], out_shift);
            }
        }
    }
    for (; r < rows; r++) {
        uint32_t acc = cnn_legacy_acc_init(get(bias, b_bytes, r), bias_shift, out_shift);
        for (c = 0; c < dim_vec; c++) {
            acc += (uint32_t)(get(v, v_bytes, c) * get(w, w_bytes, wi++));
        }
        put(out, o_bytes, r, acc, out_shift);
    }
}

arm_status arm_fully_connected_q7(const q7_t *pV, const q7_t *pM, const uint16_t dim_vec,
                                  const uint16_t num_of_rows, const uint16_t bias_shift,
                                  const uint16_t out_shift, const q7_t *bias, q7_t *pOut, q15_t *vec_buffer)
{
    (void)vec_buffer;
    fc_core(pV, 1, pM, 1, bias, 1, pOut, 1, dim_vec, num_of_rows, bias_shift, out_shift, NULL);
    return ARM_MATH_SUCCESS;
}

arm_status arm_fully_connected_q7_opt(const q7_t *pV, const q7_t *pM, const uint16_t dim_vec,
                                      const uint16_t num_of_rows, const uint16_t bias_shift,
                                      const uint16_t out_shift, const q7_t *bias, q7_t *pOut,
                                      q15_t *vec_buffer)
{
    (void)vec_buffer;
    fc_core(pV, 1, pM, 1, bias, 1, pOut, 1, dim_vec, num_of_rows, bias_shift, out_shift, &LAYOUT_Q7);
    return ARM_MATH_SUCCESS;
}

arm_status arm_fully_connected_q15(const q15_t *pV, const q15_t *pM, const uint16_t dim_vec,
                                   const uint16_t num_of_rows, const uint16_t bias_shift,
                                   const uint16_t out_shift, const q15_t *bias, q15_t *pOut,
                                   q15_t *vec_buffer)
{
    (void)vec_buffer;
    fc_core(pV, 2, pM, 2, bias, 2, pOut, 2, dim_vec, num_of_rows, bias_shift, out_shift, NULL);
    return ARM_MATH_SUCCESS;
}

arm_status arm_fully_connected_q15_opt(const q15_t *pV, const q15_t *pM, const uint16_t dim_vec,
                                       const uint16_t num_of_rows, const uint16_t bias_shift,
                                       const uint16_t out_shift, const q15_t *bias, q15_t *pOut,
                                       q15_t *vec_buffer)
{
    (void)vec_buffer;
    fc_core(pV, 2, pM, 2, bias, 2, pOut, 2, dim_vec, num_of_rows, bias_shift, out_shift, &LAYOUT_Q15);
    return ARM_MATH_SUCCESS;
}

arm_status arm_fully_connected_mat_q7_vec_q15(const q15_t *pV, const q7_t *pM, const uint16_t dim_vec,
                                              const uint16_t num_of_rows, const uint16_t bias_shift,
                                              const uint16_t out_shift, const q7_t *bias, q15_t *pOut,
                                              q15_t *vec_buffer)
{
    (void)vec_buffer;
    fc_core(pV, 2, pM, 1, bias, 1, pOut, 2, dim_vec, num_of_rows, bias_shift, out_shift, NULL);
    return ARM_MATH_SUCCESS;
}

arm_status arm_fully_connected_mat_q7_vec_q15_opt(const q15_t *pV, const q7_t *pM, const uint16_t dim_vec,
                                                  const uint16_t num_of_rows, const uint16_t bias_shift,
                                                  const uint16_t out_shift, const q7_t *bias, q15_t *pOut,
                                                  q15_t *vec_buffer)
{
    (void)vec_buffer;
    fc_core(pV, 2, pM, 1, bias, 1, pOut, 2, dim_vec, num_of_rows, bias_shift, out_shift, &LAYOUT_Q7Q15);
    return ARM_MATH_SUCCESS;
}
