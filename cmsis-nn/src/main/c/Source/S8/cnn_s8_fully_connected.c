/* Part of cmsis-maven-plugin: fully connected s8 (per tensor, per channel, wrapper), s16, vector sums, buffer sizes. */
#include "cnn_s8_internal.h"

/*
 * For each batch row and output o: acc = bias[o] + sum_i (x_i + input_offset) * (w_oi + filter_offset),
 * 32-bit, then requantize, add output_offset and clamp. Weights are [outputs][accumulation depth].
 * Upstream's Helium build reads the bias and the input_offset term from ctx->buf (filled by
 * arm_vector_sum_s8) instead; the integer sum is the same.
 */
static void fully_connected_s8_rows(const cmsis_nn_fc_params *params, const int32_t *multipliers,
                                    const int32_t *shifts, int32_t per_channel, const cmsis_nn_dims *input_dims,
                                    const int8_t *input, const cmsis_nn_dims *filter_dims, const int8_t *filter,
                                    const int32_t *bias, const cmsis_nn_dims *output_dims, int8_t *output)
{
    const int32_t depth = filter_dims->n;
    const int32_t outs = output_dims->c;
    int32_t b, o, i;
    for (b = 0; b < input_dims->n; b++) {
        const int8_t *x = input + b * depth;
        for (o = 0; o < outs; o++) {
            const int8_t *w = filter + o * depth;
            const int32_t q = per_channel ? o : 0;
            int32_t acc = bias != NULL ? bias[o] : 0;
            for (i = 0; i < depth; i++) {
                acc = cnn_s8_add_wrap(acc, ((int32_t)x[i] + params->input_offset) *
                                               ((int32_t)w[i] + params->filter_offset));
            }
            output[b * outs + o] = cnn_s8_output(acc, multipliers[q], shifts[q], params->output_offset,
                                                 params->activation.min, params->activation.max);
        }
    }
}

