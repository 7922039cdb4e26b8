/* Part of cmsis-maven-plugin: max and average pooling, s8 and s16, and their buffer sizes. */
#include "cnn_s8_internal.h"

/*
 * Windows are clipped to the image (padding contributes nothing). Max pool: the largest valid
 * element; a window with no valid element leaves the output as it was; then every output is
 * clamped to the activation range (for s16 with the range cut to 16 bits, as upstream). Average
 * pool: sum of the valid elements (32-bit) divided by their count with C division, rounding half
 * away from zero; an empty window stops the kernel with ARM_CMSIS_NN_ARG_ERROR, outputs written
 * so far stay. Batch counts below 1 are argument errors.
 */

typedef struct {
    int32_t y0, y1, x0, x1; /* valid window rows [y0, y1) and columns [x0, x1) of the input */
} window;

static window clip_window(const cmsis_nn_pool_params *p, const cmsis_nn_dims *in, const cmsis_nn_dims *f,
                          int32_t oy, int32_t ox)
{
    window w;
    const int32_t base_y = oy * p->stride.h - p->padding.h;
    const int32_t base_x = ox * p->stride.w - p->padding.w;
    w.y0 = CNN_S8_MAX(0, base_y);
    w.y1 = CNN_S8_MIN(in->h, base_y + f->h);
    w.x0 = CNN_S8_MAX(0, base_x);
    w.x1 = CNN_S8_MIN(in->w, base_x + f->w);
    return w;
}

