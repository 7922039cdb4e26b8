/* Part of cmsis-maven-plugin: portable C versions of the Armv7E-M DSP intrinsics. */
#ifndef CNN_HOST_DSP_INTRINSICS_H
#define CNN_HOST_DSP_INTRINSICS_H

/*
 * An upstream CMSIS-NN tree built with ARM_MATH_DSP takes its SIMD paths, whose intrinsics
 * (__SMLAD, __SXTB16, ...) its compiler header defines only for cores with the DSP extension.
 * verify force-includes this header when it builds such a tree for the host, so that the host run
 * follows the same arithmetic as the DSP build on a Cortex-M4/M7/M33. Each function follows the
 * instruction's definition in the Armv7-M Architecture Reference Manual: halfword and byte lanes,
 * little-endian, modulo or saturating as the instruction is. On a core that has the instructions
 * the header does nothing.
 */
#if !(defined(__ARM_FEATURE_DSP) && (__ARM_FEATURE_DSP == 1))

#include <stdint.h>

static inline int32_t cnn_host_lane16(uint32_t x, unsigned lane)
{
    return (int32_t)(int16_t)(uint16_t)((x >> (16u * lane)) & 0xffffu);
}

static inline int32_t cnn_host_lane8(uint32_t x, unsigned lane)
{
    return (int32_t)(int8_t)(uint8_t)((x >> (8u * lane)) & 0xffu);
}

static inline uint32_t cnn_host_pack16(int32_t lo, int32_t hi)
{
    return ((uint32_t)lo & 0xffffu) | (((uint32_t)hi & 0xffffu) << 16);
}

static inline int32_t cnn_host_sat(int64_t v, int64_t lo, int64_t hi)
{
    return (int32_t)(v < lo ? lo : (v > hi ? hi : v));
}

static inline uint32_t cnn_host_ror(uint32_t x, uint32_t n)
{
    n &= 31u;
    return n == 0u ? x : (x >> n) | (x << (32u - n));
}

/* SXTB16: sign-extends bytes 0 and 2 into the two halfwords. */
static inline uint32_t __SXTB16(uint32_t x)
{
    return cnn_host_pack16(cnn_host_lane8(x, 0), cnn_host_lane8(x, 2));
}

static inline uint32_t __SXTB16_RORn(uint32_t x, uint32_t rotate)
{
    return __SXTB16(cnn_host_ror(x, rotate));
}

/* SXTAB16: adds the sign-extended bytes 0 and 2 of y to the halfwords of x, modulo 2^16. */
static inline uint32_t __SXTAB16(uint32_t x, uint32_t y)
{
    return cnn_host_pack16(cnn_host_lane16(x, 0) + cnn_host_lane8(y, 0), cnn_host_lane16(x, 1) + cnn_host_lane8(y, 2));
}

static inline uint32_t __SXTAB16_RORn(uint32_t x, uint32_t y, uint32_t rotate)
{
    return __SXTAB16(x, cnn_host_ror(y, rotate));
}

/* PKHBT: bottom halfword of x, top halfword of y << shift. */
static inline uint32_t cnn_host_pkhbt(uint32_t x, uint32_t y, uint32_t shift)
{
    return (x & 0xffffu) | ((shift >= 32u ? 0u : (y << shift)) & 0xffff0000u);
}

/* PKHTB: top halfword of x, bottom halfword of y arithmetically shifted right. */
static inline uint32_t cnn_host_pkhtb(uint32_t x, uint32_t y, uint32_t shift)
{
    uint32_t sign = (y & 0x80000000u) != 0u ? 0xffffffffu : 0u;
    uint32_t shifted = shift >= 32u ? sign : (shift == 0u ? y : ((y >> shift) | (sign << (32u - shift))));
    return (x & 0xffff0000u) | (shifted & 0xffffu);
}

#define __PKHBT(x, y, shift) cnn_host_pkhbt((uint32_t)(x), (uint32_t)(y), (uint32_t)(shift))
#define __PKHTB(x, y, shift) cnn_host_pkhtb((uint32_t)(x), (uint32_t)(y), (uint32_t)(shift))

