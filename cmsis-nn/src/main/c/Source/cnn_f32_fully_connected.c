/* Part of cmsis-maven-plugin: float32 fully connected kernels. */
#include <math.h>

#include "cmsis_nn_f32.h"

void cnn_f32_fully_connected_ext(const float *pV, const float *pM, uint32_t dim_vec,
                                 uint32_t num_of_rows, const float *bias, float act_min,
                                 float act_max, uint32_t positions, float *pOut)
{
    uint32_t p, r, i;

    for (p = 0; p < positions; p++) {
        const float *v = pV + p * dim_vec;
        float *out = pOut + p * num_of_rows;
        for (r = 0; r < num_of_rows; r++) {
            const float *row = pM + r * dim_vec;
            float acc = bias[r];
            for (i = 0; i < dim_vec; i++) {
                acc += v[i] * row[i];
            }
            if (acc < act_min) {
                acc = act_min;
            } else if (acc > act_max) {
                acc = act_max;
            }
            out[r] = acc;
        }
    }
}

void cnn_fully_connected_f32(const float *pV, const float *pM, uint16_t dim_vec,
                             uint16_t num_of_rows, const float *bias, float *pOut)
{
    cnn_f32_fully_connected_ext(pV, pM, dim_vec, num_of_rows, bias, -INFINITY, INFINITY, 1, pOut);
}
