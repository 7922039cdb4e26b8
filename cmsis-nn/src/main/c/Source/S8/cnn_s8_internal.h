/* Part of cmsis-maven-plugin: fixed-point helpers shared by the s8/s16 kernels (not a public API). */
#ifndef CNN_S8_INTERNAL_H
#define CNN_S8_INTERNAL_H

#include "cnn_s8_nnfunctions.h"

#include <stddef.h>

/*
 * Signed right shifts of negative values are arithmetic (implementation-defined in C99; every
 * compiler upstream supports does this). Products that upstream forms in 32-bit signed arithmetic
 * and lets wrap are formed here in uint32_t and converted back, which gives the same bits without
 * signed overflow.
 */

#define CNN_S8_MIN(a, b) ((a) < (b) ? (a) : (b))
#define CNN_S8_MAX(a, b) ((a) > (b) ? (a) : (b))

/* a + b and a * b modulo 2^32. */
static inline int32_t cnn_s8_add_wrap(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

static inline int32_t cnn_s8_mul_wrap(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a * (uint32_t)b);
}

/* Leading zero bits of a 32-bit pattern; 32 for zero (the Arm CLZ instruction). */
static inline int32_t cnn_s8_clz(uint32_t v)
{
    int32_t n = 0;
    if (v == 0u) {
        return 32;
    }
    while ((v & 0x80000000u) == 0u) {
        v <<= 1;
        n++;
    }
    return n;
}

/* round(a * b / 2^31), ties towards +infinity; wraps only for INT32_MIN * INT32_MIN. */
static inline int32_t cnn_s8_doubling_high_mult_no_sat(int32_t a, int32_t b)
{
    const int64_t p = (int64_t)a * (int64_t)b + ((int64_t)1 << 30);
    return (int32_t)(p >> 31);
}

/*
 * The saturating version used by softmax: a nudge of 1/2 (1/2 - 2^-31 for a negative product) and
 * a truncating division, which again rounds ties towards +infinity; it differs from the one above
 * only for INT32_MIN * INT32_MIN, which saturates to INT32_MAX.
 */
static inline int32_t cnn_s8_doubling_high_mult(int32_t a, int32_t b)
{
    int64_t p = ((a < 0) != (b < 0)) ? (1 - ((int64_t)1 << 30)) : ((int64_t)1 << 30);
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
    p += (int64_t)a * (int64_t)b;
    return (int32_t)(p / ((int64_t)1 << 31));
}

/* x / 2^e rounded to nearest, ties away from zero; e in [0, 31]. */
static inline int32_t cnn_s8_divide_by_power_of_two(int32_t x, int32_t e)
{
    const int32_t mask = (int32_t)((1u << (uint32_t)e) - 1u);
    const int32_t remainder = x & mask;
    const int32_t result = x >> e;
    const int32_t threshold = (mask >> 1) + (result < 0 ? 1 : 0);
    return result + (remainder > threshold ? 1 : 0);
}

/*
 * val * multiplier * 2^shift / 2^31 in upstream's arm_nn_requantize rounding; shift in [-31, 30].
 * Default: left shift (wrapping), rounding doubling high multiply, then rounding right shift.
 * CMSIS_NN_USE_SINGLE_ROUNDING: one 64-bit product, one rounding (ties towards +infinity), then
 * truncation to 32 bits.
 */
static inline int32_t cnn_s8_requantize(int32_t val, int32_t multiplier, int32_t shift)
{
#if defined(CMSIS_NN_USE_SINGLE_ROUNDING)
    const int64_t product = (int64_t)val * (int64_t)multiplier;
    const int64_t halved = product >> (30 - shift);
    return (int32_t)((halved + 1) >> 1);
#else
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    const int32_t scaled = (int32_t)((uint32_t)val << (uint32_t)left);
    return cnn_s8_divide_by_power_of_two(cnn_s8_doubling_high_mult_no_sat(scaled, multiplier), right);
#endif
}

/* 16-bit multiplier of the s16 kernels' 64-bit path, rounded from the 32-bit one. */
static inline int32_t cnn_s8_reduce_multiplier(int32_t multiplier)
{
    return multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
}

/* arm_nn_requantize_s64 (both rounding modes): truncate to 32 bits, then round the last bit. */
static inline int32_t cnn_s8_requantize_s64(int64_t val, int32_t reduced_multiplier, int32_t shift)
{
    const int64_t product = val * (int64_t)reduced_multiplier;
    const int32_t truncated = (int32_t)(product >> (14 - shift));
    return cnn_s8_add_wrap(truncated, 1) >> 1;
}

/* Requantized accumulator plus output offset, clamped: the last step of every s8 MAC kernel. */
static inline int8_t cnn_s8_output(int32_t acc, int32_t multiplier, int32_t shift, int32_t offset,
                                   int32_t act_min, int32_t act_max)
{
    int32_t v = cnn_s8_add_wrap(cnn_s8_requantize(acc, multiplier, shift), offset);
    v = CNN_S8_MAX(v, act_min);
    v = CNN_S8_MIN(v, act_max);
    return (int8_t)v;
}

static inline int16_t cnn_s8_clamp_s16(int32_t v, int32_t act_min, int32_t act_max)
{
    v = CNN_S8_MAX(v, act_min);
    v = CNN_S8_MIN(v, act_max);
    return (int16_t)v;
}

/* (y, x) lies inside an in_y x in_x image. */
static inline int cnn_s8_inside(int32_t y, int32_t x, int32_t in_y, int32_t in_x)
{
    return y >= 0 && y < in_y && x >= 0 && x < in_x;
}

#endif /* CNN_S8_INTERNAL_H */
