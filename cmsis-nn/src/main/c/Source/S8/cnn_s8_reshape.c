/* Part of cmsis-maven-plugin: reshape, concatenation, pad and transpose of int8 tensors (no arithmetic). */
#include "cnn_s8_internal.h"

#include <string.h>

void arm_reshape_s8(const int8_t *input, int8_t *output, const uint32_t total_size)
{
    memcpy(output, input, total_size);
}

/*
 * Concatenation: the input is input_w blocks of input_z planes of input_y rows of input_x values.
 * The output has the same extents except along the concatenation axis, where the input lands at
 * the given offset. Each function copies the largest runs that stay contiguous.
 */
void arm_concatenation_s8_x(const int8_t *input,
                            const uint16_t input_x,
                            const uint16_t input_y,
                            const uint16_t input_z,
                            const uint16_t input_w,
                            int8_t *output,
                            const uint16_t output_x,
                            const uint32_t offset_x)
{
    const uint32_t rows = (uint32_t)input_y * input_z * input_w;
    uint32_t r;
    for (r = 0; r < rows; r++) {
        memcpy(output + offset_x + r * output_x, input + r * input_x, input_x);
    }
}

void arm_concatenation_s8_y(const int8_t *input,
                            const uint16_t input_x,
                            const uint16_t input_y,
                            const uint16_t input_z,
                            const uint16_t input_w,
                            int8_t *output,
                            const uint16_t output_y,
                            const uint32_t offset_y)
{
    const uint32_t planes = (uint32_t)input_z * input_w;
    const uint32_t plane_in = (uint32_t)input_x * input_y;
    const uint32_t plane_out = (uint32_t)input_x * output_y;
    uint32_t p;
    for (p = 0; p < planes; p++) {
        memcpy(output + offset_y * input_x + p * plane_out, input + p * plane_in, plane_in);
    }
}

void arm_concatenation_s8_z(const int8_t *input,
                            const uint16_t input_x,
                            const uint16_t input_y,
                            const uint16_t input_z,
                            const uint16_t input_w,
                            int8_t *output,
                            const uint16_t output_z,
                            const uint32_t offset_z)
{
    const uint32_t plane = (uint32_t)input_x * input_y;
    const uint32_t block_in = plane * input_z;
    const uint32_t block_out = plane * output_z;
    uint32_t b;
    for (b = 0; b < input_w; b++) {
        memcpy(output + offset_z * plane + b * block_out, input + b * block_in, block_in);
    }
}

void arm_concatenation_s8_w(const int8_t *input,
                            const uint16_t input_x,
                            const uint16_t input_y,
                            const uint16_t input_z,
                            const uint16_t input_w,
                            int8_t *output,
                            const uint32_t offset_w)
{
    const uint32_t block = (uint32_t)input_x * input_y * input_z;
    memcpy(output + offset_w * block, input, block * input_w);
}

/* Output extents are input + pre + post in every dimension; the border holds pad_value. */
arm_cmsis_nn_status arm_pad_s8(const int8_t *input,
                               int8_t *output,
                               const int8_t pad_value,
                               const cmsis_nn_dims *input_size,
                               const cmsis_nn_dims *pre_pad,
                               const cmsis_nn_dims *post_pad)
{
    const int32_t on = pre_pad->n + input_size->n + post_pad->n;
    const int32_t oh = pre_pad->h + input_size->h + post_pad->h;
    const int32_t ow = pre_pad->w + input_size->w + post_pad->w;
    const int32_t oc = pre_pad->c + input_size->c + post_pad->c;
    int32_t n, y, x, c;
    for (n = 0; n < on; n++) {
        for (y = 0; y < oh; y++) {
            for (x = 0; x < ow; x++) {
                for (c = 0; c < oc; c++) {
                    const int32_t in_n = n - pre_pad->n;
                    const int32_t in_y = y - pre_pad->h;
                    const int32_t in_x = x - pre_pad->w;
                    const int32_t in_c = c - pre_pad->c;
                    const int inside = in_n >= 0 && in_n < input_size->n && in_y >= 0 && in_y < input_size->h &&
                        in_x >= 0 && in_x < input_size->w && in_c >= 0 && in_c < input_size->c;
                    output[((n * oh + y) * ow + x) * oc + c] =
                        inside ? input[((in_n * input_size->h + in_y) * input_size->w + in_x) * input_size->c + in_c]
                               : pad_value;
                }
            }
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}

/* Moves every element of a 4-D input (extents n, h, w, c) with the given output strides per input axis. */
static void transpose_strided(const int8_t *input, int8_t *output, const int32_t extent[4],
                              const int32_t out_stride[4])
{
    int32_t i0, i1, i2, i3;
    int32_t from = 0;
    for (i0 = 0; i0 < extent[0]; i0++) {
        for (i1 = 0; i1 < extent[1]; i1++) {
            for (i2 = 0; i2 < extent[2]; i2++) {
                for (i3 = 0; i3 < extent[3]; i3++) {
                    output[i0 * out_stride[0] + i1 * out_stride[1] + i2 * out_stride[2] + i3 * out_stride[3]] =
                        input[from++];
                }
            }
        }
    }
}

arm_cmsis_nn_status arm_transpose_s8(const int8_t *input_data,
                                     int8_t *const output_data,
                                     const cmsis_nn_dims *const input_dims,
                                     const cmsis_nn_dims *const output_dims,
                                     const cmsis_nn_transpose_params *const transpose_params)
{
    const uint32_t *perm = transpose_params->permutations;
    int32_t extent[4];
    int32_t stride[4] = {0, 0, 0, 0};
    if (transpose_params->num_dims == 1) {
        memcpy(output_data, input_data, (size_t)input_dims->n);
        return ARM_CMSIS_NN_SUCCESS;
    }
    if (transpose_params->num_dims == 2) {
        /* An n x h matrix becomes h x n, whatever the permutation says. */
        extent[0] = 1;
        extent[1] = 1;
        extent[2] = input_dims->n;
        extent[3] = input_dims->h;
        stride[2] = 1;
        stride[3] = input_dims->n;
        transpose_strided(input_data, output_data, extent, stride);
        return ARM_CMSIS_NN_SUCCESS;
    }
    if (transpose_params->num_dims == 3) {
        /* Axes n, h, w; the output extents are output_dims n, h, w. */
        if (perm[0] > 2 || perm[1] > 2 || perm[2] > 2) {
            return ARM_CMSIS_NN_ARG_ERROR;
        }
        extent[0] = 1;
        extent[1] = input_dims->n;
        extent[2] = input_dims->h;
        extent[3] = input_dims->w;
        stride[perm[0] + 1] = output_dims->h * output_dims->w;
        stride[perm[1] + 1] = output_dims->w;
        stride[perm[2] + 1] = 1;
        transpose_strided(input_data, output_data, extent, stride);
        return ARM_CMSIS_NN_SUCCESS;
    }
    if (perm[0] > 3 || perm[1] > 3 || perm[2] > 3 || perm[3] > 3) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    extent[0] = input_dims->n;
    extent[1] = input_dims->h;
    extent[2] = input_dims->w;
    extent[3] = input_dims->c;
    stride[perm[0]] = output_dims->h * output_dims->w * output_dims->c;
    stride[perm[1]] = output_dims->w * output_dims->c;
    stride[perm[2]] = output_dims->c;
    stride[perm[3]] = 1;
    transpose_strided(input_data, output_data, extent, stride);
    return ARM_CMSIS_NN_SUCCESS;
}
