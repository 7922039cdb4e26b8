/* Part of cmsis-maven-plugin: portable C99 versions of the legacy (CMSIS 5.9) q7/q15 CMSIS-NN functions. */
#ifndef CNN_LEGACY_NNFUNCTIONS_H
#define CNN_LEGACY_NNFUNCTIONS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Names, argument order and types are those of CMSIS 5.9.0 (CMSIS-NN 3.1.0), so generated code
 * links unchanged against either these sources or an upstream CMSIS/NN tree.
 *
 * Build switches, as upstream:
 * - ARM_MATH_DSP (set automatically when the compiler reports __ARM_FEATURE_DSP) selects the
 *   behaviour of upstream's DSP code path where it differs from the plain-C path: q7 pooling,
 *   and the odd-dim_im_out check of arm_convolve_HWC_q15_fast. ARM_MATH_MVEI (Helium) builds use
 *   the plain-C path, as upstream's legacy functions do.
 * - ARM_NN_TRUNCATE: no rounding constant before the output right shift (floor).
 *
 * Arithmetic: acc = (bias << bias_shift) + round + sum(in * wt) in 32 bits, wrapping on overflow;
 * out = saturate(acc >> out_shift) with an arithmetic (flooring) shift. Shifts must be < 32.
 *
 * If upstream's arm_math_types.h (CMSIS-DSP) or arm_nnfunctions.h is used in the same unit,
 * include it before this header: the shared types are then taken from it.
 */

#if !defined(_ARM_MATH_TYPES_H_) && !defined(_ARM_NN_MATH_TYPES_H_) && !defined(CNN_LEGACY_Q_TYPES)
#define CNN_LEGACY_Q_TYPES
typedef int8_t q7_t;
typedef int16_t q15_t;
typedef int32_t q31_t;
typedef int64_t q63_t;
#endif

#if !defined(_ARM_MATH_TYPES_H_) && !defined(CNN_LEGACY_ARM_STATUS)
#define CNN_LEGACY_ARM_STATUS
/* Same values as CMSIS-DSP's arm_status. */
typedef enum {
    ARM_MATH_SUCCESS = 0,
    ARM_MATH_ARGUMENT_ERROR = -1,
    ARM_MATH_LENGTH_ERROR = -2,
    ARM_MATH_SIZE_MISMATCH = -3,
    ARM_MATH_NANINF = -4,
    ARM_MATH_SINGULAR = -5,
    ARM_MATH_TEST_FAILURE = -6,
    ARM_MATH_DECOMPOSITION_FAILURE = -7
} arm_status;
#endif

#if !defined(_ARM_NNFUNCTIONS_H) && !defined(CNN_LEGACY_ACTIVATION_TYPE)
#define CNN_LEGACY_ACTIVATION_TYPE
typedef enum {
    ARM_SIGMOID = 0,
    ARM_TANH = 1
} arm_nn_activation_type;
#endif

/* ---- convolution, HWC layout, weights [ch_im_out][ky][kx][ch_im_in] -------------------------
 * Square forms use one dim for x and y. bufferA is scratch of 2*ch_im_in*k*k q15_t (q15_basic:
 * ch_im_in*k*k); these portable versions do not touch it, nor bufferB (unused upstream too).
 * Constraint failures return ARM_MATH_SIZE_MISMATCH and write nothing. */

arm_status arm_convolve_HWC_q7_basic(const q7_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                     const q7_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                     const uint16_t padding, const uint16_t stride, const q7_t *bias,
                                     const uint16_t bias_shift, const uint16_t out_shift, q7_t *Im_out,
                                     const uint16_t dim_im_out, q15_t *bufferA, q7_t *bufferB);

arm_status arm_convolve_HWC_q7_basic_nonsquare(const q7_t *Im_in, const uint16_t dim_im_in_x,
                                               const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                               const q7_t *wt, const uint16_t ch_im_out,
                                               const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                               const uint16_t padding_x, const uint16_t padding_y,
                                               const uint16_t stride_x, const uint16_t stride_y,
                                               const q7_t *bias, const uint16_t bias_shift,
                                               const uint16_t out_shift, q7_t *Im_out,
                                               const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                               q15_t *bufferA, q7_t *bufferB);

/* ch_im_in % 4 == 0 and ch_im_out % 2 == 0. */
arm_status arm_convolve_HWC_q7_fast(const q7_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                    const q7_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                    const uint16_t padding, const uint16_t stride, const q7_t *bias,
                                    const uint16_t bias_shift, const uint16_t out_shift, q7_t *Im_out,
                                    const uint16_t dim_im_out, q15_t *bufferA, q7_t *bufferB);

