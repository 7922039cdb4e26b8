/* Part of cmsis-maven-plugin (tests): runs s8/s16 kernels on cases read from stdin.
 *
 * Each case: NAME NS s1..sNS NA then NA arrays, each "BITS LEN v1..vLEN" with BITS 8, 16, 32 or 64
 * and LEN -1 for a NULL pointer. For each case prints the status (a buffer size for the bs_ cases,
 * 0 for void functions) and then every array after the call, one line each. Only the public
 * prototypes are used, so the same driver links against any implementation of them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnn_s8_nnfunctions.h"

#define MAX_ARRAYS 8
#define MAX_SCALARS 40

/* Scratch handed to kernels whose case asks for a buffer; larger than any case needs. */
static int64_t scratch[1 << 15];

typedef struct {
    int bits;
    long len;
    void *data;
} array_t;

static long next_int(void)
{
    long v;
    if (scanf("%ld", &v) != 1) {
        fprintf(stderr, "bad input\n");
        exit(2);
    }
    return v;
}

static int64_t next_i64(void)
{
    long long v;
    if (scanf("%lld", &v) != 1) {
        fprintf(stderr, "bad input\n");
        exit(2);
    }
    return (int64_t)v;
}

#define S8(i) ((int8_t *)a[i].data)
#define S16(i) ((int16_t *)a[i].data)
#define S32(i) ((int32_t *)a[i].data)
#define S64(i) ((int64_t *)a[i].data)
#define I(k) ((int32_t)s[k])

static cmsis_nn_context context(long has_buffer)
{
    cmsis_nn_context ctx;
    ctx.buf = has_buffer ? (void *)scratch : NULL;
    ctx.size = has_buffer ? (int32_t)sizeof(scratch) : 0;
    return ctx;
}

static cmsis_nn_dims dims(const long *s, int k)
{
    cmsis_nn_dims d;
    d.n = (int32_t)s[k];
    d.h = (int32_t)s[k + 1];
    d.w = (int32_t)s[k + 2];
    d.c = (int32_t)s[k + 3];
    return d;
}

static cmsis_nn_tile tile(const long *s, int k)
{
    cmsis_nn_tile t;
    t.w = (int32_t)s[k];
    t.h = (int32_t)s[k + 1];
    return t;
}

static cmsis_nn_activation activation(const long *s, int k)
{
    cmsis_nn_activation act;
    act.min = (int32_t)s[k];
    act.max = (int32_t)s[k + 1];
    return act;
}

/*
 * Convolution-like scalars: 0 has_buf | 1-4 input n h w c | 5-8 filter n h w c | 9-12 output n h w c |
 * 13 input_offset 14 output_offset 15 ch_mult | 16-17 stride w h | 18-19 padding w h |
 * 20-21 dilation w h | 22-23 activation min max | 24-25 upscale h w (0 0: NULL) | 26 int32 bias (s16).
 * Arrays: input, filter, bias, multipliers, shifts, output.
 */
static cmsis_nn_conv_params conv_params(const long *s)
{
    cmsis_nn_conv_params p;
    p.input_offset = I(13);
    p.output_offset = I(14);
    p.stride = tile(s, 16);
    p.padding = tile(s, 18);
    p.dilation = tile(s, 20);
    p.activation = activation(s, 22);
    return p;
}

static cmsis_nn_dw_conv_params dw_params(const long *s)
{
    cmsis_nn_dw_conv_params p;
    p.input_offset = I(13);
    p.output_offset = I(14);
    p.ch_mult = I(15);
    p.stride = tile(s, 16);
    p.padding = tile(s, 18);
    p.dilation = tile(s, 20);
    p.activation = activation(s, 22);
    return p;
}

/* Pool scalars: 0 has_buf | 1-4 input | 5-8 filter | 9-12 output | 13-14 stride | 15-16 padding | 17-18 act. */
static cmsis_nn_pool_params pool_params(const long *s)
{
    cmsis_nn_pool_params p;
    p.stride = tile(s, 13);
    p.padding = tile(s, 15);
    p.activation = activation(s, 17);
    return p;
}

/* FC scalars: 0 has_buf | 1-4 input | 5-8 filter | 9-12 output | 13 input_offset 14 filter_offset
 * 15 output_offset | 16-17 activation | 18 per channel. Arrays: input, filter, bias, mults, shifts, output. */
