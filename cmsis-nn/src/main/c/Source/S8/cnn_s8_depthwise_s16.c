/* Part of cmsis-maven-plugin: s16 depthwise convolutions (generic, fast, wrapper) and their buffer sizes. */
#include "cnn_s8_internal.h"

/* Taps below which upstream's wrapper takes the fast kernel (its MAX_COL_COUNT). */
#define CNN_S8_MAX_COL_COUNT 512

/*
 * acc64 = bias[o] + sum over taps inside the image of x * w (int16 input, no offsets), then
 * arm_nn_requantize_s64 with the reduced multiplier and the activation clamp. A NULL bias counts as 0.
 */
static void depthwise_s16_core(const cmsis_nn_dw_conv_params *params, const cmsis_nn_per_channel_quant_params *quant,
                               const cmsis_nn_dims *input_dims, const int16_t *input, int32_t ch_mult,
                               const cmsis_nn_dims *filter_dims, const int8_t *filter, const int64_t *bias,
                               const cmsis_nn_dims *output_dims, int16_t *output)
{
    const int32_t in_y = input_dims->h;
    const int32_t in_x = input_dims->w;
    const int32_t in_ch = input_dims->c;
    const int32_t out_ch = in_ch * ch_mult;
    const int32_t out_y = output_dims->h;
    const int32_t out_x = output_dims->w;
    int32_t b, oy, ox, c, m, ky, kx;

    for (b = 0; b < input_dims->n; b++) {
        const int16_t *in_b = input + b * in_y * in_x * in_ch;
        int16_t *out_b = output + b * out_y * out_x * out_ch;
        for (oy = 0; oy < out_y; oy++) {
            const int32_t base_y = oy * params->stride.h - params->padding.h;
            for (ox = 0; ox < out_x; ox++) {
                const int32_t base_x = ox * params->stride.w - params->padding.w;
                for (c = 0; c < in_ch; c++) {
                    for (m = 0; m < ch_mult; m++) {
                        const int32_t o = c * ch_mult + m;
                        int64_t acc = bias != NULL ? bias[o] : 0;
                        int32_t result;
                        for (ky = 0; ky < filter_dims->h; ky++) {
                            const int32_t y = base_y + params->dilation.h * ky;
                            for (kx = 0; kx < filter_dims->w; kx++) {
                                const int32_t x = base_x + params->dilation.w * kx;
                                if (!cnn_s8_inside(y, x, in_y, in_x)) {
                                    continue;
                                }
                                acc += (int32_t)in_b[(y * in_x + x) * in_ch + c] *
                                    (int32_t)filter[(ky * filter_dims->w + kx) * out_ch + o];
                            }
                        }
                        result = cnn_s8_requantize_s64(acc, cnn_s8_reduce_multiplier(quant->multiplier[o]),
                                                       quant->shift[o]);
                        out_b[(oy * out_x + ox) * out_ch + o] =
                            cnn_s8_clamp_s16(result, params->activation.min, params->activation.max);
                    }
                }
            }
        }
    }
}