/* ch_im_in % 4 == 0 and ch_im_out % 2 == 0. */
arm_status arm_convolve_HWC_q7_fast_nonsquare(const q7_t *Im_in, const uint16_t dim_im_in_x,
                                              const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                              const q7_t *wt, const uint16_t ch_im_out,
                                              const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                              const uint16_t padding_x, const uint16_t padding_y,
                                              const uint16_t stride_x, const uint16_t stride_y,
                                              const q7_t *bias, const uint16_t bias_shift,
                                              const uint16_t out_shift, q7_t *Im_out,
                                              const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                              q15_t *bufferA, q7_t *bufferB);

/* ch_im_in == 3. */
arm_status arm_convolve_HWC_q7_RGB(const q7_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                   const q7_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                   const uint16_t padding, const uint16_t stride, const q7_t *bias,
                                   const uint16_t bias_shift, const uint16_t out_shift, q7_t *Im_out,
                                   const uint16_t dim_im_out, q15_t *bufferA, q7_t *bufferB);

/* ch_im_in % 4 == 0, ch_im_out % 2 == 0, 1x1 kernel, no padding, stride 1. */
arm_status arm_convolve_1x1_HWC_q7_fast_nonsquare(const q7_t *Im_in, const uint16_t dim_im_in_x,
                                                  const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                                  const q7_t *wt, const uint16_t ch_im_out,
                                                  const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                                  const uint16_t padding_x, const uint16_t padding_y,
                                                  const uint16_t stride_x, const uint16_t stride_y,
                                                  const q7_t *bias, const uint16_t bias_shift,
                                                  const uint16_t out_shift, q7_t *Im_out,
                                                  const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                                  q15_t *bufferA, q7_t *bufferB);

arm_status arm_convolve_HWC_q15_basic(const q15_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                      const q15_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                      const uint16_t padding, const uint16_t stride, const q15_t *bias,
                                      const uint16_t bias_shift, const uint16_t out_shift, q15_t *Im_out,
                                      const uint16_t dim_im_out, q15_t *bufferA, q7_t *bufferB);

/* ch_im_in % 2 == 0, ch_im_out % 2 == 0; DSP builds also require an even dim_im_out. */
arm_status arm_convolve_HWC_q15_fast(const q15_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                     const q15_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                     const uint16_t padding, const uint16_t stride, const q15_t *bias,
                                     const uint16_t bias_shift, const uint16_t out_shift, q15_t *Im_out,
                                     const uint16_t dim_im_out, q15_t *bufferA, q7_t *bufferB);

/* ch_im_in % 2 == 0, ch_im_out % 2 == 0. Upstream's DSP path also needs an even dim_im_out_x
 * (it does not check it and computes wrong pixels otherwise). */
arm_status arm_convolve_HWC_q15_fast_nonsquare(const q15_t *Im_in, const uint16_t dim_im_in_x,
                                               const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                               const q15_t *wt, const uint16_t ch_im_out,
                                               const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                               const uint16_t padding_x, const uint16_t padding_y,
                                               const uint16_t stride_x, const uint16_t stride_y,
                                               const q15_t *bias, const uint16_t bias_shift,
                                               const uint16_t out_shift, q15_t *Im_out,
                                               const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                               q15_t *bufferA, q7_t *bufferB);

/* Depthwise (multiplier 1): ch_im_in == ch_im_out; weights [ky][kx][ch]. */
arm_status arm_depthwise_separable_conv_HWC_q7(const q7_t *Im_in, const uint16_t dim_im_in,
                                               const uint16_t ch_im_in, const q7_t *wt,
                                               const uint16_t ch_im_out, const uint16_t dim_kernel,
                                               const uint16_t padding, const uint16_t stride, const q7_t *bias,
                                               const uint16_t bias_shift, const uint16_t out_shift,
                                               q7_t *Im_out, const uint16_t dim_im_out, q15_t *bufferA,
                                               q7_t *bufferB);

arm_status arm_depthwise_separable_conv_HWC_q7_nonsquare(const q7_t *Im_in, const uint16_t dim_im_in_x,
                                                         const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                                         const q7_t *wt, const uint16_t ch_im_out,
                                                         const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                                         const uint16_t padding_x, const uint16_t padding_y,
                                                         const uint16_t stride_x, const uint16_t stride_y,
                                                         const q7_t *bias, const uint16_t bias_shift,
                                                         const uint16_t out_shift, q7_t *Im_out,
                                                         const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                                         q15_t *bufferA, q7_t *bufferB);

