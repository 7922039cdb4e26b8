package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.quant.NnTypes;
import io.cmsisnn.quant.NnTypes.Activation;
import io.cmsisnn.quant.NnTypes.ChannelQuant;
import io.cmsisnn.quant.NnTypes.Context;
import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.Tile;
import io.cmsisnn.quant.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The im2col convolutions on calls large enough to be split into several position blocks (the
 * cross-checks against C use small shapes that fit one block), against a direct loop over taps
 * that states the kernels' definition: bias plus the wrapping 32-bit sum of (x + offset) * w over
 * the taps inside the image.
 */
class LargeConvBlockingTest {
    private static final Random RND = new Random(20261201L);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RND.nextBytes(b);
        return b;
    }

    private static short[] shorts(int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) RND.nextInt();
        }
        return s;
    }

    @Test
    void s8ConvolutionOverManyBlocksMatchesTheDirectSum() {
        // 21 x 19 x 64 input, 3 x 3 kernel: 576 taps, so blocks of 113 positions; stride 1, padding 1
        int inY = 21;
        int inX = 19;
        int inCh = 64;
        int outCh = 7; // a block of four rows and three single rows
        int k = 3;
        byte[] in = bytes(2 * inY * inX * inCh);
        byte[] w = bytes(outCh * k * k * inCh);
        int[] bias = new int[outCh];
        int[] mult = new int[outCh];
        int[] shift = new int[outCh];
        for (int o = 0; o < outCh; o++) {
            bias[o] = RND.nextInt(20001) - 10000;
            mult[o] = (1 << 30) + RND.nextInt(1 << 29);
            shift[o] = -9 - RND.nextInt(4);
        }
        ConvParams p = new ConvParams(-5, 3, new Tile(1, 1), new Tile(1, 1), new Tile(1, 1), new Activation(-128, 127));
        Dims inDims = new Dims(2, inY, inX, inCh);
        Dims outDims = new Dims(2, inY, inX, outCh);
        byte[] out = new byte[2 * inY * inX * outCh];
        ChannelQuant q = new ChannelQuant(mult, shift);
        assertThat(S8Conv.convolve(Context.ofSize(1), p, q, inDims, in, new Dims(outCh, k, k, inCh), w, bias, null, outDims,
                out, RoundingMode.DEFAULT)).isEqualTo(NnTypes.Status.SUCCESS);
        int checked = 0;
        for (int b = 0; b < 2; b++) {
            for (int oy = 0; oy < inY; oy++) {
                for (int ox = 0; ox < inX; ox++) {
                    for (int oc = 0; oc < outCh; oc++) {
                        int acc = bias[oc];
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int y = oy - 1 + ky;
                                int x = ox - 1 + kx;
                                if (y < 0 || y >= inY || x < 0 || x >= inX) {
                                    continue;
                                }
                                for (int c = 0; c < inCh; c++) {
                                    acc += (in[((b * inY + y) * inX + x) * inCh + c] - 5)
                                            * w[((oc * k + ky) * k + kx) * inCh + c];
                                }
                            }
                        }
                        int expected = S8Arith.output(acc, mult[oc], shift[oc], 3, p.activation(), RoundingMode.DEFAULT);
                        assertThat(out[((b * inY + oy) * inX + ox) * outCh + oc]).as("b %d y %d x %d c %d", b, oy, ox, oc)
                                .isEqualTo((byte) expected);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(2 * inY * inX * outCh);
    }

    @Test
    void q15ConvolutionOverManyBlocksWrapsLikeTheDirectSum() {
        // q15 products near 2^30 overflow the 32-bit sum; 3 x 3 x 32 = 288 taps, blocks of 227 positions
        int dim = 17;
        int inCh = 32;
        int outCh = 6;
        int k = 3;
        short[] in = shorts(dim * dim * inCh);
        short[] w = shorts(outCh * k * k * inCh);
        short[] bias = shorts(outCh);
        short[] out = new short[dim * dim * outCh];
        assertThat(LegacyConvQ15.convolveHwcQ15Basic(in, dim, inCh, w, outCh, k, 1, 1, bias, 3, 15, out, dim, false))
                .isEqualTo(LegacyArith.ARM_MATH_SUCCESS);
        for (int oy = 0; oy < dim; oy++) {
            for (int ox = 0; ox < dim; ox++) {
                for (int oc = 0; oc < outCh; oc++) {
                    int acc = LegacyArith.accInit(bias[oc], 3, 15, false);
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int y = oy - 1 + ky;
                            int x = ox - 1 + kx;
                            if (y < 0 || y >= dim || x < 0 || x >= dim) {
                                continue;
                            }
                            for (int c = 0; c < inCh; c++) {
                                acc += in[(y * dim + x) * inCh + c] * w[((oc * k + ky) * k + kx) * inCh + c];
                            }
                        }
                    }
                    assertThat(out[(oy * dim + ox) * outCh + oc]).isEqualTo(LegacyArith.outQ15(acc, 15));
                }
            }
        }
    }

    @Test
    void q7ConvolutionOverManyBlocksMatchesTheDirectSum() {
        // stride 2, padding 2, 5 x 5 x 24 = 600 taps: blocks of 109 positions over 15 x 15 outputs
        int dim = 30;
        int inCh = 24;
        int outCh = 9;
        int k = 5;
        int outDim = 15;
        byte[] in = bytes(dim * dim * inCh);
        byte[] w = bytes(outCh * k * k * inCh);
        byte[] bias = bytes(outCh);
        byte[] out = new byte[outDim * outDim * outCh];
        assertThat(LegacyConv.convolveHwcQ7Basic(in, dim, inCh, w, outCh, k, 2, 2, bias, 2, 9, out, outDim, false))
                .isEqualTo(LegacyArith.ARM_MATH_SUCCESS);
        for (int oy = 0; oy < outDim; oy++) {
            for (int ox = 0; ox < outDim; ox++) {
                for (int oc = 0; oc < outCh; oc++) {
                    int acc = LegacyArith.accInit(bias[oc], 2, 9, false);
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int y = oy * 2 - 2 + ky;
                            int x = ox * 2 - 2 + kx;
                            if (y < 0 || y >= dim || x < 0 || x >= dim) {
                                continue;
                            }
                            for (int c = 0; c < inCh; c++) {
                                acc += in[(y * dim + x) * inCh + c] * w[((oc * k + ky) * k + kx) * inCh + c];
                            }
                        }
                    }
                    assertThat(out[(oy * outDim + ox) * outCh + oc]).isEqualTo(LegacyArith.outQ7(acc, 9));
                }
            }
        }
    }
}