static cmsis_nn_fc_params fc_params(const long *s)
{
    cmsis_nn_fc_params p;
    p.input_offset = I(13);
    p.filter_offset = I(14);
    p.output_offset = I(15);
    p.activation = activation(s, 16);
    return p;
}

static long run_conv(const char *f, const long *s, array_t *a)
{
    const cmsis_nn_context ctx = context(s[0]);
    const cmsis_nn_dims in = dims(s, 1), fd = dims(s, 5), out = dims(s, 9);
    const cmsis_nn_dims bias_dims = {1, 1, 1, out.c};
    const cmsis_nn_dims up = {1, I(24), I(25), 1};
    const cmsis_nn_conv_params cp = conv_params(s);
    const cmsis_nn_dw_conv_params dp = dw_params(s);
    cmsis_nn_per_channel_quant_params q;
    q.multiplier = S32(3);
    q.shift = S32(4);
    if (!strcmp(f, "conv_wrapper_s8")) {
        return arm_convolve_wrapper_s8(&ctx, &cp, &q, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out, S8(5));
    }
    if (!strcmp(f, "conv_s8")) {
        return arm_convolve_s8(&ctx, &cp, &q, &in, S8(0), &fd, S8(1), &bias_dims, S32(2),
                               (s[24] == 0 && s[25] == 0) ? NULL : &up, &out, S8(5));
    }
    if (!strcmp(f, "conv_1x1_fast_s8")) {
        return arm_convolve_1x1_s8_fast(&ctx, &cp, &q, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out, S8(5));
    }
    if (!strcmp(f, "conv_1x1_s8")) {
        return arm_convolve_1x1_s8(&ctx, &cp, &q, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out, S8(5));
    }
    if (!strcmp(f, "conv_1xn_s8")) {
        return arm_convolve_1_x_n_s8(&ctx, &cp, &q, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out, S8(5));
    }
    if (!strcmp(f, "conv_wrapper_s16") || !strcmp(f, "conv_s16")) {
        const cmsis_nn_bias_data bias = {a[2].data, s[26] != 0};
        if (!strcmp(f, "conv_s16")) {
            return arm_convolve_s16(&ctx, &cp, &q, &in, S16(0), &fd, S8(1), &bias_dims, &bias, &out, S16(5));
        }
        return arm_convolve_wrapper_s16(&ctx, &cp, &q, &in, S16(0), &fd, S8(1), &bias_dims, &bias, &out, S16(5));
    }
    if (!strcmp(f, "dw_wrapper_s8")) {
        return arm_depthwise_conv_wrapper_s8(&ctx, &dp, &q, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out, S8(5));
    }
    if (!strcmp(f, "dw_s8")) {
        return arm_depthwise_conv_s8(&ctx, &dp, &q, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out, S8(5));
    }
    if (!strcmp(f, "dw_opt_s8")) {
        return arm_depthwise_conv_s8_opt(&ctx, &dp, &q, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out, S8(5));
    }
    if (!strcmp(f, "dw_3x3_s8")) {
        return arm_depthwise_conv_3x3_s8(&ctx, &dp, &q, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out, S8(5));
    }
    if (!strcmp(f, "dw_wrapper_s16")) {
        return arm_depthwise_conv_wrapper_s16(&ctx, &dp, &q, &in, S16(0), &fd, S8(1), &bias_dims, S64(2), &out, S16(5));
    }
    if (!strcmp(f, "dw_s16")) {
        return arm_depthwise_conv_s16(&ctx, &dp, &q, &in, S16(0), &fd, S8(1), &bias_dims, S64(2), &out, S16(5));
    }
    if (!strcmp(f, "dw_fast_s16")) {
        return arm_depthwise_conv_fast_s16(&ctx, &dp, &q, &in, S16(0), &fd, S8(1), &bias_dims, S64(2), &out, S16(5));
    }
    return -100;
}

