package io.cmsisnn.emulation;

import io.cmsisnn.quant.LegacyConstraints;

/**
 * The legacy square q7 HWC pooling functions, with both of upstream's behaviours.
 *
 * <p>Plain C ({@code dsp == false}): each output reads the valid part of its window; average divides
 * once, truncating toward zero. An all-padding window gives 127 for max ((q7_t)-129, as upstream) and 0
 * for average (upstream divides by zero).
 *
 * <p>DSP ({@code dsp == true}), reproduced step by step because it differs:
 * <ol>
 *   <li>an x pass over every input row, in place: output column ox overwrites input column ox. Its
 *       window starts at ox*stride-padding or, if that is negative, at column ox itself (not 0), and
 *       may read columns that earlier outputs already overwrote (stride 1 with padding 1 does);
 *   <li>a y pass from those rows into imOut, a negative window start becoming row 0.
 * </ol>
 * Averages divide after each pass by the count of columns/rows read, truncating twice; their q15
 * running sums saturate, except the last len % 4 elements of each pass, which wrap. Shapes whose
 * output row is longer than the input row, or whose last window starts past the image, would make
 * upstream write outside its buffers: they take the plain path here and in the bundled C.
 *
 * <p>Both forms may change {@code imIn} (the DSP form always does); callers must not reuse it.
 */
public final class LegacyPool {
    private LegacyPool() {
    }

    public static void maxpoolQ7Hwc(byte[] imIn, int dimImIn, int chImIn, int dimKernel, int padding, int stride,
            int dimImOut, byte[] imOut, boolean dsp) {
        pool(imIn, dimImIn, chImIn, dimKernel, padding, stride, dimImOut, imOut, dsp, false);
    }

    public static void avepoolQ7Hwc(byte[] imIn, int dimImIn, int chImIn, int dimKernel, int padding, int stride,
            int dimImOut, byte[] imOut, boolean dsp) {
        pool(imIn, dimImIn, chImIn, dimKernel, padding, stride, dimImOut, imOut, dsp, true);
    }

    private static void pool(byte[] in, int dimIn, int ch, int k, int pad, int stride, int dimOut, byte[] out,
            boolean dsp, boolean average) {
        if (dsp && LegacyConstraints.poolDspPathApplies(dimIn, pad, stride, dimOut)) {
            poolDsp(in, dimIn, ch, k, pad, stride, dimOut, out, average);
        } else {
            poolReference(in, dimIn, ch, k, pad, stride, dimOut, out, average);
        }
    }

    private static void poolReference(byte[] in, int dimIn, int ch, int k, int pad, int stride, int dimOut,
            byte[] out, boolean average) {
        for (int c = 0; c < ch; c++) {
            for (int oy = 0; oy < dimOut; oy++) {
                for (int ox = 0; ox < dimOut; ox++) {
                    int max = -129;
                    int sum = 0;
                    int count = 0;
                    for (int ky = oy * stride - pad; ky < oy * stride - pad + k; ky++) {
                        for (int kx = ox * stride - pad; kx < ox * stride - pad + k; kx++) {
                            if (ky >= 0 && kx >= 0 && ky < dimIn && kx < dimIn) {
                                int v = in[(ky * dimIn + kx) * ch + c];
                                max = Math.max(max, v);
                                sum += v;
                                count++;
                            }
                        }
                    }
                    int o = (oy * dimOut + ox) * ch + c;
                    out[o] = average ? (byte) (count > 0 ? sum / count : 0) : (byte) max;
                }
            }
        }
    }

    private static void poolDsp(byte[] in, int dimIn, int ch, int k, int pad, int stride, int dimOut, byte[] out,
            boolean average) {
        for (int iy = 0; iy < dimIn; iy++) {
            int row = iy * dimIn * ch;
            for (int ox = 0; ox < dimOut; ox++) {
                int start = ox * stride - pad;
                int stop = Math.min(ox * stride - pad + k, dimIn);
                if (start < 0) {
                    start = ox;
                }
                int target = row + ox * ch;
                if (average) {
                    combine(in, row, start, Math.max(stop, start + 1), ch, ch, in, target, true);
                } else {
                    // copy the first column over the target, then fold the others into it: a later
                    // column may be the target itself, already overwritten
                    System.arraycopy(in, row + start * ch, in, target, ch);
                    for (int col = start + 1; col < stop; col++) {
                        for (int e = 0; e < ch; e++) {
                            in[target + e] = (byte) Math.max(in[target + e], in[row + col * ch + e]);
                        }
                    }
                }
            }
        }
        for (int oy = 0; oy < dimOut; oy++) {
            int start = Math.max(oy * stride - pad, 0);
            int stop = Math.min(oy * stride - pad + k, dimIn);
            combine(in, 0, start, Math.max(stop, start + 1), dimIn * ch, dimOut * ch, out, oy * dimOut * ch,
                    average);
        }
    }

    /** Folds lines start..stop-1 (each {@code step} apart from {@code base}) element-wise into dst. */
    private static void combine(byte[] src, int base, int start, int stop, int step, int len, byte[] dst,
            int dstOff, boolean average) {
        int whole = len & ~3;
        for (int e = 0; e < len; e++) {
            int acc = src[base + start * step + e];
            for (int r = start + 1; r < stop; r++) {
                int v = src[base + r * step + e];
                if (!average) {
                    acc = Math.max(acc, v);
                } else if (e < whole) {
                    acc = LegacyArith.ssat(acc + v, 16); // QADD16 on groups of four
                } else {
                    acc = (short) (acc + v); // q15_t += on the remainder
                }
            }
            dst[dstOff + e] = (byte) (average ? acc / (stop - start) : acc);
        }
    }
}