arm_cmsis_nn_status arm_fully_connected_s8(const cmsis_nn_context *ctx,
                                           const cmsis_nn_fc_params *fc_params,
                                           const cmsis_nn_per_tensor_quant_params *quant_params,
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
    fully_connected_s8_rows(fc_params, &quant_params->multiplier, &quant_params->shift, 0, input_dims, input_data,
                            filter_dims, filter_data, bias_data, output_dims, output_data);
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_fully_connected_per_channel_s8(const cmsis_nn_context *ctx,
                                                       const cmsis_nn_fc_params *fc_params,
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
    fully_connected_s8_rows(fc_params, quant_params->multiplier, quant_params->shift, 1, input_dims, input_data,
                            filter_dims, filter_data, bias_data, output_dims, output_data);
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_fully_connected_wrapper_s8(const cmsis_nn_context *ctx,
                                                   const cmsis_nn_fc_params *fc_params,
                                                   const cmsis_nn_quant_params *quant_params,
                                                   const cmsis_nn_dims *input_dims,
                                                   const int8_t *input_data,
                                                   const cmsis_nn_dims *filter_dims,
                                                   const int8_t *filter_data,
                                                   const cmsis_nn_dims *bias_dims,
                                                   const int32_t *bias_data,
                                                   const cmsis_nn_dims *output_dims,
                                                   int8_t *output_data)
{
    if (quant_params->is_per_channel) {
        cmsis_nn_per_channel_quant_params per_channel;
        per_channel.multiplier = quant_params->multiplier;
        per_channel.shift = quant_params->shift;
        return arm_fully_connected_per_channel_s8(ctx, fc_params, &per_channel, input_dims, input_data, filter_dims,
                                                  filter_data, bias_dims, bias_data, output_dims, output_data);
    } else {
        cmsis_nn_per_tensor_quant_params per_tensor;
        per_tensor.multiplier = quant_params->multiplier[0];
        per_tensor.shift = quant_params->shift[0];
        return arm_fully_connected_s8(ctx, fc_params, &per_tensor, input_dims, input_data, filter_dims, filter_data,
                                      bias_dims, bias_data, output_dims, output_data);
    }
}

arm_cmsis_nn_status arm_vector_sum_s8(int32_t *vector_sum_buf,
                                      const int32_t vector_cols,
                                      const int32_t vector_rows,
                                      const int8_t *vector_data,
                                      const int32_t lhs_offset,
                                      const int32_t rhs_offset,
                                      const int32_t *bias_data)
{
    int32_t r, c;
    for (r = 0; r < vector_rows; r++) {
        vector_sum_buf[r] = bias_data != NULL ? bias_data[r] : 0;
    }
    if (lhs_offset == 0) {
        return ARM_CMSIS_NN_SUCCESS;
    }
    for (r = 0; r < vector_rows; r++) {
        int32_t sum = 0;
        for (c = 0; c < vector_cols; c++) {
            sum += vector_data[r * vector_cols + c];
        }
        sum = cnn_s8_add_wrap(sum, cnn_s8_mul_wrap(vector_cols, rhs_offset));
        vector_sum_buf[r] = cnn_s8_add_wrap(vector_sum_buf[r], cnn_s8_mul_wrap(sum, lhs_offset));
    }
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_vector_sum_s8_s64(int64_t *vector_sum_buf,
                                          const int32_t vector_cols,
                                          const int32_t vector_rows,
                                          const int8_t *vector_data,
                                          const int32_t lhs_offset,
                                          const int64_t *bias_data)
{
    int32_t r, c;
    for (r = 0; r < vector_rows; r++) {
        vector_sum_buf[r] = bias_data != NULL ? bias_data[r] : 0;
    }
    if (lhs_offset == 0) {
        return ARM_CMSIS_NN_SUCCESS;
    }
    for (r = 0; r < vector_rows; r++) {
        int64_t sum = 0;
        for (c = 0; c < vector_cols; c++) {
            sum += vector_data[r * vector_cols + c];
        }
        vector_sum_buf[r] += sum * (int64_t)lhs_offset;
    }
    return ARM_CMSIS_NN_SUCCESS;
}

int32_t arm_fully_connected_s8_get_buffer_size_dsp(const cmsis_nn_dims *filter_dims)
{
    (void)filter_dims;
    return 0;
}

/* Helium: one int32 kernel sum per output. */
int32_t arm_fully_connected_s8_get_buffer_size_mve(const cmsis_nn_dims *filter_dims)
{
    return filter_dims->c * (int32_t)sizeof(int32_t);
}

int32_t arm_fully_connected_s8_get_buffer_size(const cmsis_nn_dims *filter_dims)
{
#if defined(ARM_MATH_MVEI)
    return arm_fully_connected_s8_get_buffer_size_mve(filter_dims);
#else
    return arm_fully_connected_s8_get_buffer_size_dsp(filter_dims);
#endif
}

/* acc64 = bias[o] + sum_i x_i * w_oi, then arm_nn_requantize_s64 with the reduced multiplier. */
arm_cmsis_nn_status arm_fully_connected_s16(const cmsis_nn_context *ctx,
                                            const cmsis_nn_fc_params *fc_params,
                                            const cmsis_nn_per_tensor_quant_params *quant_params,
                                            const cmsis_nn_dims *input_dims,
                                            const int16_t *input_data,
                                            const cmsis_nn_dims *filter_dims,
                                            const int8_t *filter_data,
                                            const cmsis_nn_dims *bias_dims,
                                            const int64_t *bias_data,
                                            const cmsis_nn_dims *output_dims,
                                            int16_t *output_data)
{
    const int32_t depth = filter_dims->n;
    const int32_t outs = output_dims->c;
    const int32_t reduced = cnn_s8_reduce_multiplier(quant_params->multiplier);
    int32_t b, o, i;
    (void)ctx;
    (void)bias_dims;
    for (b = 0; b < input_dims->n; b++) {
        const int16_t *x = input_data + b * depth;
        for (o = 0; o < outs; o++) {
            const int8_t *w = filter_data + o * depth;
            int64_t acc = bias_data != NULL ? bias_data[o] : 0;
            for (i = 0; i < depth; i++) {
                acc += (int32_t)x[i] * (int32_t)w[i];
            }
            output_data[b * outs + o] =
                cnn_s8_clamp_s16(cnn_s8_requantize_s64(acc, reduced, quant_params->shift),
                                 fc_params->activation.min, fc_params->activation.max);
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}

int32_t arm_fully_connected_s16_get_buffer_size(const cmsis_nn_dims *filter_dims)
{
    (void)filter_dims;
    return 0;
}

int32_t arm_fully_connected_s16_get_buffer_size_dsp(const cmsis_nn_dims *filter_dims)
{
    (void)filter_dims;
    return 0;
}

int32_t arm_fully_connected_s16_get_buffer_size_mve(const cmsis_nn_dims *filter_dims)
{
    (void)filter_dims;
    return 0;
}
