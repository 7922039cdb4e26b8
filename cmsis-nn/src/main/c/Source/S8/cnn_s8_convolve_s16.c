/* Part of cmsis-maven-plugin: s16 convolution (int16 activations, int8 weights) and its buffer sizes. */
#include "cnn_s8_internal.h"

/*
 * acc = bias[oc] + sum over taps inside the image of x * w (no offsets: int16 is symmetric).
 * With an int32 bias the sum is 32-bit and goes through arm_nn_requantize (so it follows
 * CMSIS_NN_USE_SINGLE_ROUNDING); with an int64 bias it is 64-bit and goes through
 * arm_nn_requantize_s64 with the 16-bit reduced multiplier. Upstream's plain-C path sums the
 * products in 32 bits before widening (the first 512 of a pixel, or all of them for the last pixel
 * of an odd count); that equals the exact sum used here unless such a 32-bit partial sum overflows.
 * Upstream ignores filter_dims->c (no groups).
 */
static void convolve_s16_generic(const cmsis_nn_conv_params *params, const cmsis_nn_per_channel_quant_params *quant,
                                 const cmsis_nn_dims *input_dims, const int16_t *input,
                                 const cmsis_nn_dims *filter_dims, const int8_t *filter,
                                 const cmsis_nn_bias_data *bias, const cmsis_nn_dims *output_dims, int16_t *output)
{
    const int32_t in_y = input_dims->h;
    const int32_t in_x = input_dims->w;
    const int32_t in_ch = input_dims->c;
    const int32_t k_y = filter_dims->h;
    const int32_t k_x = filter_dims->w;
    const int32_t out_y = output_dims->h;
    const int32_t out_x = output_dims->w;
    const int32_t out_ch = output_dims->c;
    const int32_t taps = k_y * k_x * in_ch;
    const int32_t *bias32 = bias->is_int32_bias ? (const int32_t *)bias->data : NULL;
    const int64_t *bias64 = bias->is_int32_bias ? NULL : (const int64_t *)bias->data;
    int32_t b, oy, ox, oc, ky, kx, ci;

    for (b = 0; b < input_dims->n; b++) {
        const int16_t *in_b = input + b * in_y * in_x * in_ch;
        int16_t *out_b = output + b * out_y * out_x * out_ch;
        for (oy = 0; oy < out_y; oy++) {
            const int32_t base_y = oy * params->stride.h - params->padding.h;
            for (ox = 0; ox < out_x; ox++) {
                const int32_t base_x = ox * params->stride.w - params->padding.w;
                for (oc = 0; oc < out_ch; oc++) {
                    const int8_t *w = filter + oc * taps;
                    int64_t acc = 0;
                    int32_t result;
                    for (ky = 0; ky < k_y; ky++) {
                        const int32_t y = base_y + params->dilation.h * ky;
                        for (kx = 0; kx < k_x; kx++) {
                            const int32_t x = base_x + params->dilation.w * kx;
                            const int16_t *px;
                            const int8_t *pw = w + (ky * k_x + kx) * in_ch;
                            if (!cnn_s8_inside(y, x, in_y, in_x)) {
                                continue;
                            }
                            px = in_b + (y * in_x + x) * in_ch;
                            for (ci = 0; ci < in_ch; ci++) {
                                acc += (int32_t)px[ci] * (int32_t)pw[ci];
                            }
                        }
                    }
                    if (bias->is_int32_bias) {
                        int32_t acc32 = (int32_t)acc;
                        if (bias32 != NULL) {
                            acc32 = cnn_s8_add_wrap(acc32, bias32[oc]);
                        }
                        result = cnn_s8_requantize(acc32, quant->multiplier[oc], quant->shift[oc]);
                    } else {
                        if (bias64 != NULL) {
                            acc += bias64[oc];
                        }
                        result = cnn_s8_requantize_s64(acc, cnn_s8_reduce_multiplier(quant->multiplier[oc]),
                                                       quant->shift[oc]);
                    }
                    out_b[(oy * out_x + ox) * out_ch + oc] =
                        cnn_s8_clamp_s16(result, params->activation.min, params->activation.max);
                }
            }
        }
    }
}

arm_cmsis_nn_status arm_convolve_s16(const cmsis_nn_context *ctx,
                                     const cmsis_nn_conv_params *conv_params,
                                     const cmsis_nn_per_channel_quant_params *quant_params,
                                     const cmsis_nn_dims *input_dims,
                                     const int16_t *input_data,
                                     const cmsis_nn_dims *filter_dims,
                                     const int8_t *filter_data,
                                     const cmsis_nn_dims *bias_dims,
                                     const cmsis_nn_bias_data *bias_data,
                                     const cmsis_nn_dims *output_dims,
                                     int16_t *output_data)
{
    (void)bias_dims;
    if (ctx->buf == NULL) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    convolve_s16_generic(conv_params, quant_params, input_dims, input_data, filter_dims, filter_data, bias_data,
                         output_dims, output_data);
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_convolve_wrapper_s16(const cmsis_nn_context *ctx,
                                             const cmsis_nn_conv_params *conv_params,
                                             const cmsis_nn_per_channel_quant_params *quant_params,
                                             const cmsis_nn_dims *input_dims,
                                             const int16_t *input_data,
                                             const cmsis_nn_dims *filter_dims,
                                             const int8_t *filter_data,
                                             const cmsis_nn_dims *bias_dims,
                                             const cmsis_nn_bias_data *bias_data,
                                             const cmsis_nn_dims *output_dims,
                                             int16_t *output_data)
{
    return arm_convolve_s16(ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                            bias_dims, bias_data, output_dims, output_data);
}

static int32_t convolve_s16_size_mve(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
    const int32_t blocks = (input_dims->c * filter_dims->w * filter_dims->h + 7) / 8;
    return 4 * blocks * 8 * (int32_t)sizeof(int16_t);
}

/* Plain C and DSP: two int16 im2col columns. */
static int32_t convolve_s16_size_plain(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
    return 2 * input_dims->c * filter_dims->w * filter_dims->h * (int32_t)sizeof(int16_t);
}

int32_t arm_convolve_s16_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
#if defined(ARM_MATH_MVEI)
    return convolve_s16_size_mve(input_dims, filter_dims);
#else
    return convolve_s16_size_plain(input_dims, filter_dims);
#endif
}

int32_t arm_convolve_wrapper_s16_get_buffer_size(const cmsis_nn_conv_params *conv_params,
                                                 const cmsis_nn_dims *input_dims,
                                                 const cmsis_nn_dims *filter_dims,
                                                 const cmsis_nn_dims *output_dims)
{
    (void)conv_params;
    (void)output_dims;
    return arm_convolve_s16_get_buffer_size(input_dims, filter_dims);
}

int32_t arm_convolve_wrapper_s16_get_buffer_size_dsp(const cmsis_nn_conv_params *conv_params,
                                                     const cmsis_nn_dims *input_dims,
                                                     const cmsis_nn_dims *filter_dims,
                                                     const cmsis_nn_dims *output_dims)
{
    (void)conv_params;
    (void)output_dims;
    return convolve_s16_size_plain(input_dims, filter_dims);
}

int32_t arm_convolve_wrapper_s16_get_buffer_size_mve(const cmsis_nn_conv_params *conv_params,
                                                     const cmsis_nn_dims *input_dims,
                                                     const cmsis_nn_dims *filter_dims,
                                                     const cmsis_nn_dims *output_dims)
{
    (void)conv_params;
    (void)output_dims;
    return convolve_s16_size_mve(input_dims, filter_dims);
}
