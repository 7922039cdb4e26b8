/* Part of cmsis-maven-plugin: float32 pooling kernels. */
#include <math.h>

#include "cmsis_nn_f32.h"

void cnn_f32_maxpool_HWC_nonsquare(const float *Im_in, uint16_t dim_im_in_x,
                                   uint16_t dim_im_in_y, uint16_t ch_im_in, uint16_t dim_kernel_x,
                                   uint16_t dim_kernel_y, uint16_t padding_x, uint16_t padding_y,
                                   uint16_t stride_x, uint16_t stride_y, uint16_t dim_im_out_x,
                                   uint16_t dim_im_out_y, float *Im_out)
{
    int32_t oy, ox, c, ky, kx;

    for (oy = 0; oy < (int32_t)dim_im_out_y; oy++) {
        for (ox = 0; ox < (int32_t)dim_im_out_x; ox++) {
            for (c = 0; c < (int32_t)ch_im_in; c++) {
                float acc = -INFINITY;
                int any = 0;
                for (ky = 0; ky < (int32_t)dim_kernel_y; ky++) {
                    const int32_t iy = oy * stride_y - (int32_t)padding_y + ky;
                    if (iy < 0 || iy >= (int32_t)dim_im_in_y) {
                        continue;
                    }
                    for (kx = 0; kx < (int32_t)dim_kernel_x; kx++) {
                        const int32_t ix = ox * stride_x - (int32_t)padding_x + kx;
                        float v;
                        if (ix < 0 || ix >= (int32_t)dim_im_in_x) {
                            continue;
                        }
                        v = Im_in[(iy * (int32_t)dim_im_in_x + ix) * (int32_t)ch_im_in + c];
                        any = 1;
                        if (v != v || v > acc) {
                            acc = v;
                        }
                    }
                }
                /* a window lying wholly in the padding has no value to take: 0, as the Java engine */
                Im_out[(oy * (int32_t)dim_im_out_x + ox) * (int32_t)ch_im_in + c] =
                    any ? acc : 0.0f;
            }
        }
    }
}

void cnn_f32_avepool_HWC_nonsquare(const float *Im_in, uint16_t dim_im_in_x,
                                   uint16_t dim_im_in_y, uint16_t ch_im_in, uint16_t dim_kernel_x,
                                   uint16_t dim_kernel_y, uint16_t padding_x, uint16_t padding_y,
                                   uint16_t stride_x, uint16_t stride_y, uint16_t dim_im_out_x,
                                   uint16_t dim_im_out_y, int count_include_pad, float *Im_out)
{
    int32_t oy, ox, c, ky, kx;

    for (oy = 0; oy < (int32_t)dim_im_out_y; oy++) {
        for (ox = 0; ox < (int32_t)dim_im_out_x; ox++) {
            for (c = 0; c < (int32_t)ch_im_in; c++) {
                float sum = 0.0f;
                int32_t count = 0;
                for (ky = 0; ky < (int32_t)dim_kernel_y; ky++) {
                    const int32_t iy = oy * stride_y - (int32_t)padding_y + ky;
                    if (iy < 0 || iy >= (int32_t)dim_im_in_y) {
                        continue;
                    }
                    for (kx = 0; kx < (int32_t)dim_kernel_x; kx++) {
                        const int32_t ix = ox * stride_x - (int32_t)padding_x + kx;
                        if (ix < 0 || ix >= (int32_t)dim_im_in_x) {
                            continue;
                        }
                        sum += Im_in[(iy * (int32_t)dim_im_in_x + ix) * (int32_t)ch_im_in + c];
                        count++;
                    }
                }
                if (count == 0) {
                    /* window wholly in the padding: 0 rather than 0/0, as the Java engine */
                    Im_out[(oy * (int32_t)dim_im_out_x + ox) * (int32_t)ch_im_in + c] = 0.0f;
                    continue;
                }
                if (count_include_pad) {
                    count = (int32_t)dim_kernel_x * (int32_t)dim_kernel_y;
                }
                Im_out[(oy * (int32_t)dim_im_out_x + ox) * (int32_t)ch_im_in + c] =
                    sum / (float)count;
            }
        }
    }
}

void cnn_maxpool_f32_HWC(const float *Im_in, uint16_t dim_im_in, uint16_t ch_im_in,
                         uint16_t dim_kernel, uint16_t padding, uint16_t stride,
                         uint16_t dim_im_out, float *Im_out)
{
    cnn_f32_maxpool_HWC_nonsquare(Im_in, dim_im_in, dim_im_in, ch_im_in, dim_kernel, dim_kernel,
                                  padding, padding, stride, stride, dim_im_out, dim_im_out, Im_out);
}

void cnn_avepool_f32_HWC(const float *Im_in, uint16_t dim_im_in, uint16_t ch_im_in,
                         uint16_t dim_kernel, uint16_t padding, uint16_t stride,
                         uint16_t dim_im_out, float *Im_out)
{
    cnn_f32_avepool_HWC_nonsquare(Im_in, dim_im_in, dim_im_in, ch_im_in, dim_kernel, dim_kernel,
                                  padding, padding, stride, stride, dim_im_out, dim_im_out, 0,
                                  Im_out);
}

void cnn_f32_global_maxpool_HWC(const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y,
                                uint16_t ch_im_in, float *Im_out)
{
    const int32_t positions = (int32_t)dim_im_in_x * (int32_t)dim_im_in_y;
    int32_t c, p;

    for (c = 0; c < (int32_t)ch_im_in; c++) {
        float acc = -INFINITY;
        for (p = 0; p < positions; p++) {
            const float v = Im_in[p * (int32_t)ch_im_in + c];
            if (v != v || v > acc) {
                acc = v;
            }
        }
        Im_out[c] = acc;
    }
}

void cnn_f32_global_avepool_HWC(const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y,
                                uint16_t ch_im_in, float *Im_out)
{
    const int32_t positions = (int32_t)dim_im_in_x * (int32_t)dim_im_in_y;
    int32_t c, p;

    for (c = 0; c < (int32_t)ch_im_in; c++) {
        float sum = 0.0f;
        for (p = 0; p < positions; p++) {
            sum += Im_in[p * (int32_t)ch_im_in + c];
        }
        Im_out[c] = sum / (float)positions;
    }
}