static long run_fc(const char *f, const long *s, array_t *a)
{
    const cmsis_nn_context ctx = context(s[0]);
    const cmsis_nn_dims in = dims(s, 1), fd = dims(s, 5), out = dims(s, 9);
    const cmsis_nn_dims bias_dims = {1, 1, 1, out.c};
    const cmsis_nn_fc_params p = fc_params(s);
    cmsis_nn_per_channel_quant_params pc;
    cmsis_nn_per_tensor_quant_params pt;
    cmsis_nn_quant_params qp;
    pc.multiplier = S32(3);
    pc.shift = S32(4);
    pt.multiplier = S32(3)[0];
    pt.shift = S32(4)[0];
    qp.multiplier = S32(3);
    qp.shift = S32(4);
    qp.is_per_channel = I(18);
    if (!strcmp(f, "fc_s8")) {
        return arm_fully_connected_s8(&ctx, &p, &pt, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out, S8(5));
    }
    if (!strcmp(f, "fc_per_channel_s8")) {
        return arm_fully_connected_per_channel_s8(&ctx, &p, &pc, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out,
                                                  S8(5));
    }
    if (!strcmp(f, "fc_wrapper_s8")) {
        return arm_fully_connected_wrapper_s8(&ctx, &p, &qp, &in, S8(0), &fd, S8(1), &bias_dims, S32(2), &out, S8(5));
    }
    if (!strcmp(f, "fc_s16")) {
        return arm_fully_connected_s16(&ctx, &p, &pt, &in, S16(0), &fd, S8(1), &bias_dims, S64(2), &out, S16(5));
    }
    return -100;
}

static long run_pool(const char *f, const long *s, array_t *a)
{
    const cmsis_nn_context ctx = context(s[0]);
    const cmsis_nn_dims in = dims(s, 1), fd = dims(s, 5), out = dims(s, 9);
    const cmsis_nn_pool_params p = pool_params(s);
    if (!strcmp(f, "max_pool_s8")) {
        return arm_max_pool_s8(&ctx, &p, &in, S8(0), &fd, &out, S8(1));
    }
    if (!strcmp(f, "avgpool_s8")) {
        return arm_avgpool_s8(&ctx, &p, &in, S8(0), &fd, &out, S8(1));
    }
    if (!strcmp(f, "max_pool_s16")) {
        return arm_max_pool_s16(&ctx, &p, &in, S16(0), &fd, &out, S16(1));
    }
    if (!strcmp(f, "avgpool_s16")) {
        return arm_avgpool_s16(&ctx, &p, &in, S16(0), &fd, &out, S16(1));
    }
    return -100;
}

/* Buffer sizes: scalar 0 is the variant (0 plain, 1 _dsp, 2 _mve), then the convolution layout. */
static long run_buffer_size(const char *f, const long *s)
{
    const long v = s[0];
    const cmsis_nn_dims in = dims(s, 1), fd = dims(s, 5), out = dims(s, 9);
    const cmsis_nn_conv_params cp = conv_params(s);
    const cmsis_nn_dw_conv_params dp = dw_params(s);
    if (!strcmp(f, "bs_conv_wrapper_s8")) {
        return v == 0 ? arm_convolve_wrapper_s8_get_buffer_size(&cp, &in, &fd, &out)
            : v == 1  ? arm_convolve_wrapper_s8_get_buffer_size_dsp(&cp, &in, &fd, &out)
                      : arm_convolve_wrapper_s8_get_buffer_size_mve(&cp, &in, &fd, &out);
    }
    if (!strcmp(f, "bs_conv_wrapper_s16")) {
        return v == 0 ? arm_convolve_wrapper_s16_get_buffer_size(&cp, &in, &fd, &out)
            : v == 1  ? arm_convolve_wrapper_s16_get_buffer_size_dsp(&cp, &in, &fd, &out)
                      : arm_convolve_wrapper_s16_get_buffer_size_mve(&cp, &in, &fd, &out);
    }
    if (!strcmp(f, "bs_dw_wrapper_s8")) {
        return v == 0 ? arm_depthwise_conv_wrapper_s8_get_buffer_size(&dp, &in, &fd, &out)
            : v == 1  ? arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(&dp, &in, &fd, &out)
                      : arm_depthwise_conv_wrapper_s8_get_buffer_size_mve(&dp, &in, &fd, &out);
    }
    if (!strcmp(f, "bs_dw_wrapper_s16")) {
        return v == 0 ? arm_depthwise_conv_wrapper_s16_get_buffer_size(&dp, &in, &fd, &out)
            : v == 1  ? arm_depthwise_conv_wrapper_s16_get_buffer_size_dsp(&dp, &in, &fd, &out)
                      : arm_depthwise_conv_wrapper_s16_get_buffer_size_mve(&dp, &in, &fd, &out);
    }
    if (!strcmp(f, "bs_fc_s8")) {
        return v == 0 ? arm_fully_connected_s8_get_buffer_size(&fd)
            : v == 1  ? arm_fully_connected_s8_get_buffer_size_dsp(&fd)
                      : arm_fully_connected_s8_get_buffer_size_mve(&fd);
    }
    if (!strcmp(f, "bs_avgpool_s8")) {
        return v == 0 ? arm_avgpool_s8_get_buffer_size(out.w, in.c)
            : v == 1  ? arm_avgpool_s8_get_buffer_size_dsp(out.w, in.c)
                      : arm_avgpool_s8_get_buffer_size_mve(out.w, in.c);
    }
    return -100;
}

