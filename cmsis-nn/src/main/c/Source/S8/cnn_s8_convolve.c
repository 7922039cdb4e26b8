/* Part of cmsis-maven-plugin: s8 convolutions (generic, 1x1, 1x1 fast, 1xN, wrapper) and their buffer sizes. */
#include "cnn_s8_internal.h"

/*
 * Every variant computes, per output position and channel oc,
 *   acc = bias[oc] + sum over taps inside the image of (x + input_offset) * w
 * in 32 bits, then requantizes with (multiplier[oc], shift[oc]), adds output_offset and clamps.
 * Upstream's variants differ in how they gather the products (im2col, 2x2 blocks, SIMD) but sum the
 * same terms modulo 2^32, so one loop nest per shape class gives the same bytes. Padded taps
 * hold -input_offset upstream and so add nothing; here they are skipped. A NULL bias counts as 0.
 */

/* One output pixel of a 1x1 convolution: cols input channels at px, out_ch results at dst. */
static void pointwise_s8(const int8_t *px, int32_t cols, const int8_t *filter, const int32_t *bias,
                         const cmsis_nn_per_channel_quant_params *quant, const cmsis_nn_conv_params *params,
                         int32_t out_ch, int8_t *dst)
{
    int32_t oc, ci;
    for (oc = 0; oc < out_ch; oc++) {
        const int8_t *w = filter + oc * cols;
        int32_t acc = bias != NULL ? bias[oc] : 0;
        for (ci = 0; ci < cols; ci++) {
            acc = cnn_s8_add_wrap(acc, ((int32_t)px[ci] + params->input_offset) * (int32_t)w[ci]);
        }
        dst[oc] = cnn_s8_output(acc, quant->multiplier[oc], quant->shift[oc], params->output_offset,
                                params->activation.min, params->activation.max);
    }
}

/*
 * The generic kernel. With upscaling (y_rshift or x_rshift set) input_dims describe the upscaled
 * image: only even rows/columns along an upscaled axis hold data, at half the index, the others are
 * zeros. As upstream, the upscaled path reads every group's taps from channel 0.
 */
static void convolve_s8_generic(const cmsis_nn_conv_params *params, const cmsis_nn_per_channel_quant_params *quant,
                                const cmsis_nn_dims *input_dims, const int8_t *input,
                                const cmsis_nn_dims *filter_dims, const int8_t *filter, const int32_t *bias,
                                int32_t y_rshift, int32_t x_rshift, const cmsis_nn_dims *output_dims,
                                int8_t *output)
{
    const int32_t in_y = input_dims->h;
    const int32_t in_x = input_dims->w;
    const int32_t in_ch = input_dims->c;
    const int32_t k_y = filter_dims->h;
    const int32_t k_x = filter_dims->w;
    const int32_t k_ch = filter_dims->c;
    const int32_t out_y = output_dims->h;
    const int32_t out_x = output_dims->w;
    const int32_t out_ch = output_dims->c;
    const int32_t groups = in_ch / k_ch;
    const int32_t out_per_group = out_ch / groups;
    const int32_t data_y = in_y >> y_rshift;
    const int32_t data_x = in_x >> x_rshift;
    const int upscaling = (y_rshift | x_rshift) != 0;
    const int32_t taps = k_y * k_x * k_ch;
    int32_t b, oy, ox, oc, ky, kx, ci;

    for (b = 0; b < input_dims->n; b++) {
        const int8_t *in_b = input + b * data_y * data_x * in_ch;
        int8_t *out_b = output + b * out_y * out_x * out_ch;
        for (oy = 0; oy < out_y; oy++) {
            const int32_t base_y = oy * params->stride.h - params->padding.h;
            for (ox = 0; ox < out_x; ox++) {
                const int32_t base_x = ox * params->stride.w - params->padding.w;
                for (oc = 0; oc < out_ch; oc++) {
                    const int32_t ch_base = upscaling ? 0 : (oc / out_per_group) * k_ch;
                    const int8_t *w = filter + oc * taps;
                    int32_t acc = bias != NULL ? bias[oc] : 0;
                    for (ky = 0; ky < k_y; ky++) {
                        int32_t y = base_y + params->dilation.h * ky;
                        for (kx = 0; kx < k_x; kx++) {
                            int32_t x = base_x + params->dilation.w * kx;
                            const int8_t *px;
                            const int8_t *pw = w + (ky * k_x + kx) * k_ch;
                            if (!cnn_s8_inside(y, x, in_y, in_x)) {
                                continue;
                            }
                            if ((y_rshift != 0 && (y & 1) != 0) || (x_rshift != 0 && (x & 1) != 0)) {
                                continue;
                            }
                            px = in_b + ((y >> y_rshift) * data_x + (x >> x_rshift)) * in_ch + ch_base;
                            for (ci = 0; ci < k_ch; ci++) {
                                acc = cnn_s8_add_wrap(acc, ((int32_t)px[ci] + params->input_offset) * (int32_t)pw[ci]);
                            }
                        }
                    }
                    out_b[(oy * out_x + ox) * out_ch + oc] =
                        cnn_s8_output(acc, quant->multiplier[oc], quant->shift[oc], params->output_offset,
                                      params->activation.min, params->activation.max);
                }
            }
        }
    }
}