arm_cmsis_nn_status arm_depthwise_conv_s16(const cmsis_nn_context *ctx,
                                           const cmsis_nn_dw_conv_params *dw_conv_params,
                                           const cmsis_nn_per_channel_quant_params *quant_params,
                                           const cmsis_nn_dims *input_dims,
                                           const int16_t *input_data,
                                           const cmsis_nn_dims *filter_dims,
                                           const int8_t *filter_data,
                                           const cmsis_nn_dims *bias_dims,
                                           const int64_t *bias_data,
                                           const cmsis_nn_dims *output_dims,
                                           int16_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    depthwise_s16_core(dw_conv_params, quant_params, input_dims, input_data, dw_conv_params->ch_mult, filter_dims,
                       filter_data, bias_data, output_dims, output_data);
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_depthwise_conv_fast_s16(const cmsis_nn_context *ctx,
                                                const cmsis_nn_dw_conv_params *dw_conv_params,
                                                const cmsis_nn_per_channel_quant_params *quant_params,
                                                const cmsis_nn_dims *input_dims,
                                                const int16_t *input_data,
                                                const cmsis_nn_dims *filter_dims,
                                                const int8_t *filter_data,
                                                const cmsis_nn_dims *bias_dims,
                                                const int64_t *bias_data,
                                                const cmsis_nn_dims *output_dims,
                                                int16_t *output_data)
{
    if (input_dims->c != output_dims->c) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    if (filter_dims->w * filter_dims->h >= CNN_S8_MAX_COL_COUNT) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    if (ctx->buf == NULL && arm_depthwise_conv_fast_s16_get_buffer_size(input_dims, filter_dims) > 0) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    /* Upstream's plain-C path hands over to the generic kernel. */
    return arm_depthwise_conv_s16(ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims,
                                  filter_data, bias_dims, bias_data, output_dims, output_data);
}

static int use_fast_s16(const cmsis_nn_dw_conv_params *p, const cmsis_nn_dims *f)
{
    return p->ch_mult == 1 && p->dilation.w == 1 && p->dilation.h == 1 && f->w * f->h < CNN_S8_MAX_COL_COUNT;
}

arm_cmsis_nn_status arm_depthwise_conv_wrapper_s16(const cmsis_nn_context *ctx,
                                                   const cmsis_nn_dw_conv_params *dw_conv_params,
                                                   const cmsis_nn_per_channel_quant_params *quant_params,
                                                   const cmsis_nn_dims *input_dims,
                                                   const int16_t *input_data,
                                                   const cmsis_nn_dims *filter_dims,
                                                   const int8_t *filter_data,
                                                   const cmsis_nn_dims *bias_dims,
                                                   const int64_t *bias_data,
                                                   const cmsis_nn_dims *output_dims,
                                                   int16_t *output_data)
{
    if (use_fast_s16(dw_conv_params, filter_dims)) {
        return arm_depthwise_conv_fast_s16(ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims,
                                           filter_data, bias_dims, bias_data, output_dims, output_data);
    }
    return arm_depthwise_conv_s16(ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims,
                                  filter_data, bias_dims, bias_data, output_dims, output_data);
}

static int32_t fast_s16_size_mve(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
    return 4 * input_dims->c * filter_dims->w * filter_dims->h * (int32_t)sizeof(int16_t) + 8;
}

static int32_t fast_s16_size_dsp(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
    return input_dims->c * filter_dims->w * filter_dims->h * (int32_t)sizeof(int16_t);
}

int32_t arm_depthwise_conv_fast_s16_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
#if defined(ARM_MATH_DSP) && defined(ARM_MATH_MVEI)
    return fast_s16_size_mve(input_dims, filter_dims);
#elif defined(ARM_MATH_DSP)
    return fast_s16_size_dsp(input_dims, filter_dims);
#else
    (void)input_dims;
    (void)filter_dims;
    return 0;
#endif
}

int32_t arm_depthwise_conv_wrapper_s16_get_buffer_size(const cmsis_nn_dw_conv_params *dw_conv_params,
                                                       const cmsis_nn_dims *input_dims,
                                                       const cmsis_nn_dims *filter_dims,
                                                       const cmsis_nn_dims *output_dims)
{
    (void)output_dims;
    return use_fast_s16(dw_conv_params, filter_dims) ? arm_depthwise_conv_fast_s16_get_buffer_size(input_dims, filter_dims)
                                                     : 0;
}

int32_t arm_depthwise_conv_wrapper_s16_get_buffer_size_dsp(const cmsis_nn_dw_conv_params *dw_conv_params,
                                                           const cmsis_nn_dims *input_dims,
                                                           const cmsis_nn_dims *filter_dims,
                                                           const cmsis_nn_dims *output_dims)
{
    (void)output_dims;
    return use_fast_s16(dw_conv_params, filter_dims) ? fast_s16_size_dsp(input_dims, filter_dims) : 0;
}

int32_t arm_depthwise_conv_wrapper_s16_get_buffer_size_mve(const cmsis_nn_dw_conv_params *dw_conv_params,
                                                           const cmsis_nn_dims *input_dims,
                                                           const cmsis_nn_dims *filter_dims,
                                                           const cmsis_nn_dims *output_dims)
{
    (void)output_dims;
    return use_fast_s16(dw_conv_params, filter_dims) ? fast_s16_size_mve(input_dims, filter_dims) : 0;
}
