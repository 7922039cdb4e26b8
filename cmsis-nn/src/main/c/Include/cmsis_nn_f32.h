/* Part of cmsis-maven-plugin: portable C99 float32 kernels shaped like the CMSIS-NN legacy API. */
#ifndef CMSIS_NN_F32_H
#define CMSIS_NN_F32_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Conventions
 * - Tensors are HWC (channels last), row-major, float32.
 * - Spatial arguments follow the legacy CMSIS-NN order: x (width) before y (height).
 * - padding_x / padding_y are the left / top padding; the output size given by the caller
 *   implies the right / bottom padding (input positions outside the image count as absent).
 * - act_min / act_max clamp the result (pass -INFINITY / INFINITY for none).
 * - Element-wise kernels (clamp, sigmoid, tanh, leaky ReLU, scale-shift, add) may run in place
 *   (out == in). Window kernels (convolution, pooling, pad, upsample, concat) must not.
 * - No kernel allocates memory or keeps state.
 */

/* ---- convolution -------------------------------------------------------------------------- */

/* Convolution, weights [ch_im_out][ky][kx][ch_im_in], no activation. */
void cnn_convolve_HWC_f32_nonsquare(const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y,
                                    uint16_t ch_im_in, const float *wt, uint16_t ch_im_out,
                                    uint16_t dim_kernel_x, uint16_t dim_kernel_y, uint16_t padding_x,
                                    uint16_t padding_y, uint16_t stride_x, uint16_t stride_y,
                                    const float *bias, float *Im_out, uint16_t dim_im_out_x,
                                    uint16_t dim_im_out_y);

/* Square form of the above (dim_im_in, dim_kernel, padding, stride, dim_im_out for x and y). */
void cnn_convolve_HWC_f32_basic(const float *Im_in, uint16_t dim_im_in, uint16_t ch_im_in,
                                const float *wt, uint16_t ch_im_out, uint16_t dim_kernel,
                                uint16_t padding, uint16_t stride, const float *bias, float *Im_out,
                                uint16_t dim_im_out);

/*
 * Convolution with dilation, groups and an output clamp. Weights
 * [ch_im_out][ky][kx][ch_im_in / groups]; output channel oc reads input channels of group
 * oc / (ch_im_out / groups).
 */
void cnn_f32_convolve_HWC_ext(const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y,
                              uint16_t ch_im_in, const float *wt, uint16_t ch_im_out,
                              uint16_t dim_kernel_x, uint16_t dim_kernel_y, uint16_t padding_x,
                              uint16_t padding_y, uint16_t stride_x, uint16_t stride_y,
                              uint16_t dilation_x, uint16_t dilation_y, uint16_t groups,
                              const float *bias, float act_min, float act_max, float *Im_out,
                              uint16_t dim_im_out_x, uint16_t dim_im_out_y);

/* Depthwise convolution, multiplier 1 (ch_im_out == ch_im_in), weights [ky][kx][ch]. */
void cnn_depthwise_separable_conv_HWC_f32_nonsquare(
    const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y, uint16_t ch_im_in,
    const float *wt, uint16_t ch_im_out, uint16_t dim_kernel_x, uint16_t dim_kernel_y,
    uint16_t padding_x, uint16_t padding_y, uint16_t stride_x, uint16_t stride_y,
    const float *bias, float *Im_out, uint16_t dim_im_out_x, uint16_t dim_im_out_y);

/*
 * Depthwise convolution with a channel multiplier, dilation and an output clamp. Weights
 * [ky][kx][ch_im_in * ch_mult]; output channel ci * ch_mult + m reads input channel ci.
 */
void cnn_f32_depthwise_conv_HWC_ext(const float *Im_in, uint16_t dim_im_in_x,
                                    uint16_t dim_im_in_y, uint16_t ch_im_in, const float *wt,
                                    uint16_t ch_mult, uint16_t dim_kernel_x,
                                    uint16_t dim_kernel_y, uint16_t padding_x, uint16_t padding_y,
                                    uint16_t stride_x, uint16_t stride_y, uint16_t dilation_x,
                                    uint16_t dilation_y, const float *bias, float act_min,
                                    float act_max, float *Im_out, uint16_t dim_im_out_x,
                                    uint16_t dim_im_out_y);

/* ---- fully connected ---------------------------------------------------------------------- */

/* pOut[r] = bias[r] + sum_i pV[i] * pM[r * dim_vec + i]. */
void cnn_fully_connected_f32(const float *pV, const float *pM, uint16_t dim_vec,
                             uint16_t num_of_rows, const float *bias, float *pOut);

/* The above at each of `positions` consecutive vectors, with an output clamp. */
void cnn_f32_fully_connected_ext(const float *pV, const float *pM, uint32_t dim_vec,
                                 uint32_t num_of_rows, const float *bias, float act_min,
                                 float act_max, uint32_t positions, float *pOut);

/* ---- pooling ------------------------------------------------------------------------------ */

/* Max pooling, square (legacy shape, no scratch buffer: float needs none). */
void cnn_maxpool_f32_HWC(const float *Im_in, uint16_t dim_im_in, uint16_t ch_im_in,
                         uint16_t dim_kernel, uint16_t padding, uint16_t stride,
                         uint16_t dim_im_out, float *Im_out);

