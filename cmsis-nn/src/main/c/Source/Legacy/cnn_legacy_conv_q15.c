/* Part of cmsis-maven-plugin: legacy q15 HWC convolutions (CMSIS 5.9 semantics). */
#include "cnn_legacy_internal.h"

/* Same loop nest as the q7 form. A q15 x q15 product fits int32 (at most 2^30); the sum wraps. */
static void conv_q15(const q15_t *in, int32_t in_x, int32_t in_y, int32_t ch_in, const q15_t *wt,
                     int32_t ch_out, int32_t k_x, int32_t k_y, int32_t pad_x, int32_t pad_y,
                     int32_t s_x, int32_t s_y, const q15_t *bias, uint16_t bias_shift,
                     uint16_t out_shift, q15_t *out, int32_t out_x, int32_t out_y)
{
    int32_t oy, ox, oc, ky, kx, c;

    for (oy = 0; oy < out_y; oy++) {
        for (ox = 0; ox < out_x; ox++) {
            for (oc = 0; oc < ch_out; oc++) {
                const q15_t *w = wt + oc * ch_in * k_x * k_y;
                uint32_t acc = cnn_legacy_acc_init(bias[oc], bias_shift, out_shift);
                for (ky = 0; ky < k_y; ky++) {
                    const int32_t iy = oy * s_y - pad_y + ky;
                    for (kx = 0; kx < k_x; kx++) {
                        const int32_t ix = ox * s_x - pad_x + kx;
                        const q15_t *px;
                        const q15_t *pw;
                        if (iy < 0 || iy >= in_y || ix < 0 || ix >= in_x) {
                            continue;
                        }
                        px = in + (iy * in_x + ix) * ch_in;
                        pw = w + (ky * k_x + kx) * ch_in;
                        for (c = 0; c < ch_in; c++) {
                            acc += (uint32_t)((int32_t)px[c] * (int32_t)pw[c]);
                        }
                    }
                }
                out[(oy * out_x + ox) * ch_out + oc] = cnn_legacy_out_q15(acc, out_shift);
            }
        }
    }
}

arm_status arm_convolve_HWC_q15_basic(const q15_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                      const q15_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                      const uint16_t padding, const uint16_t stride, const q15_t *bias,
                                      const uint16_t bias_shift, const uint16_t out_shift, q15_t *Im_out,
                                      const uint16_t dim_im_out, q15_t *bufferA, q7_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    conv_q15(Im_in, dim_im_in, dim_im_in, ch_im_in, wt, ch_im_out, dim_kernel, dim_kernel, padding, padding,
             stride, stride, bias, bias_shift, out_shift, Im_out, dim_im_out, dim_im_out);
    return ARM_MATH_SUCCESS;
}

arm_status arm_convolve_HWC_q15_fast(const q15_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                     const q15_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                     const uint16_t padding, const uint16_t stride, const q15_t *bias,
                                     const uint16_t bias_shift, const uint16_t out_shift, q15_t *Im_out,
                                     const uint16_t dim_im_out, q15_t *bufferA, q7_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    /* Upstream checks the even output size only on its DSP path. */
    if (ch_im_in % 2 != 0 || ch_im_out % 2 != 0 || (CNN_LEGACY_DSP && dim_im_out % 2 != 0)) {
        return ARM_MATH_SIZE_MISMATCH;
    }
    conv_q15(Im_in, dim_im_in, dim_im_in, ch_im_in, wt, ch_im_out, dim_kernel, dim_kernel, padding, padding,
             stride, stride, bias, bias_shift, out_shift, Im_out, dim_im_out, dim_im_out);
    return ARM_MATH_SUCCESS;
}

arm_status arm_convolve_HWC_q15_fast_nonsquare(const q15_t *Im_in, const uint16_t dim_im_in_x,
                                               const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                               const q15_t *wt, const uint16_t ch_im_out,
                                               const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                               const uint16_t padding_x, const uint16_t padding_y,
                                               const uint16_t stride_x, const uint16_t stride_y,
                                               const q15_t *bias, const uint16_t bias_shift,
                                               const uint16_t out_shift, q15_t *Im_out,
                                               const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                               q15_t *bufferA, q7_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    if (ch_im_in % 2 != 0 || ch_im_out % 2 != 0) {
        return ARM_MATH_SIZE_MISMATCH;
    }
    conv_q15(Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, wt, ch_im_out, dim_kernel_x, dim_kernel_y, padding_x,
             padding_y, stride_x, stride_y, bias, bias_shift, out_shift, Im_out, dim_im_out_x, dim_im_out_y);
    return ARM_MATH_SUCCESS;
}