static long run(const char *f, const long *s, array_t *a)
{
    if (!strncmp(f, "bs_", 3)) {
        return run_buffer_size(f, s);
    }
    if (!strncmp(f, "conv_", 5) || !strncmp(f, "dw_", 3)) {
        return run_conv(f, s, a);
    }
    if (!strncmp(f, "fc_", 3)) {
        return run_fc(f, s, a);
    }
    if (strstr(f, "pool_") != NULL) {
        return run_pool(f, s, a);
    }
    if (!strcmp(f, "vector_sum_s8")) { /* cols rows lhs_off rhs_off | weights bias out */
        return arm_vector_sum_s8(S32(2), I(0), I(1), S8(0), I(2), I(3), S32(1));
    }
    if (!strcmp(f, "vector_sum_s8_s64")) { /* cols rows lhs_off | weights bias out */
        return arm_vector_sum_s8_s64(S64(2), I(0), I(1), S8(0), I(2), S64(1));
    }
    if (!strcmp(f, "softmax_s8")) { /* rows size mult shift diff_min | in out */
        arm_softmax_s8(S8(0), I(0), I(1), I(2), I(3), I(4), S8(1));
        return 0;
    }
    if (!strcmp(f, "softmax_s8_s16")) {
        arm_softmax_s8_s16(S8(0), I(0), I(1), I(2), I(3), I(4), S16(1));
        return 0;
    }
    if (!strcmp(f, "softmax_s16")) { /* rows size mult shift | in exp_lut one_lut out */
        const cmsis_nn_softmax_lut_s16 lut = {S16(1), S16(2)};
        return arm_softmax_s16(S16(0), I(0), I(1), I(2), I(3), &lut, S16(3));
    }
    /* add: off1 mult1 shift1 off2 mult2 shift2 left out_off out_mult out_shift min max size | in1 in2 out */
    if (!strcmp(f, "add_s8")) {
        return arm_elementwise_add_s8(S8(0), S8(1), I(0), I(1), I(2), I(3), I(4), I(5), I(6), S8(2), I(7), I(8), I(9),
                                      I(10), I(11), I(12));
    }
    if (!strcmp(f, "add_s16")) {
        return arm_elementwise_add_s16(S16(0), S16(1), I(0), I(1), I(2), I(3), I(4), I(5), I(6), S16(2), I(7), I(8),
                                       I(9), I(10), I(11), I(12));
    }
    /* mul: off1 off2 out_off out_mult out_shift min max size | in1 in2 out */
    if (!strcmp(f, "mul_s8")) {
        return arm_elementwise_mul_s8(S8(0), S8(1), I(0), I(1), S8(2), I(2), I(3), I(4), I(5), I(6), I(7));
    }
    if (!strcmp(f, "mul_s16")) {
        return arm_elementwise_mul_s16(S16(0), S16(1), I(0), I(1), S16(2), I(2), I(3), I(4), I(5), I(6), I(7));
    }
    if (!strcmp(f, "relu6_s8")) { /* size | data */
        arm_relu6_s8(S8(0), (uint16_t)s[0]);
        return 0;
    }
    if (!strcmp(f, "reshape_s8")) { /* size | in out */
        arm_reshape_s8(S8(0), S8(1), (uint32_t)s[0]);
        return 0;
    }
    /* concatenation: x y z w out_dim offset | in out */
    if (!strcmp(f, "concat_x")) {
        arm_concatenation_s8_x(S8(0), (uint16_t)s[0], (uint16_t)s[1], (uint16_t)s[2], (uint16_t)s[3], S8(1),
                               (uint16_t)s[4], (uint32_t)s[5]);
        return 0;
    }
    if (!strcmp(f, "concat_y")) {
        arm_concatenation_s8_y(S8(0), (uint16_t)s[0], (uint16_t)s[1], (uint16_t)s[2], (uint16_t)s[3], S8(1),
                               (uint16_t)s[4], (uint32_t)s[5]);
        return 0;
    }
    if (!strcmp(f, "concat_z")) {
        arm_concatenation_s8_z(S8(0), (uint16_t)s[0], (uint16_t)s[1], (uint16_t)s[2], (uint16_t)s[3], S8(1),
                               (uint16_t)s[4], (uint32_t)s[5]);
        return 0;
    }
    if (!strcmp(f, "concat_w")) {
        arm_concatenation_s8_w(S8(0), (uint16_t)s[0], (uint16_t)s[1], (uint16_t)s[2], (uint16_t)s[3], S8(1),
                               (uint32_t)s[5]);
        return 0;
    }
    if (!strcmp(f, "pad_s8")) { /* value | input dims | pre | post ; in out */
        const cmsis_nn_dims in = dims(s, 1), pre = dims(s, 5), post = dims(s, 9);
        return arm_pad_s8(S8(0), S8(1), (int8_t)s[0], &in, &pre, &post);
    }
    if (!strcmp(f, "transpose_s8")) { /* input dims | output dims | num_dims perm0..3 ; in out */
        const cmsis_nn_dims in = dims(s, 0), out = dims(s, 4);
        const uint32_t perm[4] = {(uint32_t)s[9], (uint32_t)s[10], (uint32_t)s[11], (uint32_t)s[12]};
        const cmsis_nn_transpose_params tp = {I(8), perm};
        return arm_transpose_s8(S8(0), S8(1), &in, &out, &tp);
    }
    return -100;
}