arm_cmsis_nn_status arm_max_pool_s8(const cmsis_nn_context *ctx,
                                    const cmsis_nn_pool_params *pool_params,
                                    const cmsis_nn_dims *input_dims,
                                    const int8_t *input_data,
                                    const cmsis_nn_dims *filter_dims,
                                    const cmsis_nn_dims *output_dims,
                                    int8_t *output_data)
{
    const int32_t ch = input_dims->c;
    int32_t b, oy, ox, c, y, x;
    (void)ctx;
    if (input_dims->n < 1) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    for (b = 0; b < input_dims->n; b++) {
        const int8_t *in_b = input_data + b * input_dims->h * input_dims->w * ch;
        int8_t *out_b = output_data + b * output_dims->h * output_dims->w * ch;
        for (oy = 0; oy < output_dims->h; oy++) {
            for (ox = 0; ox < output_dims->w; ox++) {
                const window w = clip_window(pool_params, input_dims, filter_dims, oy, ox);
                int8_t *dst = out_b + (oy * output_dims->w + ox) * ch;
                for (c = 0; c < ch; c++) {
                    int32_t best = dst[c];
                    int first = 1;
                    for (y = w.y0; y < w.y1; y++) {
                        for (x = w.x0; x < w.x1; x++) {
                            const int32_t v = in_b[(y * input_dims->w + x) * ch + c];
                            if (first || v > best) {
                                best = v;
                                first = 0;
                            }
                        }
                    }
                    best = CNN_S8_MAX(best, pool_params->activation.min);
                    best = CNN_S8_MIN(best, pool_params->activation.max);
                    dst[c] = (int8_t)best;
                }
            }
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_max_pool_s16(const cmsis_nn_context *ctx,
                                     const cmsis_nn_pool_params *pool_params,
                                     const cmsis_nn_dims *input_dims,
                                     const int16_t *src,
                                     const cmsis_nn_dims *filter_dims,
                                     const cmsis_nn_dims *output_dims,
                                     int16_t *dst)
{
    const int32_t ch = input_dims->c;
    const int16_t act_min = (int16_t)pool_params->activation.min;
    const int16_t act_max = (int16_t)pool_params->activation.max;
    int32_t b, oy, ox, c, y, x;
    (void)ctx;
    if (input_dims->n < 1) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    for (b = 0; b < input_dims->n; b++) {
        const int16_t *in_b = src + b * input_dims->h * input_dims->w * ch;
        int16_t *out_b = dst + b * output_dims->h * output_dims->w * ch;
        for (oy = 0; oy < output_dims->h; oy++) {
            for (ox = 0; ox < output_dims->w; ox++) {
                const window w = clip_window(pool_params, input_dims, filter_dims, oy, ox);
                int16_t *d = out_b + (oy * output_dims->w + ox) * ch;
                for (c = 0; c < ch; c++) {
                    int32_t best = d[c];
                    int first = 1;
                    for (y = w.y0; y < w.y1; y++) {
                        for (x = w.x0; x < w.x1; x++) {
                            const int32_t v = in_b[(y * input_dims->w + x) * ch + c];
                            if (first || v > best) {
                                best = v;
                                first = 0;
                            }
                        }
                    }
                    best = CNN_S8_MAX(best, (int32_t)act_min);
                    best = CNN_S8_MIN(best, (int32_t)act_max);
                    d[c] = (int16_t)best;
                }
            }
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}

/* Rounded mean of the valid window of channel c, or ARM_CMSIS_NN_ARG_ERROR for an empty window. */
#define CNN_S8_AVERAGE(TYPE, IN, OUT)                                                                     \
    do {                                                                                                 \
        const int32_t ch = input_dims->c;                                                                \
        int32_t b, oy, ox, c, y, x;                                                                      \
        for (b = 0; b < input_dims->n; b++) {                                                            \
            const TYPE *in_b = (IN) + b * input_dims->h * input_dims->w * ch;                            \
            TYPE *out_b = (OUT) + b * output_dims->h * output_dims->w * ch;                              \
            for (oy = 0; oy < output_dims->h; oy++) {                                                    \
                for (ox = 0; ox < output_dims->w; ox++) {                                                \
                    const window w = clip_window(pool_params, input_dims, filter_dims, oy, ox);          \
                    for (c = 0; c < ch; c++) {                                                           \
                        int32_t sum = 0;                                                                 \
                        int32_t count = 0;                                                               \
                        for (y = w.y0; y < w.y1; y++) {                                                  \
                            for (x = w.x0; x < w.x1; x++) {                                              \
                                sum += in_b[(y * input_dims->w + x) * ch + c];                           \
                                count++;                                                                 \
                            }                                                                            \
                        }                                                                                \
                        if (count == 0) {                                                                \
                            return ARM_CMSIS_NN_ARG_ERROR;                                               \
                        }                                                                                \
                        sum = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;           \
                        sum = CNN_S8_MAX(sum, pool_params->activation.min);                              \
                        sum = CNN_S8_MIN(sum, pool_params->activation.max);                              \
                        out_b[(oy * output_dims->w + ox) * ch + c] = (TYPE)sum;                          \
                    }                                                                                    \
                }                                                                                        \
            }                                                                                            \
        }                                                                                                \
    } while (0)

arm_cmsis_nn_status arm_avgpool_s8(const cmsis_nn_context *ctx,
                                   const cmsis_nn_pool_params *pool_params,
                                   const cmsis_nn_dims *input_dims,
                                   const int8_t *input_data,
                                   const cmsis_nn_dims *filter_dims,
                                   const cmsis_nn_dims *output_dims,
                                   int8_t *output_data)
{
    if (input_dims->n < 1) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    if (ctx->buf == NULL && arm_avgpool_s8_get_buffer_size(output_dims->w, input_dims->c) != 0) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    CNN_S8_AVERAGE(int8_t, input_data, output_data);
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_avgpool_s16(const cmsis_nn_context *ctx,
                                    const cmsis_nn_pool_params *pool_params,
                                    const cmsis_nn_dims *input_dims,
                                    const int16_t *input_data,
                                    const cmsis_nn_dims *filter_dims,
                                    const cmsis_nn_dims *output_dims,
                                    int16_t *output_data)
{
    (void)ctx;
    if (input_dims->n < 1) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    CNN_S8_AVERAGE(int16_t, input_data, output_data);
    return ARM_CMSIS_NN_SUCCESS;
}

/* DSP builds of upstream keep one int32 sum per channel; plain C and Helium need nothing. */
int32_t arm_avgpool_s8_get_buffer_size_dsp(const int dim_dst_width, const int ch_src)
{
    (void)dim_dst_width;
    return ch_src * (int32_t)sizeof(int32_t);
}

int32_t arm_avgpool_s8_get_buffer_size_mve(const int dim_dst_width, const int ch_src)
{
    (void)dim_dst_width;
    (void)ch_src;
    return 0;
}

int32_t arm_avgpool_s8_get_buffer_size(const int dim_dst_width, const int ch_src)
{
#if defined(ARM_MATH_MVEI)
    return arm_avgpool_s8_get_buffer_size_mve(dim_dst_width, ch_src);
#elif defined(ARM_MATH_DSP)
    return arm_avgpool_s8_get_buffer_size_dsp(dim_dst_width, ch_src);
#else
    (void)dim_dst_width;
    (void)ch_src;
    return 0;
#endif
}

int32_t arm_avgpool_s16_get_buffer_size_dsp(const int dim_dst_width, const int ch_src)
{
    (void)dim_dst_width;
    return ch_src * (int32_t)sizeof(int32_t);
}

int32_t arm_avgpool_s16_get_buffer_size_mve(const int dim_dst_width, const int ch_src)
{
    (void)dim_dst_width;
    (void)ch_src;
    return 0;
}

int32_t arm_avgpool_s16_get_buffer_size(const int dim_dst_width, const int ch_src)
{
#if defined(ARM_MATH_MVEI)
    return arm_avgpool_s16_get_buffer_size_mve(dim_dst_width, ch_src);
#elif defined(ARM_MATH_DSP)
    return arm_avgpool_s16_get_buffer_size_dsp(dim_dst_width, ch_src);
#else
    (void)dim_dst_width;
    (void)ch_src;
    return 0;
#endif
}