/* Average pooling, square, over the valid (non-padded) positions. */
void cnn_avepool_f32_HWC(const float *Im_in, uint16_t dim_im_in, uint16_t ch_im_in,
                         uint16_t dim_kernel, uint16_t padding, uint16_t stride,
                         uint16_t dim_im_out, float *Im_out);

/* Max pooling; padded positions never win; a window wholly in the padding gives 0. */
void cnn_f32_maxpool_HWC_nonsquare(const float *Im_in, uint16_t dim_im_in_x,
                                   uint16_t dim_im_in_y, uint16_t ch_im_in, uint16_t dim_kernel_x,
                                   uint16_t dim_kernel_y, uint16_t padding_x, uint16_t padding_y,
                                   uint16_t stride_x, uint16_t stride_y, uint16_t dim_im_out_x,
                                   uint16_t dim_im_out_y, float *Im_out);

/*
 * Average pooling: the float sum of the valid positions (ky, then kx) divided by their count,
 * or by dim_kernel_x * dim_kernel_y when count_include_pad is non-zero; a window wholly in the
 * padding gives 0.
 */
void cnn_f32_avepool_HWC_nonsquare(const float *Im_in, uint16_t dim_im_in_x,
                                   uint16_t dim_im_in_y, uint16_t ch_im_in, uint16_t dim_kernel_x,
                                   uint16_t dim_kernel_y, uint16_t padding_x, uint16_t padding_y,
                                   uint16_t stride_x, uint16_t stride_y, uint16_t dim_im_out_x,
                                   uint16_t dim_im_out_y, int count_include_pad, float *Im_out);

/* Max over all positions: output 1 x 1 x ch_im_in. */
void cnn_f32_global_maxpool_HWC(const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y,
                                uint16_t ch_im_in, float *Im_out);

/* Mean over all positions (row-major sum, then / (H * W)): output 1 x 1 x ch_im_in. */
void cnn_f32_global_avepool_HWC(const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y,
                                uint16_t ch_im_in, float *Im_out);

/* ---- activations -------------------------------------------------------------------------- */

/* In-place max(x, 0). */
void cnn_relu_f32(float *data, uint32_t size);

/* out = min(max(in, act_min), act_max). */
void cnn_f32_clamp(const float *in, uint32_t size, float act_min, float act_max, float *out);

/* out = 1 / (1 + exp(-in)), computed in double. */
void cnn_f32_sigmoid(const float *in, uint32_t size, float *out);

/* out = tanh(in), computed in double. */
void cnn_f32_tanh(const float *in, uint32_t size, float *out);

/* out = in >= 0 ? in : alpha * in. */
void cnn_f32_leaky_relu(const float *in, uint32_t size, float alpha, float *out);

/* Softmax of one vector (legacy shape). */
void cnn_softmax_f32(const float *vec_in, uint16_t dim_vec, float *p_out);

/* Softmax over the channels at each of `positions` consecutive vectors of dim_vec values. */
void cnn_f32_softmax(const float *vec_in, uint32_t positions, uint16_t dim_vec, float *p_out);

/* ---- element-wise and data movement ------------------------------------------------------- */

/* out[p * ch + c] = in[p * ch + c] * scale[c] + shift[c]. */
void cnn_f32_scale_shift_HWC(const float *in, uint32_t positions, uint16_t ch,
                             const float *scale, const float *shift, float *out);

/* out = a + b, element-wise (out may be a or b). */
void cnn_f32_add(const float *a, const float *b, uint32_t size, float *out);

/* Copies `size` values (non-overlapping). */
void cnn_f32_copy(const float *in, uint32_t size, float *out);

/*
 * Copies a dim_in_y x dim_in_x x ch_in tensor into the block of a dim_out_y x dim_out_x x ch_out
 * tensor that starts at (offset_y, offset_x, offset_c): one call per input of a concatenation.
 */
void cnn_f32_concat_HWC(const float *in, uint16_t dim_in_x, uint16_t dim_in_y, uint16_t ch_in,
                        float *out, uint16_t dim_out_x, uint16_t dim_out_y, uint16_t ch_out,
                        uint16_t offset_x, uint16_t offset_y, uint16_t offset_c);

/* Constant padding with value: padding_x columns on the left, padding_y rows on the top, the rest implied. */
void cnn_f32_pad_HWC(const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y,
                     uint16_t ch_im_in, uint16_t padding_x, uint16_t padding_y, float value, float *Im_out,
                     uint16_t dim_im_out_x, uint16_t dim_im_out_y);

/* Nearest-neighbour upsampling: out(y, x) = in(y / factor_y, x / factor_x). */
void cnn_f32_upsample_nearest_HWC(const float *Im_in, uint16_t dim_im_in_x,
                                  uint16_t dim_im_in_y, uint16_t ch_im_in, uint16_t factor_x,
                                  uint16_t factor_y, float *Im_out, uint16_t dim_im_out_x,
                                  uint16_t dim_im_out_y);

#ifdef __cplusplus
}
#endif

#endif /* CMSIS_NN_F32_H */
