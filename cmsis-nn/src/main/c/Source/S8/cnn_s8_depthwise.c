/* Part of cmsis-maven-plugin: s8 depthwise convolutions (generic, opt, 3x3, wrapper) and their buffer sizes. */
#include "cnn_s8_internal.h"

/*
 * Output channel o = c * ch_mult + m reads input channel c; weights are [ky][kx][C_IN * ch_mult].
 * acc = bias[o] + sum over taps inside the image of (x + input_offset) * w, requantized per o.
 * Upstream's variants (generic, multiplier-of-4 tiles, SIMD, 3x3) only order the same sum
 * differently.
 */
static void depthwise_core(const cmsis_nn_dw_conv_params *params, const int32_t *multipliers, const int32_t *shifts,
                           int32_t batches, int32_t in_y, int32_t in_x, int32_t in_ch, int32_t ch_mult, int32_t k_y,
                           int32_t k_x, int32_t dil_y, int32_t dil_x, const int8_t *input, const int8_t *filter,
                           const int32_t *bias, int32_t out_y, int32_t out_x, int8_t *output)
{
    const int32_t out_ch = in_ch * ch_mult;
    int32_t b, oy, ox, c, m, ky, kx;

    for (b = 0; b < batches; b++) {
        const int8_t *in_b = input + b * in_y * in_x * in_ch;
        int8_t *out_b = output + b * out_y * out_x * out_ch;
        for (oy = 0; oy < out_y; oy++) {
            const int32_t base_y = oy * params->stride.h - params->padding.h;
            for (ox = 0; ox < out_x; ox++) {
                const int32_t base_x = ox * params->stride.w - params->padding.w;
                for (c = 0; c < in_ch; c++) {
                    for (m = 0; m < ch_mult; m++) {
                        const int32_t o = c * ch_mult + m;
                        int32_t acc = bias != NULL ? bias[o] : 0;
                        for (ky = 0; ky < k_y; ky++) {
                            const int32_t y = base_y + dil_y * ky;
                            for (kx = 0; kx < k_x; kx++) {
                                const int32_t x = base_x + dil_x * kx;
                                if (!cnn_s8_inside(y, x, in_y, in_x)) {
                                    continue;
                                }
                                acc = cnn_s8_add_wrap(acc, ((int32_t)in_b[(y * in_x + x) * in_ch + c] +
                                                            params->input_offset) *
                                                               (int32_t)filter[(ky * k_x + kx) * out_ch + o]);
                            }
                        }
                        out_b[(oy * out_x + ox) * out_ch + o] =
                            cnn_s8_output(acc, multipliers[o], shifts[o], params->output_offset,
                                          params->activation.min, params->activation.max);
                    }
                }
            }
        }
    }
}