static void print_array(const array_t *x)
{
    long i;
    for (i = 0; i < x->len; i++) {
        const char *sep = i == 0 ? "" : " ";
        switch (x->bits) {
        case 8:
            printf("%s%d", sep, ((int8_t *)x->data)[i]);
            break;
        case 16:
            printf("%s%d", sep, ((int16_t *)x->data)[i]);
            break;
        case 32:
            printf("%s%ld", sep, (long)((int32_t *)x->data)[i]);
            break;
        default:
            printf("%s%lld", sep, (long long)((int64_t *)x->data)[i]);
            break;
        }
    }
    printf("\n");
}

int main(void)
{
    char name[64];
    while (scanf("%63s", name) == 1) {
        long s[MAX_SCALARS];
        array_t a[MAX_ARRAYS];
        long ns = next_int(), na, i, j, status;
        if (ns > MAX_SCALARS) {
            return 3;
        }
        for (i = 0; i < ns; i++) {
            s[i] = next_int();
        }
        na = next_int();
        if (na > MAX_ARRAYS) {
            return 3;
        }
        for (i = 0; i < na; i++) {
            a[i].bits = (int)next_int();
            a[i].len = next_int();
            a[i].data = NULL;
            if (a[i].len >= 0) {
                a[i].data = calloc((size_t)(a[i].len + 1), 8);
                for (j = 0; j < a[i].len; j++) {
                    const int64_t v = next_i64();
                    switch (a[i].bits) {
                    case 8:
                        ((int8_t *)a[i].data)[j] = (int8_t)v;
                        break;
                    case 16:
                        ((int16_t *)a[i].data)[j] = (int16_t)v;
                        break;
                    case 32:
                        ((int32_t *)a[i].data)[j] = (int32_t)v;
                        break;
                    default:
                        ((int64_t *)a[i].data)[j] = v;
                        break;
                    }
                }
            }
        }
        status = run(name, s, a);
        printf("%ld\n", status);
        for (i = 0; i < na; i++) {
            print_array(&a[i]);
            free(a[i].data);
        }
    }
    return 0;
}
