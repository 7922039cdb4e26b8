/* Part of cmsis-maven-plugin: float32 convolution kernels. */
#include <math.h>

#include "cmsis_nn_f32.h"

static float cnn_f32_clamp_one(float v, float lo, float hi)
{
    if (v < lo) {
        return lo;
    }
    if (v > hi) {
        return hi;
    }
    return v;
}

void cnn_f32_convolve_HWC_ext(const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y,
                              uint16_t ch_im_in, const float *wt, uint16_t ch_im_out,
                              uint16_t dim_kernel_x, uint16_t dim_kernel_y, uint16_t padding_x,
                              uint16_t padding_y, uint16_t stride_x, uint16_t stride_y,
                              uint16_t dilation_x, uint16_t dilation_y, uint16_t groups,
                              const float *bias, float act_min, float act_max, float *Im_out,
                              uint16_t dim_im_out_x, uint16_t dim_im_out_y)
{
    const int32_t group_in = (int32_t)ch_im_in / (int32_t)groups;
    const int32_t group_out = (int32_t)ch_im_out / (int32_t)groups;
    int32_t oy, ox, oc, ky, kx, ci;

    for (oy = 0; oy < (int32_t)dim_im_out_y; oy++) {
        for (ox = 0; ox < (int32_t)dim_im_out_x; ox++) {
            float *out = Im_out + ((int32_t)oy * dim_im_out_x + ox) * (int32_t)ch_im_out;
            for (oc = 0; oc < (int32_t)ch_im_out; oc++) {
                const int32_t g = oc / group_out;
                float acc = bias[oc];
                for (ky = 0; ky < (int32_t)dim_kernel_y; ky++) {
                    const int32_t iy = oy * stride_y - (int32_t)padding_y + ky * dilation_y;
                    if (iy < 0 || iy >= (int32_t)dim_im_in_y) {
                        continue;
                    }
                    for (kx = 0; kx < (int32_t)dim_kernel_x; kx++) {
                        const int32_t ix = ox * stride_x - (int32_t)padding_x + kx * dilation_x;
                        const float *x;
                        const float *w;
                        if (ix < 0 || ix >= (int32_t)dim_im_in_x) {
                            continue;
                        }
                        x = Im_in + (iy * (int32_t)dim_im_in_x + ix) * (int32_t)ch_im_in
                            + g * group_in;
                        w = wt + ((oc * (int32_t)dim_kernel_y + ky) * (int32_t)dim_kernel_x + kx)
                                     * group_in;
                        for (ci = 0; ci < group_in; ci++) {
                            acc += x[ci] * w[ci];
                        }
                    }
                }
                out[oc] = cnn_f32_clamp_one(acc, act_min, act_max);
            }
        }
    }
}

void cnn_convolve_HWC_f32_nonsquare(const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y,
                                    uint16_t ch_im_in, const float *wt, uint16_t ch_im_out,
                                    uint16_t dim_kernel_x, uint16_t dim_kernel_y, uint16_t padding_x,
                                    uint16_t padding_y, uint16_t stride_x, uint16_t stride_y,
                                    const float *bias, float *Im_out, uint16_t dim_im_out_x,
                                    uint16_t dim_im_out_y)
{
    cnn_f32_convolve_HWC_ext(Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, wt, ch_im_out,
                             dim_kernel_x, dim_kernel_y, padding_x, padding_y, stride_x, stride_y,
                             1, 1, 1, bias, -INFINITY, INFINITY, Im_out, dim_im_out_x,
                             dim_im_out_y);
}

void cnn_convolve_HWC_f32_basic(const float *Im_in, uint16_t dim_im_in, uint16_t ch_im_in,
                                const float *wt, uint16_t ch_im_out, uint16_t dim_kernel,
                                uint16_t padding, uint16_t stride, const float *bias, float *Im_out,
                                uint16_t dim_im_out)
{
    cnn_convolve_HWC_f32_nonsquare(Im_in, dim_im_in, dim_im_in, ch_im_in, wt, ch_im_out, dim_kernel,
                                   dim_kernel, padding, padding, stride, stride, bias, Im_out,
                                   dim_im_out, dim_im_out);
}

void cnn_f32_depthwise_conv_HWC_ext(const float *Im_in, uint16_t dim_im_in_x,
                                    uint16_t dim_im_in_y, uint16_t ch_im_in, const float *wt,
                                    uint16_t ch_mult, uint16_t dim_kernel_x,
                                    uint16_t dim_kernel_y, uint16_t padding_x, uint16_t padding_y,
                                    uint16_t stride_x, uint16_t stride_y, uint16_t dilation_x,
                                    uint16_t dilation_y, const float *bias, float act_min,
                                    float act_max, float *Im_out, uint16_t dim_im_out_x,
                                    uint16_t dim_im_out_y)
{
    const int32_t ch_out = (int32_t)ch_im_in * (int32_t)ch_mult;
    int32_t oy, ox, oc, ky, kx;

    for (oy = 0; oy < (int32_t)dim_im_out_y; oy++) {
        for (ox = 0; ox < (int32_t)dim_im_out_x; ox++) {
            float *out = Im_out + (oy * (int32_t)dim_im_out_x + ox) * ch_out;
            for (oc = 0; oc < ch_out; oc++) {
                const int32_t ci = oc / (int32_t)ch_mult;
                float acc = bias[oc];
                for (ky = 0; ky < (int32_t)dim_kernel_y; ky++) {
                    const int32_t iy = oy * stride_y - (int32_t)padding_y + ky * dilation_y;
                    if (iy < 0 || iy >= (int32_t)dim_im_in_y) {
                        continue;
                    }
                    for (kx = 0; kx < (int32_t)dim_kernel_x; kx++) {
                        const int32_t ix = ox * stride_x - (int32_t)padding_x + kx * dilation_x;
                        if (ix < 0 || ix >= (int32_t)dim_im_in_x) {
                            continue;
                        }
                        acc += Im_in[(iy * (int32_t)dim_im_in_x + ix) * (int32_t)ch_im_in + ci]
                               * wt[(ky * (int32_t)dim_kernel_x + kx) * ch_out + oc];
                    }
                }
                out[oc] = cnn_f32_clamp_one(acc, act_min, act_max);
            }
        }
    }
}

void cnn_depthwise_separable_conv_HWC_f32_nonsquare(
    const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y, uint16_t ch_im_in,
    const float *wt, uint16_t ch_im_out, uint16_t dim_kernel_x, uint16_t dim_kernel_y,
    uint16_t padding_x, uint16_t padding_y, uint16_t stride_x, uint16_t stride_y,
    const float *bias, float *Im_out, uint16_t dim_im_out_x, uint16_t dim_im_out_y)
{
    (void)ch_im_out; /* equals ch_im_in, as in the legacy function */
    cnn_f32_depthwise_conv_HWC_ext(Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, wt, 1, dim_kernel_x,
                                   dim_kernel_y, padding_x, padding_y, stride_x, stride_y, 1, 1,
                                   bias, -INFINITY, INFINITY, Im_out, dim_im_out_x, dim_im_out_y);
}