static inline uint32_t __SADD16(uint32_t x, uint32_t y)
{
    return cnn_host_pack16(cnn_host_lane16(x, 0) + cnn_host_lane16(y, 0), cnn_host_lane16(x, 1) + cnn_host_lane16(y, 1));
}

static inline uint32_t __QADD16(uint32_t x, uint32_t y)
{
    return cnn_host_pack16(cnn_host_sat((int64_t)cnn_host_lane16(x, 0) + cnn_host_lane16(y, 0), INT16_MIN, INT16_MAX),
                           cnn_host_sat((int64_t)cnn_host_lane16(x, 1) + cnn_host_lane16(y, 1), INT16_MIN, INT16_MAX));
}

static inline uint32_t __QSUB16(uint32_t x, uint32_t y)
{
    return cnn_host_pack16(cnn_host_sat((int64_t)cnn_host_lane16(x, 0) - cnn_host_lane16(y, 0), INT16_MIN, INT16_MAX),
                           cnn_host_sat((int64_t)cnn_host_lane16(x, 1) - cnn_host_lane16(y, 1), INT16_MIN, INT16_MAX));
}

static inline uint32_t cnn_host_bytes8(int32_t b0, int32_t b1, int32_t b2, int32_t b3)
{
    return ((uint32_t)b0 & 0xffu) | (((uint32_t)b1 & 0xffu) << 8) | (((uint32_t)b2 & 0xffu) << 16) | (((uint32_t)b3 & 0xffu) << 24);
}

static inline uint32_t __QADD8(uint32_t x, uint32_t y)
{
    int32_t r[4];
    unsigned i;
    for (i = 0; i < 4u; i++) {
        r[i] = cnn_host_sat((int64_t)cnn_host_lane8(x, i) + cnn_host_lane8(y, i), INT8_MIN, INT8_MAX);
    }
    return cnn_host_bytes8(r[0], r[1], r[2], r[3]);
}

static inline uint32_t __QSUB8(uint32_t x, uint32_t y)
{
    int32_t r[4];
    unsigned i;
    for (i = 0; i < 4u; i++) {
        r[i] = cnn_host_sat((int64_t)cnn_host_lane8(x, i) - cnn_host_lane8(y, i), INT8_MIN, INT8_MAX);
    }
    return cnn_host_bytes8(r[0], r[1], r[2], r[3]);
}

static inline int32_t __QADD(int32_t x, int32_t y)
{
    return cnn_host_sat((int64_t)x + y, INT32_MIN, INT32_MAX);
}

static inline int32_t __QSUB(int32_t x, int32_t y)
{
    return cnn_host_sat((int64_t)x - y, INT32_MIN, INT32_MAX);
}

/* SMUAD / SMLAD: sum of the two signed halfword products (plus acc), modulo 2^32 as the core gives it. */
static inline uint32_t __SMUAD(uint32_t x, uint32_t y)
{
    int64_t p = (int64_t)cnn_host_lane16(x, 0) * cnn_host_lane16(y, 0) + (int64_t)cnn_host_lane16(x, 1) * cnn_host_lane16(y, 1);
    return (uint32_t)p;
}

static inline uint32_t __SMUADX(uint32_t x, uint32_t y)
{
    int64_t p = (int64_t)cnn_host_lane16(x, 0) * cnn_host_lane16(y, 1) + (int64_t)cnn_host_lane16(x, 1) * cnn_host_lane16(y, 0);
    return (uint32_t)p;
}

static inline uint32_t __SMLAD(uint32_t x, uint32_t y, uint32_t acc)
{
    return __SMUAD(x, y) + acc;
}

static inline uint32_t __SMLADX(uint32_t x, uint32_t y, uint32_t acc)
{
    return __SMUADX(x, y) + acc;
}

/* SMLALD: the two products added to a 64-bit accumulator. */
static inline uint64_t __SMLALD(uint32_t x, uint32_t y, uint64_t acc)
{
    int64_t p = (int64_t)cnn_host_lane16(x, 0) * cnn_host_lane16(y, 0) + (int64_t)cnn_host_lane16(x, 1) * cnn_host_lane16(y, 1);
    return (uint64_t)p + acc;
}

#endif /* no DSP extension */

#endif /* CNN_HOST_DSP_INTRINSICS_H */
