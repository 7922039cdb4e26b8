/* Part of cmsis-maven-plugin: softmax s8 (int8 or int16 output) and s16 (lookup tables). */
#include "cnn_s8_internal.h"

/*
 * The s8 kernel is TFLM's gemmlowp softmax: for each element with diff = x - max >= diff_min,
 * e = exp(diff * 2^shift * mult / 2^31) in Q0.31 (input in Q5.26); the row sum of e / 2^12 is
 * inverted with a Newton-Raphson reciprocal, and each output is e * (1 / sum) shifted to the output
 * scale (2^-8 or 2^-16) with zero point -128 or -32768. The polynomial constants are gemmlowp's,
 * fixed by the arithmetic and shared by every TFLM-compatible implementation.
 */

#define CNN_S8_ACCUM_BITS 12

/* Saturating x * 2^e for e in [1, 30]. */
static int32_t mult_by_power_of_two(int32_t x, int32_t e)
{
    const int32_t limit = (int32_t)((1u << (uint32_t)(31 - e)) - 1u);
    if (x > limit) {
        return INT32_MAX;
    }
    if (x < -limit) {
        return INT32_MIN;
    }
    return (int32_t)((uint32_t)x << (uint32_t)e);
}

/* exp(x) for x <= 0 in Q5.26, result in Q0.31 (gemmlowp exp_on_negative_values). */
static int32_t exp_on_negative_values(int32_t x)
{
    /* exp(-2^k / 4) in Q0.31 for k = 0..6: factors for the whole quarters of -x. */
    static const int32_t quarter_powers[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
    const int32_t quarter = 1 << 24;
    const int32_t frac_minus_quarter = (x & (quarter - 1)) - quarter; /* in [-1/4, 0) */
    const int32_t whole = frac_minus_quarter - x;                      /* multiple of 1/4, >= 0 */
    /* exp on [-1/4, 0): Taylor series around -1/8, with exp(-1/8) = 1895147668 / 2^31. */
    const int32_t t = (int32_t)((uint32_t)frac_minus_quarter << 5) + (1 << 28);
    const int32_t t2 = cnn_s8_doubling_high_mult(t, t);
    const int32_t t3 = cnn_s8_doubling_high_mult(t2, t);
    const int32_t t4 = cnn_s8_doubling_high_mult(t2, t2);
    const int32_t t4_over_24_plus_t3_over_6 =
        cnn_s8_doubling_high_mult(cnn_s8_divide_by_power_of_two(t4, 2) + t3, 715827883);
    const int32_t poly = t + cnn_s8_divide_by_power_of_two(t4_over_24_plus_t3_over_6 + t2, 1);
    int32_t result = 1895147668 + cnn_s8_doubling_high_mult(1895147668, poly);
    int32_t k;
    for (k = 0; k < 7; k++) {
        if ((whole & (1 << (24 + k))) != 0) {
            result = cnn_s8_doubling_high_mult(result, quarter_powers[k]);
        }
    }
    return x == 0 ? INT32_MAX : result;
}

/* 1 / (1 + x) for x in [0, 1) in Q0.31, result in Q0.31 (three Newton-Raphson steps). */
static int32_t one_over_one_plus_x(int32_t x)
{
    const int64_t sum = (int64_t)x + (int64_t)INT32_MAX;
    const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    const int32_t one = 1 << 29; /* 1.0 in Q2.29 */
    int32_t r = 1515870810 + cnn_s8_doubling_high_mult(half_denominator, -1010580540); /* 48/17 - 32/17 d */
    int32_t i;
    for (i = 0; i < 3; i++) {
        const int32_t error = one - cnn_s8_doubling_high_mult(half_denominator, r);
        r += mult_by_power_of_two(cnn_s8_doubling_high_mult(r, error), 2);
    }
    return mult_by_power_of_two(r, 1);
}

static void softmax_s8_rows(const int8_t *input, int32_t num_rows, int32_t row_size, int32_t mult, int32_t shift,
                            int32_t diff_min, int8_t *out8, int16_t *out16)
{
    int32_t row, col;
    for (row = 0; row < num_rows; row++) {
        const int8_t *in = input + row * row_size;
        int32_t max = in[0];
        int32_t sum = 0;
        int32_t headroom, reciprocal, bits_over_unit;
        for (col = 1; col < row_size; col++) {
            max = CNN_S8_MAX(max, (int32_t)in[col]);
        }
        for (col = 0; col < row_size; col++) {
            const int32_t diff = in[col] - max;
            if (diff >= diff_min) {
                const int32_t scaled = cnn_s8_doubling_high_mult(diff * (1 << shift), mult);
                sum += cnn_s8_divide_by_power_of_two(exp_on_negative_values(scaled), CNN_S8_ACCUM_BITS);
            }
        }
        headroom = cnn_s8_clz((uint32_t)sum);
        /* sum normalised to [1, 2) in Q1.31 and moved to x in [0, 1). */
        reciprocal = one_over_one_plus_x(
            (int32_t)((sum > 0 ? (uint32_t)sum << (uint32_t)headroom : 0u) - 0x80000000u));
        bits_over_unit = CNN_S8_ACCUM_BITS - headroom + (out16 != NULL ? 15 : 23);
        for (col = 0; col < row_size; col++) {
            const int32_t diff = in[col] - max;
            int32_t res;
            if (diff < diff_min) {
                res = out16 != NULL ? INT16_MIN : INT8_MIN;
            } else {
                const int32_t e =
                    exp_on_negative_values(cnn_s8_doubling_high_mult(diff * (1 << shift), mult));
                res = cnn_s8_divide_by_power_of_two(cnn_s8_doubling_high_mult(reciprocal, e), bits_over_unit) +
                    (out16 != NULL ? INT16_MIN : INT8_MIN);
            }
            if (out16 != NULL) {
                out16[row * row_size + col] = cnn_s8_clamp_s16(res, INT16_MIN, INT16_MAX);
            } else {
                out8[row * row_size + col] = (int8_t)CNN_S8_MIN(CNN_S8_MAX(res, INT8_MIN), INT8_MAX);
            }
        }
    }
}

void arm_softmax_s8(const int8_t *input,
                    const int32_t num_rows,
                    const int32_t row_size,
                    const int32_t mult,
                    const int32_t shift,
                    const int32_t diff_min,
                    int8_t *output)
{
    softmax_s8_rows(input, num_rows, row_size, mult, shift, diff_min, output, NULL);
}

void arm_softmax_s8_s16(const int8_t *input,
                        const int32_t num_rows,
                        const int32_t row_size,
                        const int32_t mult,
                        const int32_t shift,
                        const int32_t diff_min,
                        int16_t *output)
{
    softmax_s8_rows(input, num_rows, row_size, mult, shift, diff_min, NULL, output);
}

/*
 * Linear interpolation in a 513-entry table over a symmetric int16 argument: entry 256 + (v >> 7),
 * 7 fraction bits, with upstream's 16-bit truncations of slope, step and sum.
 */
static int16_t lut_lookup(const int16_t *lut, int16_t v)
{
    const int16_t index = (int16_t)(256 + (v >> 7));
    const int16_t offset = (int16_t)(v & 0x7f);
    const int16_t base = lut[index];
    const int16_t slope = (int16_t)(lut[index + 1] - lut[index]);
    const int16_t delta = (int16_t)((slope * offset + 64) >> 7);
    return (int16_t)(base + delta);
}

arm_cmsis_nn_status arm_softmax_s16(const int16_t *input,
                                    const int32_t num_rows,
                                    const int32_t row_size,
                                    const int32_t mult,
                                    const int32_t shift,
                                    const cmsis_nn_softmax_lut_s16 *softmax_params,
                                    int16_t *output)
{
    int32_t row, col;
    if (softmax_params->exp_lut == NULL || softmax_params->one_by_one_lut == NULL) {
        return ARM_CMSIS_NN_ARG_ERROR;
    }
    for (row = 0; row < num_rows; row++) {
        const int16_t *in = input + row * row_size;
        int16_t *out = output + row * row_size;
        int32_t max = in[0];
        int32_t sum = 0;
        int32_t headroom, shifted_sum;
        int16_t reciprocal;
        int16_t right_shift;
        for (col = 1; col < row_size; col++) {
            max = CNN_S8_MAX(max, (int32_t)in[col]);
        }
        /* exp(x - max) by table; the output row caches the values. */
        for (col = 0; col < row_size; col++) {
            const int32_t scaled = cnn_s8_requantize(in[col] - max, mult, shift);
            const int32_t symmetric = CNN_S8_MIN(CNN_S8_MAX(scaled + INT16_MAX, INT16_MIN), INT16_MAX);
            out[col] = lut_lookup(softmax_params->exp_lut, (int16_t)symmetric);
            sum += out[col];
        }
        /* 1 / sum by table: sum normalised to [1, 2) and mapped to the table's [-1, 1). */
        headroom = cnn_s8_clz((uint32_t)sum);
        shifted_sum = (int32_t)(((uint32_t)sum << (uint32_t)(headroom - 1)) + (1u << 13)) >> 14;
        reciprocal = lut_lookup(softmax_params->one_by_one_lut, (int16_t)(shifted_sum - 98304));
        right_shift = (int16_t)(30 - headroom);
        for (col = 0; col < row_size; col++) {
            const int32_t product = ((int32_t)out[col] * (int32_t)reciprocal) >> right_shift;
            out[col] = (int16_t)((product + 1) >> 1);
        }
    }
    return ARM_CMSIS_NN_SUCCESS;
}
