/* Part of cmsis-maven-plugin: legacy q7 HWC max/average pooling, plain-C and DSP behaviour of CMSIS 5.9. */
#include <string.h>

#include "cnn_legacy_internal.h"

/* Plain-C path: every output looks at the valid part of its window; average divides once,
 * truncating toward zero. Upstream writes (q7_t)-129 = 127 for a max over an empty window and
 * divides by zero for an empty average; we keep the 127 and write 0 for the latter. */
static void pool_reference(const q7_t *in, int32_t dim_in, int32_t ch, int32_t k, int32_t pad, int32_t stride,
                           int32_t dim_out, q7_t *out, int average)
{
    int32_t c, oy, ox, ky, kx;

    for (c = 0; c < ch; c++) {
        for (oy = 0; oy < dim_out; oy++) {
            for (ox = 0; ox < dim_out; ox++) {
                int32_t max = -129;
                int32_t sum = 0;
                int32_t count = 0;
                for (ky = oy * stride - pad; ky < oy * stride - pad + k; ky++) {
                    for (kx = ox * stride - pad; kx < ox * stride - pad + k; kx++) {
                        if (ky >= 0 && kx >= 0 && ky < dim_in && kx < dim_in) {
                            const int32_t v = in[(ky * dim_in + kx) * ch + c];
                            max = v > max ? v : max;
                            sum += v;
                            count++;
                        }
                    }
                }
                if (average) {
                    out[(oy * dim_out + ox) * ch + c] = (q7_t)(count > 0 ? sum / count : 0);
                } else {
                    out[(oy * dim_out + ox) * ch + c] = (q7_t)(max < -128 ? 127 : max);
                }
            }
        }
    }
}

#if CNN_LEGACY_DSP
/*
 * DSP path, reproduced operation by operation because its results differ from the plain path:
 * 1. x pass, in place, for every input row: output column ox is written over input column ox.
 *    The window starts at ox*stride-pad, or, if that is negative, at column ox itself (not 0);
 *    later windows may read columns already overwritten by earlier outputs.
 * 2. y pass from the x-pooled rows into Im_out; a negative window start becomes row 0.
 * Averages divide after each pass (truncating twice) by the number of columns/rows read; the
 * q15 running sums saturate (QADD16) except for the last len % 4 elements, which wrap.
 */
static int32_t q15_add(int32_t acc, int32_t v, int saturate)
{
    const int32_t s = acc + v;
    if (saturate) {
        return cnn_legacy_ssat(s, 16);
    }
    return (int32_t)(((uint32_t)s + 32768u) & 0xFFFFu) - 32768; /* q15_t += wraps modulo 2^16 */
}

/* Combines `len` elements read from src (rows start..stop-1 spaced `step` apart) into dst. */
static void combine(const q7_t *src, int32_t start, int32_t stop, int32_t step, int32_t len, q7_t *dst,
                    int average)
{
    const int32_t whole = len & ~3;
    int32_t e, r;
    for (e = 0; e < len; e++) {
        int32_t acc = src[start * step + e];
        for (r = start + 1; r < stop; r++) {
            const int32_t v = src[r * step + e];
            if (average) {
                acc = q15_add(acc, v, e < whole);
            } else if (v > acc) {
                acc = v;
            }
        }
        /* In the in-place average x pass dst may be one of the columns read; element e is written
         * only after all its reads, as upstream sums into bufferA first. */
        dst[e] = (q7_t)(average ? acc / (stop - start) : acc);
    }
}

static void pool_dsp(q7_t *in, int32_t dim_in, int32_t ch, int32_t k, int32_t pad, int32_t stride,
                     int32_t dim_out, q7_t *out, int average)
{
    int32_t iy, ix, oy;

    for (iy = 0; iy < dim_in; iy++) {
        q7_t *row = in + iy * dim_in * ch;
        for (ix = 0; ix < dim_out; ix++) {
            int32_t start = ix * stride - pad;
            int32_t stop = ix * stride - pad + k;
            if (start < 0) {
                start = ix;
            }
            if (stop >= dim_in) {
                stop = dim_in;
            }
            if (average) {
                combine(row, start, stop > start ? stop : start + 1, ch, ch, row + ix * ch, 1);
            } else {
                /* max: upstream first copies the start column over the target, then folds
                 * the following columns into it, reading the (changed) target if in range */
                int32_t c, e;
                memmove(row + ix * ch, row + start * ch, (size_t)ch);
                for (c = start + 1; c < stop; c++) {
                    for (e = 0; e < ch; e++) {
                        if (row[c * ch + e] > row[ix * ch + e]) {
                            row[ix * ch + e] = row[c * ch + e];
                        }
                    }
                }
            }
        }
    }
    for (oy = 0; oy < dim_out; oy++) {
        int32_t start = oy * stride - pad;
        int32_t stop = oy * stride - pad + k;
        if (start < 0) {
            start = 0;
        }
        if (stop >= dim_in) {
            stop = dim_in;
        }
        combine(in, start, stop > start ? stop : start + 1, dim_in * ch, dim_out * ch, out + oy * dim_out * ch,
                average);
    }
}
#endif

static void pool(q7_t *in, uint16_t dim_in, uint16_t ch, uint16_t k, uint16_t pad, uint16_t stride,
                 uint16_t dim_out, q7_t *out, int average)
{
#if CNN_LEGACY_DSP
    /* The in-place x pass needs the output row to fit in the input row and every window to
     * start inside the image; upstream would read or write past the buffer otherwise, so such
     * shapes take the plain path here. */
    if (dim_out <= dim_in && (int32_t)(dim_out - 1) * stride - pad < (int32_t)dim_in) {
        pool_dsp(in, dim_in, ch, k, pad, stride, dim_out, out, average);
        return;
    }
#endif
    pool_reference(in, dim_in, ch, k, pad, stride, dim_out, out, average);
}

void arm_maxpool_q7_HWC(q7_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                        const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                        const uint16_t dim_im_out, q7_t *bufferA, q7_t *Im_out)
{
    (void)bufferA;
    pool(Im_in, dim_im_in, ch_im_in, dim_kernel, padding, stride, dim_im_out, Im_out, 0);
}

void arm_avepool_q7_HWC(q7_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                        const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                        const uint16_t dim_im_out, q7_t *bufferA, q7_t *Im_out)
{
    (void)bufferA;
    pool(Im_in, dim_im_in, ch_im_in, dim_kernel, padding, stride, dim_im_out, Im_out, 1);
}
