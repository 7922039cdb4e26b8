/* Part of cmsis-maven-plugin: helpers shared by the legacy q7/q15 kernels (not a public header). */
#ifndef CNN_LEGACY_INTERNAL_H
#define CNN_LEGACY_INTERNAL_H

#include <stdint.h>

#include "cnn_legacy_nnfunctions.h"

/* Upstream's math-types header turns ARM_MATH_DSP on from the compiler's feature macro, so a
 * Cortex-M4 build takes the DSP path without being asked: do the same. */
#if defined(__ARM_FEATURE_DSP) && (__ARM_FEATURE_DSP == 1) && !defined(ARM_MATH_DSP)
#define ARM_MATH_DSP 1
#endif
#if defined(__ARM_FEATURE_MVE) && __ARM_FEATURE_MVE && !defined(ARM_MATH_MVEI)
#define ARM_MATH_MVEI
#endif

/* The legacy functions take their DSP path only when DSP is on and Helium is not. */
#if defined(ARM_MATH_DSP) && !defined(ARM_MATH_MVEI)
#define CNN_LEGACY_DSP 1
#else
#define CNN_LEGACY_DSP 0
#endif

/*
 * Accumulators are kept in uint32_t so that wrapping is defined behaviour; these helpers map
 * back to int32_t and shift without relying on implementation-defined signed operations.
 */
static inline int32_t cnn_legacy_i32(uint32_t u)
{
    return u <= 0x7FFFFFFFu ? (int32_t)u : (int32_t)(u - 0x80000000u) - 0x7FFFFFFF - 1;
}

/* Arithmetic (flooring) right shift. */
static inline int32_t cnn_legacy_asr(int32_t v, uint16_t s)
{
    return v >= 0 ? (v >> s) : -1 - ((-1 - v) >> s);
}

/* Upstream's NN_ROUND(s) = (1 << s) >> 1 in int: 2^(s-1), 0 for s = 0, -2^30 for s = 31. */
static inline uint32_t cnn_legacy_round(uint16_t out_shift)
{
#ifdef ARM_NN_TRUNCATE
    (void)out_shift;
    return 0u;
#else
    return (uint32_t)cnn_legacy_asr(cnn_legacy_i32((uint32_t)1u << out_shift), 1);
#endif
}

/* (bias << bias_shift) + NN_ROUND(out_shift), as the accumulator's start value. */
static inline uint32_t cnn_legacy_acc_init(int32_t bias, uint16_t bias_shift, uint16_t out_shift)
{
    return ((uint32_t)bias << bias_shift) + cnn_legacy_round(out_shift);
}

static inline int32_t cnn_legacy_ssat(int32_t v, int bits)
{
    const int32_t hi = (int32_t)((1u << (bits - 1)) - 1u);
    const int32_t lo = -hi - 1;
    return v > hi ? hi : (v < lo ? lo : v);
}

static inline int32_t cnn_legacy_usat(int32_t v, int bits)
{
    const int32_t hi = (int32_t)((1u << bits) - 1u);
    return v > hi ? hi : (v < 0 ? 0 : v);
}

/* Final step of every conv/FC output: wrap, shift, saturate. */
static inline q7_t cnn_legacy_out_q7(uint32_t acc, uint16_t out_shift)
{
    return (q7_t)cnn_legacy_ssat(cnn_legacy_asr(cnn_legacy_i32(acc), out_shift), 8);
}

static inline q15_t cnn_legacy_out_q15(uint32_t acc, uint16_t out_shift)
{
    return (q15_t)cnn_legacy_ssat(cnn_legacy_asr(cnn_legacy_i32(acc), out_shift), 16);
}

/* Lookup tables (cnn_legacy_tables.c): entry i is f(x) for x = (int8_t)i / 16. */
extern const q7_t cnn_legacy_sigmoid_q7[256];
extern const q7_t cnn_legacy_tanh_q7[256];
extern const q15_t cnn_legacy_sigmoid_q15[256];
extern const q15_t cnn_legacy_tanh_q15[256];

#endif /* CNN_LEGACY_INTERNAL_H */
