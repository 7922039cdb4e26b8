/* Part of cmsis-maven-plugin (tests): runs legacy q7/q15 kernels on cases read from stdin.
 *
 * Each case: NAME NS s1..sNS NA then NA arrays, each "BITS LEN v1..vLEN" (BITS 7 = q7, 15 = q15).
 * For each case prints the status (0 for void functions) and then every array after the call,
 * one line each, so in-place changes (pooling inputs) are compared too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnn_legacy_nnfunctions.h"

#define MAX_ARRAYS 6
#define MAX_SCALARS 16

static q15_t scratch_a[1 << 16];
static q7_t scratch_b[1 << 16];

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

#define Q7(i) ((q7_t *)a[i].data)
#define Q15(i) ((q15_t *)a[i].data)

static int run(const char *f, const long *s, array_t *a)
{
    /* square convolutions: dim_in ch_in ch_out k pad stride bias_shift out_shift dim_out | in wt bias out */
#define SQ_ARGS(T) T(0), s[0], s[1], T(1), s[2], s[3], s[4], s[5], T(2), s[6], s[7], T(3), s[8], scratch_a, scratch_b
    /* non-square: in_x in_y ch_in ch_out k_x k_y pad_x pad_y s_x s_y bias_shift out_shift out_x out_y */
#define NS_ARGS(T) T(0), s[0], s[1], s[2], T(1), s[3], s[4], s[5], s[6], s[7], s[8], s[9], T(2), s[10], s[11], \
                   T(3), s[12], s[13], scratch_a, scratch_b
    /* fully connected: dim_vec rows bias_shift out_shift | v m bias out */
#define FC_ARGS(TV, TM, TB, TO) TV(0), TM(1), s[0], s[1], s[2], s[3], TB(2), TO(3), scratch_a
    if (!strcmp(f, "conv_q7_basic")) return arm_convolve_HWC_q7_basic(SQ_ARGS(Q7));
    if (!strcmp(f, "conv_q7_fast")) return arm_convolve_HWC_q7_fast(SQ_ARGS(Q7));
    if (!strcmp(f, "conv_q7_rgb")) return arm_convolve_HWC_q7_RGB(SQ_ARGS(Q7));
    if (!strcmp(f, "dw_q7")) return arm_depthwise_separable_conv_HWC_q7(SQ_ARGS(Q7));
    if (!strcmp(f, "conv_q15_basic")) return arm_convolve_HWC_q15_basic(SQ_ARGS(Q15));
    if (!strcmp(f, "conv_q15_fast")) return arm_convolve_HWC_q15_fast(SQ_ARGS(Q15));
    if (!strcmp(f, "conv_q7_basic_ns")) return arm_convolve_HWC_q7_basic_nonsquare(NS_ARGS(Q7));
    if (!strcmp(f, "conv_q7_fast_ns")) return arm_convolve_HWC_q7_fast_nonsquare(NS_ARGS(Q7));
    if (!strcmp(f, "conv_q7_1x1")) return arm_convolve_1x1_HWC_q7_fast_nonsquare(NS_ARGS(Q7));
    if (!strcmp(f, "dw_q7_ns")) return arm_depthwise_separable_conv_HWC_q7_nonsquare(NS_ARGS(Q7));
    if (!strcmp(f, "conv_q15_fast_ns")) return arm_convolve_HWC_q15_fast_nonsquare(NS_ARGS(Q15));
    if (!strcmp(f, "fc_q7")) return arm_fully_connected_q7(FC_ARGS(Q7, Q7, Q7, Q7));
    if (!strcmp(f, "fc_q7_opt")) return arm_fully_connected_q7_opt(FC_ARGS(Q7, Q7, Q7, Q7));
    if (!strcmp(f, "fc_q15")) return arm_fully_connected_q15(FC_ARGS(Q15, Q15, Q15, Q15));
    if (!strcmp(f, "fc_q15_opt")) return arm_fully_connected_q15_opt(FC_ARGS(Q15, Q15, Q15, Q15));
    if (!strcmp(f, "fc_mat_q7_vec_q15")) return arm_fully_connected_mat_q7_vec_q15(FC_ARGS(Q15, Q7, Q7, Q15));
    if (!strcmp(f, "fc_mat_q7_vec_q15_opt")) {
        return arm_fully_connected_mat_q7_vec_q15_opt(FC_ARGS(Q15, Q7, Q7, Q15));
    }
    /* pooling: dim_in ch k pad stride dim_out | in out */
    if (!strcmp(f, "maxpool")) {
        arm_maxpool_q7_HWC(Q7(0), s[0], s[1], s[2], s[3], s[4], s[5], (q7_t *)scratch_a, Q7(1));
        return 0;
    }
    if (!strcmp(f, "avepool")) {
        arm_avepool_q7_HWC(Q7(0), s[0], s[1], s[2], s[3], s[4], s[5], (q7_t *)scratch_a, Q7(1));
        return 0;
    }
    if (!strcmp(f, "relu_q7")) {
        arm_relu_q7(Q7(0), s[0]);
        return 0;
    }
    if (!strcmp(f, "relu_q15")) {
        arm_relu_q15(Q15(0), s[0]);
        return 0;
    }
    if (!strcmp(f, "direct_q7")) {
        arm_nn_activations_direct_q7(Q7(0), s[0], s[1], s[2] ? ARM_TANH : ARM_SIGMOID);
        return 0;
    }
    if (!strcmp(f, "direct_q15")) {
        arm_nn_activations_direct_q15(Q15(0), s[0], s[1], s[2] ? ARM_TANH : ARM_SIGMOID);
        return 0;
    }
    if (!strcmp(f, "softmax_q7")) {
        arm_softmax_q7(Q7(0), s[0], Q7(1));
        return 0;
    }
    if (!strcmp(f, "softmax_batch_q7")) {
        arm_softmax_with_batch_q7(Q7(0), s[1], s[0], Q7(1));
        return 0;
    }
    if (!strcmp(f, "softmax_q15")) {
        arm_softmax_q15(Q15(0), s[0], Q15(1));
        return 0;
    }
    fprintf(stderr, "unknown function %s\n", f);
    exit(3);
}

int main(void)
{
    char name[64];
    while (scanf("%63s", name) == 1) {
        long s[MAX_SCALARS];
        array_t a[MAX_ARRAYS];
        long ns = next_int(), na, i, j;
        int status;
        for (i = 0; i < ns; i++) {
            s[i] = next_int();
        }
        na = next_int();
        for (i = 0; i < na; i++) {
            a[i].bits = (int)next_int();
            a[i].len = next_int();
            /* +4 bytes of slack: upstream's DSP code reads whole words past the last element */
            a[i].data = calloc((size_t)a[i].len + 4, a[i].bits == 7 ? 1 : 2);
            for (j = 0; j < a[i].len; j++) {
                long v = next_int();
                if (a[i].bits == 7) {
                    ((q7_t *)a[i].data)[j] = (q7_t)v;
                } else {
                    ((q15_t *)a[i].data)[j] = (q15_t)v;
                }
            }
        }
        status = run(name, s, a);
        printf("%d\n", status);
        for (i = 0; i < na; i++) {
            for (j = 0; j < a[i].len; j++) {
                printf(j ? " %d" : "%d", a[i].bits == 7 ? ((q7_t *)a[i].data)[j] : ((q15_t *)a[i].data)[j]);
            }
            printf("\n");
            free(a[i].data);
        }
    }
    return 0;
}