/*
 * The generic kernel for one group without upscaling, when the context buffer holds one window:
 * each output position's window is gathered once as int16 (x + input_offset), 0 for taps in the
 * padding (which add nothing), and each output channel is then one contiguous dot product summed
 * in unsigned 32 bits (the same sum modulo 2^32, and a loop compilers vectorise).
 */
static int convolve_s8_gathered(const cmsis_nn_context *ctx, const cmsis_nn_conv_params *params,
                                const cmsis_nn_per_channel_quant_params *quant, const cmsis_nn_dims *input_dims,
                                const int8_t *input, const cmsis_nn_dims *filter_dims, const int8_t *filter,
                                const int32_t *bias, const cmsis_nn_dims *output_dims, int8_t *output)
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
    int16_t *col = (int16_t *)ctx->buf;
    int32_t b, oy, ox, oc, ky, kx, ci, t;

    if (filter_dims->c != in_ch || ctx->buf == NULL || ctx->size < taps * (int32_t)sizeof(int16_t)) {
        return 0;
    }
    for (b = 0; b < input_dims->n; b++) {
        const int8_t *in_b = input + b * in_y * in_x * in_ch;
        int8_t *out_b = output + b * out_y * out_x * out_ch;
        for (oy = 0; oy < out_y; oy++) {
            const int32_t base_y = oy * params->stride.h - params->padding.h;
            for (ox = 0; ox < out_x; ox++) {
                const int32_t base_x = ox * params->stride.w - params->padding.w;
                int16_t *c = col;
                for (ky = 0; ky < k_y; ky++) {
                    const int32_t y = base_y + params->dilation.h * ky;
                    for (kx = 0; kx < k_x; kx++) {
                        const int32_t x = base_x + params->dilation.w * kx;
                        if (cnn_s8_inside(y, x, in_y, in_x)) {
                            const int8_t *px = in_b + (y * in_x + x) * in_ch;
                            for (ci = 0; ci < in_ch; ci++) {
                                c[ci] = (int16_t)(px[ci] + params->input_offset);
                            }
                        } else {
                            for (ci = 0; ci < in_ch; ci++) {
                                c[ci] = 0;
                            }
                        }
                        c += in_ch;
                    }
                }
                for (oc = 0; oc < out_ch; oc++) {
                    const int8_t *w = filter + oc * taps;
                    uint32_t acc = bias != NULL ? (uint32_t)bias[oc] : 0u;
                    for (t = 0; t < taps; t++) {
                        acc += (uint32_t)((int32_t)col[t] * (int32_t)w[t]);
                    }
                    out_b[(oy * out_x + ox) * out_ch + oc] =
                        cnn_s8_output((int32_t)acc, quant->multiplier[oc], quant->shift[oc], params->output_offset,
                                      params->activation.min, params->activation.max);
                }
            }
        }
    }
    return 1;
}

