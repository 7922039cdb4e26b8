/* Part of cmsis-maven-plugin: float32 element-wise and data movement kernels. */
#include "cmsis_nn_f32.h"

void cnn_f32_scale_shift_HWC(const float *in, uint32_t positions, uint16_t ch,
                             const float *scale, const float *shift, float *out)
{
    uint32_t p;
    uint16_t c;

    for (p = 0; p < positions; p++) {
        const float *x = in + p * ch;
        float *y = out + p * ch;
        for (c = 0; c < ch; c++) {
            y[c] = x[c] * scale[c] + shift[c];
        }
    }
}

void cnn_f32_add(const float *a, const float *b, uint32_t size, float *out)
{
    uint32_t i;

    for (i = 0; i < size; i++) {
        out[i] = a[i] + b[i];
    }
}

void cnn_f32_copy(const float *in, uint32_t size, float *out)
{
    uint32_t i;

    for (i = 0; i < size; i++) {
        out[i] = in[i];
    }
}

void cnn_f32_concat_HWC(const float *in, uint16_t dim_in_x, uint16_t dim_in_y, uint16_t ch_in,
                        float *out, uint16_t dim_out_x, uint16_t dim_out_y, uint16_t ch_out,
                        uint16_t offset_x, uint16_t offset_y, uint16_t offset_c)
{
    uint32_t y, x;

    (void)dim_out_y;
    for (y = 0; y < dim_in_y; y++) {
        for (x = 0; x < dim_in_x; x++) {
            const float *src = in + (y * dim_in_x + x) * ch_in;
            float *dst = out + ((y + offset_y) * (uint32_t)dim_out_x + x + offset_x) * ch_out
                         + offset_c;
            cnn_f32_copy(src, ch_in, dst);
        }
    }
}

void cnn_f32_pad_HWC(const float *Im_in, uint16_t dim_im_in_x, uint16_t dim_im_in_y,
                     uint16_t ch_im_in, uint16_t padding_x, uint16_t padding_y, float value, float *Im_out,
                     uint16_t dim_im_out_x, uint16_t dim_im_out_y)
{
    const uint32_t total = (uint32_t)dim_im_out_x * dim_im_out_y * ch_im_in;
    const uint32_t row = (uint32_t)dim_im_in_x * ch_im_in;
    uint32_t i, y;

    for (i = 0; i < total; i++) {
        Im_out[i] = value;
    }
    for (y = 0; y < dim_im_in_y; y++) {
        cnn_f32_copy(Im_in + y * row, row,
                     Im_out + ((y + padding_y) * (uint32_t)dim_im_out_x + padding_x) * ch_im_in);
    }
}

void cnn_f32_upsample_nearest_HWC(const float *Im_in, uint16_t dim_im_in_x,
                                  uint16_t dim_im_in_y, uint16_t ch_im_in, uint16_t factor_x,
                                  uint16_t factor_y, float *Im_out, uint16_t dim_im_out_x,
                                  uint16_t dim_im_out_y)
{
    uint32_t oy, ox;

    (void)dim_im_in_y;
    for (oy = 0; oy < dim_im_out_y; oy++) {
        for (ox = 0; ox < dim_im_out_x; ox++) {
            const uint32_t iy = oy / factor_y;
            const uint32_t ix = ox / factor_x;
            cnn_f32_copy(Im_in + (iy * dim_im_in_x + ix) * ch_im_in, ch_im_in,
                         Im_out + (oy * (uint32_t)dim_im_out_x + ox) * ch_im_in);
        }
    }
}
