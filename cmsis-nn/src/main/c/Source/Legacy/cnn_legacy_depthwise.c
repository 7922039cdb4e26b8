/* Part of cmsis-maven-plugin: legacy q7 depthwise convolutions (multiplier 1, CMSIS 5.9 semantics). */
#include "cnn_legacy_internal.h"

/* Weights [ky][kx][ch]; each channel convolves only its own input channel. */
static void depthwise_q7(const q7_t *in, int32_t in_x, int32_t in_y, int32_t ch, const q7_t *wt,
                         int32_t k_x, int32_t k_y, int32_t pad_x, int32_t pad_y, int32_t s_x,
                         int32_t s_y, const q7_t *bias, uint16_t bias_shift, uint16_t out_shift,
                         q7_t *out, int32_t out_x, int32_t out_y)
{
    int32_t oy, ox, c, ky, kx;

    for (oy = 0; oy < out_y; oy++) {
        for (ox = 0; ox < out_x; ox++) {
            for (c = 0; c < ch; c++) {
                uint32_t acc = cnn_legacy_acc_init(bias[c], bias_shift, out_shift);
                for (ky = 0; ky < k_y; ky++) {
                    const int32_t iy = oy * s_y - pad_y + ky;
                    for (kx = 0; kx < k_x; kx++) {
                        const int32_t ix = ox * s_x - pad_x + kx;
                        if (iy < 0 || iy >= in_y || ix < 0 || ix >= in_x) {
                            continue;
                        }
                        acc += (uint32_t)((int32_t)in[(iy * in_x + ix) * ch + c] *
                                          (int32_t)wt[(ky * k_x + kx) * ch + c]);
                    }
                }
                out[(oy * out_x + ox) * ch + c] = cnn_legacy_out_q7(acc, out_shift);
            }
        }
    }
}

arm_status arm_depthwise_separable_conv_HWC_q7(const q7_t *Im_in, const uint16_t dim_im_in,
                                               const uint16_t ch_im_in, const q7_t *wt,
                                               const uint16_t ch_im_out, const uint16_t dim_kernel,
                                               const uint16_t padding, const uint16_t stride, const q7_t *bias,
                                               const uint16_t bias_shift, const uint16_t out_shift,
                                               q7_t *Im_out, const uint16_t dim_im_out, q15_t *bufferA,
                                               q7_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    if (ch_im_in != ch_im_out) {
        return ARM_MATH_SIZE_MISMATCH;
    }
    depthwise_q7(Im_in, dim_im_in, dim_im_in, ch_im_in, wt, dim_kernel, dim_kernel, padding, padding, stride,
                 stride, bias, bias_shift, out_shift, Im_out, dim_im_out, dim_im_out);
    return ARM_MATH_SUCCESS;
}

arm_status arm_depthwise_separable_conv_HWC_q7_nonsquare(const q7_t *Im_in, const uint16_t dim_im_in_x,
                                                         const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                                         const q7_t *wt, const uint16_t ch_im_out,
                                                         const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                                         const uint16_t padding_x, const uint16_t padding_y,
                                                         const uint16_t stride_x, const uint16_t stride_y,
                                                         const q7_t *bias, const uint16_t bias_shift,
                                                         const uint16_t out_shift, q7_t *Im_out,
                                                         const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                                         q15_t *bufferA, q7_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    if (ch_im_in != ch_im_out) {
        return ARM_MATH_SIZE_MISMATCH;
    }
    depthwise_q7(Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, wt, dim_kernel_x, dim_kernel_y, padding_x,
                 padding_y, stride_x, stride_y, bias, bias_shift, out_shift, Im_out, dim_im_out_x,
                 dim_im_out_y);
    return ARM_MATH_SUCCESS;
}
