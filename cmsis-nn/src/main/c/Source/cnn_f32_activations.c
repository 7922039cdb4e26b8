/* Part of cmsis-maven-plugin: float32 activation and softmax kernels. */
#include <math.h>

#include "cmsis_nn_f32.h"

void cnn_relu_f32(float *data, uint32_t size)
{
    uint32_t i;

    for (i = 0; i < size; i++) {
        if (data[i] < 0.0f) {
            data[i] = 0.0f;
        }
    }
}

void cnn_f32_clamp(const float *in, uint32_t size, float act_min, float act_max, float *out)
{
    uint32_t i;

    for (i = 0; i < size; i++) {
        float v = in[i];
        if (v < act_min) {
            v = act_min;
        } else if (v > act_max) {
            v = act_max;
        }
        out[i] = v;
    }
}

void cnn_f32_sigmoid(const float *in, uint32_t size, float *out)
{
    uint32_t i;

    for (i = 0; i < size; i++) {
        out[i] = (float)(1.0 / (1.0 + exp(-(double)in[i])));
    }
}

void cnn_f32_tanh(const float *in, uint32_t size, float *out)
{
    uint32_t i;

    for (i = 0; i < size; i++) {
        out[i] = (float)tanh((double)in[i]);
    }
}

void cnn_f32_leaky_relu(const float *in, uint32_t size, float alpha, float *out)
{
    uint32_t i;

    for (i = 0; i < size; i++) {
        const float v = in[i];
        out[i] = v >= 0.0f ? v : alpha * v;
    }
}

void cnn_f32_softmax(const float *vec_in, uint32_t positions, uint16_t dim_vec, float *p_out)
{
    uint32_t p;
    uint16_t i;

    for (p = 0; p < positions; p++) {
        const float *x = vec_in + p * dim_vec;
        float *y = p_out + p * dim_vec;
        float m = x[0];
        float sum = 0.0f;
        for (i = 1; i < dim_vec; i++) {
            if (x[i] != x[i] || x[i] > m) {
                m = x[i];
            }
        }
        for (i = 0; i < dim_vec; i++) {
            const float e = (float)exp((double)(x[i] - m));
            y[i] = e;
            sum += e;
        }
        for (i = 0; i < dim_vec; i++) {
            y[i] = y[i] / sum;
        }
    }
}

void cnn_softmax_f32(const float *vec_in, uint16_t dim_vec, float *p_out)
{
    cnn_f32_softmax(vec_in, 1, dim_vec, p_out);
}