arm_cmsis_nn_status arm_convolve_s8(const cmsis_nn_context *ctx,
                                    const cmsis_nn_conv_params *conv_params,
                                    const cmsis_nn_per_channel_quant_params *quant_params,
                                    const cmsis_nn_dims *input_dims,
                                    const int8_t *input_data,
                                    const cmsis_nn_dims *filter_dims,
                                    const int8_t *filter_data,
                                    const cmsis_nn_dims *bias_dims,
                                    const int32_t *bias_data,
                                    const cmsis_nn_dims *upscale_dims,
                                    const cmsis_nn_dims *output_dims,
                                    int8_t *output_data)
{
    int32_t groups;
    (void)bias_dims;
    if (ctx->buf == NULL) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    /* Upstream divides by zero when the filter has more channels than the input. */
    if (filter_dims->c <= 0 || filter_dims->c > input_dims->c) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    groups = input_dims->c / filter_dims->c;
    if (input_dims->c % groups != 0 || output_dims->c % groups != 0) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    if ((upscale_dims == NULL || (upscale_dims->h != 2 && upscale_dims->w != 2)) &&
        convolve_s8_gathered(ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data, bias_data,
                             output_dims, output_data)) {
        return ARM_CMSIS_NN_SUCCESS;
    }
    convolve_s8_generic(conv_params, quant_params, input_dims, input_data, filter_dims, filter_data, bias_data,
                        (upscale_dims != NULL && upscale_dims->h == 2) ? 1 : 0,
                        (upscale_dims != NULL && upscale_dims->w == 2) ? 1 : 0, output_dims, output_data);
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_convolve_1x1_s8_fast(const cmsis_nn_context *ctx,
                                             const cmsis_nn_conv_params *conv_params,
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
    const int32_t cols = input_dims->c;
    const int32_t rows = input_dims->n * input_dims->h * input_dims->w;
    int32_t r;
    (void)ctx;
    (void)filter_dims;
    (void)bias_dims;
    if (conv_params->padding.w != 0 || conv_params->padding.h != 0 || conv_params->stride.w != 1 ||
        conv_params->stride.h != 1) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    for (r = 0; r < rows; r++) {
        pointwise_s8(input_data + r * cols, cols, filter_data, bias_data, quant_params, conv_params, output_dims->c,
                     output_data + r * output_dims->c);
    }
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_convolve_1x1_s8(const cmsis_nn_context *ctx,
                                        const cmsis_nn_conv_params *conv_params,
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
    const int32_t cols = input_dims->c;
    const int32_t out_ch = output_dims->c;
    int32_t b, oy, ox;
    (void)ctx;
    (void)filter_dims;
    (void)bias_dims;
    if (conv_params->padding.w != 0 || conv_params->padding.h != 0) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    for (b = 0; b < input_dims->n; b++) {
        const int8_t *in_b = input_data + b * input_dims->h * input_dims->w * cols;
        for (oy = 0; oy < output_dims->h; oy++) {
            for (ox = 0; ox < output_dims->w; ox++) {
                const int8_t *px =
                    in_b + (oy * conv_params->stride.h * input_dims->w + ox * conv_params->stride.w) * cols;
                int8_t *dst = output_data + ((b * output_dims->h + oy) * output_dims->w + ox) * out_ch;
                pointwise_s8(px, cols, filter_data, bias_data, quant_params, conv_params, out_ch, dst);
            }
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_convolve_1_x_n_s8(const cmsis_nn_context *ctx,
                                          const cmsis_nn_conv_params *conv_params,
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
    if (input_dims->h != 1 || conv_params->dilation.w != 1 || ctx->buf == NULL || conv_params->stride.w == 0 ||
        (conv_params->stride.w * input_dims->c) % 4 != 0) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    return arm_convolve_s8(ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                           bias_dims, bias_data, NULL, output_dims, output_data);
}

/* Upstream's kernel choice (arm_nn_is_convolve_1x1 and friends). */
static int is_1x1(const cmsis_nn_conv_params *p, const cmsis_nn_dims *in, const cmsis_nn_dims *f)
{
    return p->padding.w == 0 && p->padding.h == 0 && f->w == 1 && f->h == 1 && p->dilation.w == 1 &&
        p->dilation.h == 1 && in->c == f->c;
}

static int is_1x1_fast(const cmsis_nn_conv_params *p)
{
    return p->stride.w == 1 && p->stride.h == 1;
}

static int is_1_x_n(const cmsis_nn_conv_params *p, const cmsis_nn_dims *in, const cmsis_nn_dims *f)
{
    return in->h == 1 && p->dilation.w == 1 && f->h == 1 && (p->stride.w * in->c) % 4 == 0 && in->c == f->c;
}

arm_cmsis_nn_status arm_convolve_wrapper_s8(const cmsis_nn_context *ctx,
                                            const cmsis_nn_conv_params *conv_params,
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
    if (is_1x1(conv_params, input_dims, filter_dims)) {
        if (is_1x1_fast(conv_params)) {
            return arm_convolve_1x1_s8_fast(ctx, conv_params, quant_params, input_dims, input_data, filter_dims,
                                            filter_data, bias_dims, bias_data, output_dims, output_data);
        }
        return arm_convolve_1x1_s8(ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                                   bias_dims, bias_data, output_dims, output_data);
    }
    if (is_1_x_n(conv_params, input_dims, filter_dims)) {
        return arm_convolve_1_x_n_s8(ctx, conv_params, quant_params, input_dims, input_data, filter_dims,
                                     filter_data, bias_dims, bias_data, output_dims, output_data);
    }
    return arm_convolve_s8(ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                           bias_dims, bias_data, NULL, output_dims, output_data);
}

/* ---- scratch sizes: what an upstream build for the same target asks for (bytes) ------------- */

/* Plain C and DSP: two im2col columns of int16, each padded to a multiple of 4 elements. */
static int32_t convolve_s8_size_plain(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
    const int32_t cols = filter_dims->w * filter_dims->h * input_dims->c;
    const int32_t aligned = (cols + 3) / 4 * 4;
    return 2 * aligned * (int32_t)sizeof(int16_t);
}

int32_t arm_convolve_s8_get_buffer_size_mve(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
    const int32_t blocks = (input_dims->c * filter_dims->w * filter_dims->h + 15) / 16;
    return 4 * blocks * 16;
}

int32_t arm_convolve_s8_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims)
{
#if defined(ARM_MATH_MVEI)
    return arm_convolve_s8_get_buffer_size_mve(input_dims, filter_dims);
#else
    return convolve_s8_size_plain(input_dims, filter_dims);
#endif
}

/* Only armclang >= 6.10 DSP builds use a buffer here; GCC builds do not. */
static int32_t convolve_1x1_s8_fast_size_dsp(const cmsis_nn_dims *input_dims)
{
#if defined(__ARMCC_VERSION) && (__ARMCC_VERSION >= 6010050)
    return 2 * input_dims->c * (int32_t)sizeof(int16_t);
#else
    (void)input_dims;
    return 0;
#endif
}

int32_t arm_convolve_1x1_s8_fast_get_buffer_size(const cmsis_nn_dims *input_dims)
{
#if defined(ARM_MATH_DSP) && !defined(ARM_MATH_MVEI)
    return convolve_1x1_s8_fast_size_dsp(input_dims);
#else
    (void)input_dims;
    return 0;
#endif
}

/* Helium's 1xN kernel copies the padded left and right ends into the buffer. */
static int32_t convolve_1_x_n_s8_size_mve(const cmsis_nn_conv_params *conv_params, const cmsis_nn_dims *input_dims,
                                          const cmsis_nn_dims *filter_dims, const cmsis_nn_dims *output_dims)
{
    const int32_t pad_x = conv_params->padding.w;
    const int32_t stride_x = conv_params->stride.w;
    const int32_t total_pad = (output_dims->w - 1) * stride_x + filter_dims->w - input_dims->w;
    const int32_t asym_pad = total_pad % 2;
    const int32_t right_pads =
        pad_x + asym_pad != 0 ? CNN_S8_MAX(1, (pad_x + asym_pad + stride_x - 1) / stride_x) : 0;
    const int32_t left_pads = pad_x != 0 ? CNN_S8_MAX(1, (pad_x + stride_x - 1) / stride_x) : 0;
    const int32_t unpadded = CNN_S8_MAX(output_dims->w - (right_pads + left_pads), 0);
    int32_t pad_left_size, pad_right_size, left_elems, right_elems;
    if (right_pads + unpadded + left_pads != output_dims->w) {
        return arm_convolve_s8_get_buffer_size_mve(input_dims, filter_dims);
    }
    pad_left_size = pad_x * input_dims->c;
    pad_right_size = asym_pad != 0 ? right_pads * input_dims->c : pad_left_size;
    left_elems = filter_dims->w * input_dims->c;
    right_elems = left_elems - input_dims->c;
    return CNN_S8_MAX(left_elems + pad_left_size, right_elems + pad_right_size);
}

int32_t arm_convolve_1_x_n_s8_get_buffer_size(const cmsis_nn_conv_params *conv_params,
                                              const cmsis_nn_dims *input_dims,
                                              const cmsis_nn_dims *filter_dims,
                                              const cmsis_nn_dims *output_dims)
{
#if defined(ARM_MATH_MVEI)
    return convolve_1_x_n_s8_size_mve(conv_params, input_dims, filter_dims, output_dims);
#else
    (void)conv_params;
    (void)output_dims;
    return arm_convolve_s8_get_buffer_size(input_dims, filter_dims);
#endif
}

int32_t arm_convolve_wrapper_s8_get_buffer_size_dsp(const cmsis_nn_conv_params *conv_params,
                                                    const cmsis_nn_dims *input_dims,
                                                    const cmsis_nn_dims *filter_dims,
                                                    const cmsis_nn_dims *output_dims)
{
    (void)output_dims;
    if (is_1x1(conv_params, input_dims, filter_dims)) {
        return is_1x1_fast(conv_params) ? convolve_1x1_s8_fast_size_dsp(input_dims) : 0;
    }
    return convolve_s8_size_plain(input_dims, filter_dims);
}

int32_t arm_convolve_wrapper_s8_get_buffer_size_mve(const cmsis_nn_conv_params *conv_params,
                                                    const cmsis_nn_dims *input_dims,
                                                    const cmsis_nn_dims *filter_dims,
                                                    const cmsis_nn_dims *output_dims)
{
    if (is_1x1(conv_params, input_dims, filter_dims)) {
        return 0;
    }
    if (is_1_x_n(conv_params, input_dims, filter_dims)) {
        return convolve_1_x_n_s8_size_mve(conv_params, input_dims, filter_dims, output_dims);
    }
    return arm_convolve_s8_get_buffer_size_mve(input_dims, filter_dims);
}

int32_t arm_convolve_wrapper_s8_get_buffer_size(const cmsis_nn_conv_params *conv_params,
                                                const cmsis_nn_dims *input_dims,
                                                const cmsis_nn_dims *filter_dims,
                                                const cmsis_nn_dims *output_dims)
{
#if defined(ARM_MATH_MVEI)
    return arm_convolve_wrapper_s8_get_buffer_size_mve(conv_params, input_dims, filter_dims, output_dims);
#elif defined(ARM_MATH_DSP)
    return arm_convolve_wrapper_s8_get_buffer_size_dsp(conv_params, input_dims, filter_dims, output_dims);
#else
    (void)output_dims;
    if (is_1x1(conv_params, input_dims, filter_dims)) {
        return 0;
    }
    return convolve_s8_size_plain(input_dims, filter_dims);
#endif
}