arm_cmsis_nn_status arm_depthwise_conv_s8(const cmsis_nn_context *ctx,
                                          const cmsis_nn_dw_conv_params *dw_conv_params,
                                          const cmsis_nn_per_channel_quant_params *quant_params,
                                          const cmsis_nn_dims *input_dims,
                                          const int8_t *input_data,
                                          const cmsis_nn_dims *filter_dims,
                                          const int8_t *filter_data,
                                          const cmsis_nn_dims *bias_dims,
                                          const int32_t *bias_data,
                                          const cmsis_nn_dims *output_dims,
                                          int8_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    depthwise_core(dw_conv_params, quant_params->multiplier, quant_params->shift, input_dims->n,
                          input_dims->h, input_dims->w, input_dims->c, dw_conv_params->ch_mult, filter_dims->h,
                          filter_dims->w, dw_conv_params->dilation.h, dw_conv_params->dilation.w, input_data,
                          filter_data, bias_data, output_dims->h, output_dims->w, output_data);
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_depthwise_conv_s8_opt(const cmsis_nn_context *ctx,
                                              const cmsis_nn_dw_conv_params *dw_conv_params,
                                              const cmsis_nn_per_channel_quant_params *quant_params,
                                              const cmsis_nn_dims *input_dims,
                                              const int8_t *input_data,
                                              const cmsis_nn_dims *filter_dims,
                                              const int8_t *filter_data,
                                              const cmsis_nn_dims *bias_dims,
                                              const int32_t *bias_data,
                                              const cmsis_nn_dims *output_dims,
                                              int8_t *output_data)
{
    if (input_dims->c != output_dims->c) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    if (ctx->buf == NULL && arm_depthwise_conv_s8_opt_get_buffer_size(input_dims, filter_dims) > 0) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    /* Upstream's plain-C path hands over to the generic kernel. */
    return arm_depthwise_conv_s8(ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims,
                                 filter_data, bias_dims, bias_data, output_dims, output_data);
}

arm_cmsis_nn_status arm_depthwise_conv_3x3_s8(const cmsis_nn_context *ctx,
                                              const cmsis_nn_dw_conv_params *dw_conv_params,
                                              const cmsis_nn_per_channel_quant_params *quant_params,
                                              const cmsis_nn_dims *input_dims,
                                              const int8_t *input_data,
                                              const cmsis_nn_dims *filter_dims,
                                              const int8_t *filter_data,
                                              const cmsis_nn_dims *bias_dims,
                                              const int32_t *bias_data,
                                              const cmsis_nn_dims *output_dims,
                                              int8_t *output_data)
{
    (void)ctx;
    (void)bias_dims;
    if (input_dims->c != output_dims->c) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    if (dw_conv_params->padding.w > 1 || filter_dims->w != 3 || filter_dims->h != 3) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    /* One batch, multiplier 1, no dilation: upstream's 3x3 kernel reads none of those fields. */
    depthwise_core(dw_conv_params, quant_params->multiplier, quant_params->shift, 1, input_dims->h,
                          input_dims->w, input_dims->c, 1, 3, 3, 1, 1, input_data, filter_data, bias_data,
                          output_dims->h, output_dims->w, output_data);
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_depthwise_conv_wrapper_s8(const cmsis_nn_context *ctx,
                                                  const cmsis_nn_dw_conv_params *dw_conv_params,
                                                  const cmsis_nn_per_channel_quant_params *quant_params,
                                                  const cmsis_nn_dims *input_dims,
                                                  const int8_t *input_data,
                                                  const cmsis_nn_dims *filter_dims,
                                                  const int8_t *filter_data,
                                                  const cmsis_nn_dims *bias_dims,
                                                  const int32_t *bias_data,
                                                  const cmsis_nn_dims *output_dims,
                                                  int8_t *output_data)
{
    /* Helium builds of upstream run one input channel as a regular convolution: same result. */
    if (dw_conv_params->ch_mult == 1 && input_dims->n == 1 && dw_conv_params->dilation.w == 1 &&
        dw_conv_params->dilation.h == 1) {
#if !defined(ARM_MATH_MVEI)
        if (filter_dims->w == 3 && filter_dims->h == 3 && dw_conv_params->padding.h <= 1 &&
            dw_conv_params->padding.w <= 1) {
            return arm_depthwise_conv_3x3_s8(ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims,
                                             filter_data, bias_dims, bias_data, output_dims, output_data);
        }
#endif
        return arm_depthwise_conv_s8_opt(ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims,
                                         filter_data, bias_dims, bias_data, output_dims, output_data);
    }
    return arm_depthwise_conv_s8(ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                                 bias_dims, bias_data, output_dims, output_data);
}

/* ---- scratch sizes (bytes) ------------------------------------------------------------------ */

/* Upstream's Helium kernel works on blocks of this many channels. */
#define CNN_S8_DW_CH_BLOCK_MVE 124

/*
 * Helium builds of upstream run a one-input-channel depthwise layer with more output channels than
 * this as a regular convolution: 8 with armclang, 1 with other compilers.
 */
#if defined(__ARMCC_VERSION) && (__ARMCC_VERSION >= 6010050)
#define CNN_S8_DW_TO_CONV_THRESHOLD 8
#else
#define CNN_S8_DW_TO_CONV_THRESHOLD 1
#endif

int32_t arm_depthwise_conv_s8_opt_get_buffer_size_mve(const cmsis_nn_dims *input_dims,
                                                      const cmsis_nn_dims *filter_dims)
{
    (void)input_dims;
    return 4 * CNN_S8_DW_CH_BLOCK_MVE * filter_dims->w * filter_dims->h;
}

int32_t arm_depthwise_conv_s8_opt_get_buffer_size_dsp(const cmsis_nn_dims *input_dims,
                                                      const cmsis_nn_dims *filter_dims)
{
    return input_dims->c * filter_dims->w * filter_dims->h * (int32_t)sizeof(int16_t);
}

int32_t arm_depthwise_conv_s8_opt_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
#if defined(ARM_MATH_MVEI)
    return arm_depthwise_conv_s8_opt_get_buffer_size_mve(input_dims, filter_dims);
#elif defined(ARM_MATH_DSP)
    return arm_depthwise_conv_s8_opt_get_buffer_size_dsp(input_dims, filter_dims);
#else
    (void)input_dims;
    (void)filter_dims;
    return 0;
#endif
}

/* The regular convolution a Helium build substitutes, plus room for the re-ordered weights. */
static int32_t depthwise_as_conv_size_mve(const cmsis_nn_dw_conv_params *dw_conv_params,
                                          const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims,
                                          const cmsis_nn_dims *output_dims)
{
    const cmsis_nn_dims conv_filter = {filter_dims->c, filter_dims->h, filter_dims->w, filter_dims->n};
    cmsis_nn_conv_params conv;
    conv.input_offset = dw_conv_params->input_offset;
    conv.output_offset = dw_conv_params->output_offset;
    conv.stride = dw_conv_params->stride;
    conv.padding = dw_conv_params->padding;
    conv.dilation = dw_conv_params->dilation;
    conv.activation = dw_conv_params->activation;
    return arm_convolve_wrapper_s8_get_buffer_size_mve(&conv, input_dims, &conv_filter, output_dims) +
        filter_dims->c * filter_dims->h * filter_dims->w * filter_dims->n;
}

static int depthwise_fits_opt(const cmsis_nn_dw_conv_params *p, const cmsis_nn_dims *in, const cmsis_nn_dims *out)
{
    return in->c == out->c && in->n == 1 && p->dilation.w == 1 && p->dilation.h == 1;
}

static int depthwise_fits_3x3(const cmsis_nn_dw_conv_params *p, const cmsis_nn_dims *f)
{
    return f->w == 3 && f->h == 3 && p->padding.h <= 1 && p->padding.w <= 1;
}

int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(const cmsis_nn_dw_conv_params *dw_conv_params,
                                                          const cmsis_nn_dims *input_dims,
                                                          const cmsis_nn_dims *filter_dims,
                                                          const cmsis_nn_dims *output_dims)
{
    if (depthwise_fits_opt(dw_conv_params, input_dims, output_dims) && !depthwise_fits_3x3(dw_conv_params, filter_dims)) {
        return arm_depthwise_conv_s8_opt_get_buffer_size_dsp(input_dims, filter_dims);
    }
    return 0;
}

int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size_mve(const cmsis_nn_dw_conv_params *dw_conv_params,
                                                          const cmsis_nn_dims *input_dims,
                                                          const cmsis_nn_dims *filter_dims,
                                                          const cmsis_nn_dims *output_dims)
{
    int32_t size = 0;
    if (depthwise_fits_opt(dw_conv_params, input_dims, output_dims)) {
        size = arm_depthwise_conv_s8_opt_get_buffer_size_mve(input_dims, filter_dims);
    }
    if (input_dims->c == 1 && output_dims->c > CNN_S8_DW_TO_CONV_THRESHOLD) {
        const int32_t as_conv = depthwise_as_conv_size_mve(dw_conv_params, input_dims, filter_dims, output_dims);
        size = CNN_S8_MAX(size, as_conv);
    }
    return size;
}

int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size(const cmsis_nn_dw_conv_params *dw_conv_params,
                                                      const cmsis_nn_dims *input_dims,
                                                      const cmsis_nn_dims *filter_dims,
                                                      const cmsis_nn_dims *output_dims)
{
#if defined(ARM_MATH_MVEI)
    if (input_dims->c == 1 && output_dims->c > CNN_S8_DW_TO_CONV_THRESHOLD) {
        return depthwise_as_conv_size_mve(dw_conv_params, input_dims, filter_dims, output_dims);
    }
    if (depthwise_fits_opt(dw_conv_params, input_dims, output_dims)) {
        return arm_depthwise_conv_s8_opt_get_buffer_size_mve(input_dims, filter_dims);
    }
    return 0;
#else
    if (depthwise_fits_opt(dw_conv_params, input_dims, output_dims) && !depthwise_fits_3x3(dw_conv_params, filter_dims)) {
        return arm_depthwise_conv_s8_opt_get_buffer_size(input_dims, filter_dims);
    }
    return 0;
#endif
}