/* ---- fully connected: weights [num_of_rows][dim_vec]; the _opt forms take the 4-row
 * interleaved layouts (see Java LegacyFullyConnected.interleave*). vec_buffer: dim_vec q15_t. */

arm_status arm_fully_connected_q7(const q7_t *pV, const q7_t *pM, const uint16_t dim_vec,
                                  const uint16_t num_of_rows, const uint16_t bias_shift,
                                  const uint16_t out_shift, const q7_t *bias, q7_t *pOut, q15_t *vec_buffer);

arm_status arm_fully_connected_q7_opt(const q7_t *pV, const q7_t *pM, const uint16_t dim_vec,
                                      const uint16_t num_of_rows, const uint16_t bias_shift,
                                      const uint16_t out_shift, const q7_t *bias, q7_t *pOut,
                                      q15_t *vec_buffer);

arm_status arm_fully_connected_q15(const q15_t *pV, const q15_t *pM, const uint16_t dim_vec,
                                   const uint16_t num_of_rows, const uint16_t bias_shift,
                                   const uint16_t out_shift, const q15_t *bias, q15_t *pOut,
                                   q15_t *vec_buffer);

arm_status arm_fully_connected_q15_opt(const q15_t *pV, const q15_t *pM, const uint16_t dim_vec,
                                       const uint16_t num_of_rows, const uint16_t bias_shift,
                                       const uint16_t out_shift, const q15_t *bias, q15_t *pOut,
                                       q15_t *vec_buffer);

/* q15 vector, q7 weights and bias, q15 output. */
arm_status arm_fully_connected_mat_q7_vec_q15(const q15_t *pV, const q7_t *pM, const uint16_t dim_vec,
                                              const uint16_t num_of_rows, const uint16_t bias_shift,
                                              const uint16_t out_shift, const q7_t *bias, q15_t *pOut,
                                              q15_t *vec_buffer);

arm_status arm_fully_connected_mat_q7_vec_q15_opt(const q15_t *pV, const q7_t *pM, const uint16_t dim_vec,
                                                  const uint16_t num_of_rows, const uint16_t bias_shift,
                                                  const uint16_t out_shift, const q7_t *bias, q15_t *pOut,
                                                  q15_t *vec_buffer);

/* ---- pooling, square only. Both may overwrite Im_in (the DSP form pools in place).
 * bufferA: unused by maxpool; avepool upstream wants 2*dim_im_out*ch_im_in bytes (q15 sums). */

void arm_maxpool_q7_HWC(q7_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                        const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                        const uint16_t dim_im_out, q7_t *bufferA, q7_t *Im_out);

void arm_avepool_q7_HWC(q7_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                        const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                        const uint16_t dim_im_out, q7_t *bufferA, q7_t *Im_out);

/* ---- activations, in place ---------------------------------------------------------------- */

void arm_relu_q7(q7_t *data, uint16_t size);

void arm_relu_q15(q15_t *data, uint16_t size);

/* Table sigmoid/tanh; input Q(int_width).(7-int_width) or Q(int_width).(15-int_width) with
 * int_width <= 3, output Q0.7 / Q0.15. */
void arm_nn_activations_direct_q7(q7_t *data, uint16_t size, uint16_t int_width, arm_nn_activation_type type);

void arm_nn_activations_direct_q15(q15_t *data, uint16_t size, uint16_t int_width, arm_nn_activation_type type);

/* ---- softmax: base-2 on the raw integers, output Q0.7 / Q0.15 ----------------------------- */

void arm_softmax_q7(const q7_t *vec_in, const uint16_t dim_vec, q7_t *p_out);

void arm_softmax_with_batch_q7(const q7_t *vec_in, const uint16_t nb_batches, const uint16_t dim_vec, q7_t *p_out);

void arm_softmax_q15(const q15_t *vec_in, const uint16_t dim_vec, q15_t *p_out);

/* ---- support -------------------------------------------------------------------------------- */

/* Sign-extends q7 to q15 (upstream declares it in arm_nnsupportfunctions.h). */
void arm_q7_to_q15_no_shift(const q7_t *pSrc, q15_t *pDst, uint32_t blockSize);

#ifdef __cplusplus
}
#endif

#endif /* CNN_LEGACY_NNFUNCTIONS_H */
