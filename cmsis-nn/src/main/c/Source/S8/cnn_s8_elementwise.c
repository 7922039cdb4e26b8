/* Part of cmsis-maven-plugin: elementwise add and multiply, s8 and s16 (equal shapes, no broadcast). */
#include "cnn_s8_internal.h"

/*
 * add: each input (plus its offset for s8) is scaled by 2^left_shift, requantized to a common
 * scale, summed, requantized to the output scale, offset (s8) and clamped. TFLM uses left_shift
 * 20 for s8 and 15 for s16. mul: the product of the offset inputs is requantized once.
 * Both rounding modes follow arm_nn_requantize.
 */

static int32_t add_one(int32_t a, int32_t b, int32_t a_mult, int32_t a_shift, int32_t b_mult, int32_t b_shift,
                       int32_t left_shift, int32_t out_mult, int32_t out_shift)
{
    const int32_t scale = (int32_t)(1u << (uint32_t)left_shift);
    const int32_t ra = cnn_s8_requantize(cnn_s8_mul_wrap(a, scale), a_mult, a_shift);
    const int32_t rb = cnn_s8_requantize(cnn_s8_mul_wrap(b, scale), b_mult, b_shift);
    return cnn_s8_requantize(cnn_s8_add_wrap(ra, rb), out_mult, out_shift);
}

arm_cmsis_nn_status arm_elementwise_add_s8(const int8_t *input_1_vect,
                                           const int8_t *input_2_vect,
                                           const int32_t input_1_offset,
                                           const int32_t input_1_mult,
                                           const int32_t input_1_shift,
                                           const int32_t input_2_offset,
                                           const int32_t input_2_mult,
                                           const int32_t input_2_shift,
                                           const int32_t left_shift,
                                           int8_t *output,
                                           const int32_t out_offset,
                                           const int32_t out_mult,
                                           const int32_t out_shift,
                                           const int32_t out_activation_min,
                                           const int32_t out_activation_max,
                                           const int32_t block_size)
{
    int32_t i;
    for (i = 0; i < block_size; i++) {
        int32_t v = add_one(input_1_vect[i] + input_1_offset, input_2_vect[i] + input_2_offset, input_1_mult,
                            input_1_shift, input_2_mult, input_2_shift, left_shift, out_mult, out_shift);
        v = cnn_s8_add_wrap(v, out_offset);
        v = CNN_S8_MAX(v, out_activation_min);
        v = CNN_S8_MIN(v, out_activation_max);
        output[i] = (int8_t)v;
    }
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_elementwise_add_s16(const int16_t *input_1_vect,
                                            const int16_t *input_2_vect,
                                            const int32_t input_1_offset,
                                            const int32_t input_1_mult,
                                            const int32_t input_1_shift,
                                            const int32_t input_2_offset,
                                            const int32_t input_2_mult,
                                            const int32_t input_2_shift,
                                            const int32_t left_shift,
                                            int16_t *output,
                                            const int32_t out_offset,
                                            const int32_t out_mult,
                                            const int32_t out_shift,
                                            const int32_t out_activation_min,
                                            const int32_t out_activation_max,
                                            const int32_t block_size)
{
    int32_t i;
    (void)input_1_offset;
    (void)input_2_offset;
    (void)out_offset;
    for (i = 0; i < block_size; i++) {
        const int32_t v = add_one(input_1_vect[i], input_2_vect[i], input_1_mult, input_1_shift, input_2_mult,
                                  input_2_shift, left_shift, out_mult, out_shift);
        output[i] = cnn_s8_clamp_s16(v, out_activation_min, out_activation_max);
    }
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_elementwise_mul_s8(const int8_t *input_1_vect,
                                           const int8_t *input_2_vect,
                                           const int32_t input_1_offset,
                                           const int32_t input_2_offset,
                                           int8_t *output,
                                           const int32_t out_offset,
                                           const int32_t out_mult,
                                           const int32_t out_shift,
                                           const int32_t out_activation_min,
                                           const int32_t out_activation_max,
                                           const int32_t block_size)
{
    int32_t i;
    for (i = 0; i < block_size; i++) {
        const int32_t product = (input_1_vect[i] + input_1_offset) * (input_2_vect[i] + input_2_offset);
        output[i] = cnn_s8_output(product, out_mult, out_shift, out_offset, out_activation_min, out_activation_max);
    }
    return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_elementwise_mul_s16(const int16_t *input_1_vect,
                                            const int16_t *input_2_vect,
                                            const int32_t input_1_offset,
                                            const int32_t input_2_offset,
                                            int16_t *output,
                                            const int32_t out_offset,
                                            const int32_t out_mult,
                                            const int32_t out_shift,
                                            const int32_t out_activation_min,
                                            const int32_t out_activation_max,
                                            const int32_t block_size)
{
    int32_t i;
    (void)input_1_offset;
    (void)input_2_offset;
    (void)out_offset;
    for (i = 0; i < block_size; i++) {
        const int32_t product = (int32_t)input_1_vect[i] * (int32_t)input_2_vect[i];
        output[i] = cnn_s8_clamp_s16(cnn_s8_requantize(product, out_mult, out_shift), out_activation_min,
                                     out_activation_max);
    }
    return ARM_CMSIS_NN_SUCCESS;
}
