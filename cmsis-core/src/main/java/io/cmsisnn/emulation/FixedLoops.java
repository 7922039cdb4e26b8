package io.cmsisnn.emulation;

/**
 * Java twin of the generated C helpers ({@code <network>_ops.c}, template
 * {@code io/cmsisnn/codegen/fixed/cnn_ops.c}) for layers the legacy q7/q15 API has no function for.
 * One method per C function, same argument order, bit-exact with the C.
 *
 * <p>Conventions: tensors are HWC (channel index fastest); {@code int[]} arrays hold the element
 * values, which must already lie in the range of {@code bits} (8 for q7, 16 for q15); weights,
 * biases and scales have the data's width. Sums are Java {@code int}s and wrap as the C code's
 * {@code uint32_t} sums do. Shift amounts lie in 0..31 (signed shifts in -31..31).
 * <ul>
 *   <li>{@code round(s) = s > 0 ? 1 << (s - 1) : 0};</li>
 *   <li>{@code rshift(x, s) = s >= 0 ? x << s : (x + round(-s)) >> -s} (round half up,
 *       arithmetic shift);</li>
 *   <li>{@code ssat(v)} clamps to [-2^(bits-1), 2^(bits-1) - 1].</li>
 * </ul>
 */
public final class FixedLoops {
    private FixedLoops() {
    }

    /**
     * General 2-D convolution (1-D with {@code inH = kH = 1}) with stride, dilation, zero padding and
     * groups. {@code wt} is [outC][kH][kW][inC / groups]; output channel {@code oc} belongs to group
     * {@code g = oc / (outC / groups)} and reads input channels {@code g * (inC / groups) + i}.
     * For each output (oy, ox, oc): {@code acc = (bias[oc] << biasShift) + round(outShift)}; then for
     * ky, kx, i in that order, with {@code iy = oy * strideH - padTop + ky * dilH} and
     * {@code ix = ox * strideW - padLeft + kx * dilW}, taps inside the input add
     * {@code in[iy][ix][g * (inC / groups) + i] * wt[oc][ky][kx][i]} and others are skipped (zero
     * padding; bottom/right padding is implied by outH, outW); {@code out = ssat(acc >> outShift)}.
     * A {@code null} bias counts as zeros.
     */
    public static void conv(int[] in, int inH, int inW, int inC, int[] wt, int[] bias, int outC, int kH, int kW,
            int strideH, int strideW, int dilH, int dilW, int padTop, int padLeft, int groups, int biasShift,
            int outShift, int[] out, int outH, int outW, int bits) {
        checkBits(bits);
        int groupIn = inC / groups;
        int groupOut = outC / groups;
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int oc = 0; oc < outC; oc++) {
                    int firstIn = (oc / groupOut) * groupIn;
                    int acc = accInit(bias, oc, biasShift, outShift);
                    for (int ky = 0; ky < kH; ky++) {
                        int iy = oy * strideH - padTop + ky * dilH;
                        if (iy < 0 || iy >= inH) {
                            continue;
                        }
                        for (int kx = 0; kx < kW; kx++) {
                            int ix = ox * strideW - padLeft + kx * dilW;
                            if (ix < 0 || ix >= inW) {
                                continue;
                            }
                            int inAt = (iy * inW + ix) * inC + firstIn;
                            int wtAt = ((oc * kH + ky) * kW + kx) * groupIn;
                            for (int i = 0; i < groupIn; i++) {
                                acc += in[inAt + i] * wt[wtAt + i];
                            }
                        }
                    }
                    out[(oy * outW + ox) * outC + oc] = finish(acc, outShift, bits);
                }
            }
        }
    }

    /**
     * Depthwise convolution with channel multiplier: {@code wt} is [kH][kW][inC * multiplier] and
     * output channel {@code c * multiplier + m} reads input channel {@code c} only. For output
     * (oy, ox, oc): {@code acc = (bias[oc] << biasShift) + round(outShift)}, plus
     * {@code in[iy][ix][oc / multiplier] * wt[ky][kx][oc]} for ky, kx ascending over the taps inside
     * the input (iy, ix as in {@link #conv}); {@code out = ssat(acc >> outShift)}. A {@code null} bias
     * counts as zeros.
     */
    public static void depthwise(int[] in, int inH, int inW, int inC, int[] wt, int[] bias, int multiplier, int kH,
            int kW, int strideH, int strideW, int dilH, int dilW, int padTop, int padLeft, int biasShift,
            int outShift, int[] out, int outH, int outW, int bits) {
        checkBits(bits);
        int outC = inC * multiplier;
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int oc = 0; oc < outC; oc++) {
                    int c = oc / multiplier;
                    int acc = accInit(bias, oc, biasShift, outShift);
                    for (int ky = 0; ky < kH; ky++) {
                        int iy = oy * strideH - padTop + ky * dilH;
                        if (iy < 0 || iy >= inH) {
                            continue;
                        }
                        for (int kx = 0; kx < kW; kx++) {
                            int ix = ox * strideW - padLeft + kx * dilW;
                            if (ix < 0 || ix >= inW) {
                                continue;
                            }
                            acc += in[(iy * inW + ix) * inC + c] * wt[(ky * kW + kx) * outC + oc];
                        }
                    }
                    out[(oy * outW + ox) * outC + oc] = finish(acc, outShift, bits);
                }
            }
        }
    }

    /**
     * Max or average pooling over a kH x kW window at {@code (oy * strideH - padTop,
     * ox * strideW - padLeft)}; only taps inside the input count. Max: the largest of them.
     * Average: their {@code int} sum (wrapping) divided by their number, or by {@code kH * kW} when
     * {@code countIncludePad}, rounded to nearest with ties away from zero
     * ({@code q = (|sum| + count / 2) / count} in unsigned 32 bits, with the sign of sum), then
     * saturated (a no-op unless the sum wrapped). A window with no tap inside the input gives 0.
     */
    public static void pool(int[] in, int inH, int inW, int ch, int kH, int kW, int strideH, int strideW,
            int padTop, int padLeft, int isMax, int countIncludePad, int[] out, int outH, int outW, int bits) {
        checkBits(bits);
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int c = 0; c < ch; c++) {
                    int best = 0;
                    int sum = 0;
                    int taps = 0;
                    int result = 0;
                    for (int ky = 0; ky < kH; ky++) {
                        int iy = oy * strideH - padTop + ky;
                        if (iy < 0 || iy >= inH) {
                            continue;
                        }
                        for (int kx = 0; kx < kW; kx++) {
                            int ix = ox * strideW - padLeft + kx;
                            if (ix < 0 || ix >= inW) {
                                continue;
                            }
                            int v = in[(iy * inW + ix) * ch + c];
                            best = taps == 0 || v > best ? v : best;
                            sum += v;
                            taps++;
                        }
                    }
                    if (taps > 0) {
                        result = isMax != 0 ? best
                                : LegacyArith.ssat(divRound(sum, countIncludePad != 0 ? kH * kW : taps), bits);
                    }
                    out[(oy * outW + ox) * ch + c] = result;
                }
            }
        }
    }

    /**
     * Per channel c, the max or the average of {@code in[p * ch + c]} over the {@code hw} positions
     * p; the average rounds as in {@link #pool} (count {@code hw}). {@code out} has {@code ch}
     * elements; {@code hw = 0} gives zeros.
     */
    public static void globalPool(int[] in, int hw, int ch, int isMax, int[] out, int bits) {
        checkBits(bits);
        for (int c = 0; c < ch; c++) {
            int best = 0;
            int sum = 0;
            int result = 0;
            for (int p = 0; p < hw; p++) {
                int v = in[p * ch + c];
                best = p == 0 || v > best ? v : best;
                sum += v;
            }
            if (hw > 0) {
                result = isMax != 0 ? best : LegacyArith.ssat(divRound(sum, hw), bits);
            }
            out[c] = result;
        }
    }

    /**
     * {@code out[i] = ssat(sum over k < nInputs of rshift(ins[k][i], shifts[k]))}, the sum wrapping
     * in 32 bits. {@code out} may be one of the inputs.
     */
    public static void add(int[][] ins, int[] shifts, int nInputs, int size, int[] out, int bits) {
        add(ins, shifts, nInputs, size, out, bits, null);
    }

    /** As {@link #add(int[][], int[], int, int, int[], int)}; {@code counter} (null: none) counts the sums the word saturates. */
    public static void add(int[][] ins, int[] shifts, int nInputs, int size, int[] out, int bits, SaturationCounter counter) {
        checkBits(bits);
        long lo = -(1L << (bits - 1));
        long hi = (1L << (bits - 1)) - 1;
        for (int i = 0; i < size; i++) {
            int sum = 0;
            long exact = 0;
            for (int k = 0; k < nInputs; k++) {
                int term = rshift(ins[k][i], shifts[k]);
                sum += term;
                exact += term;
            }
            if (counter != null) {
                counter.clamp(exact, lo, hi);
            }
            out[i] = LegacyArith.ssat(sum, bits);
        }
    }

    /**
     * For o in 0..outer-1 and each input k in order, appends
     * {@code ssat(rshift(ins[k][o * inner[k] + j], shifts[k]))} for j in 0..inner[k]-1 to
     * {@code out}. Concatenation along any HWC axis reduces to this (inner = the product of the
     * dimensions from the concatenation axis on, outer = the product of those before it).
     */
    public static void concat(int[][] ins, int[] inner, int[] shifts, int nInputs, int outer, int[] out, int bits) {
        checkBits(bits);
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < nInputs; k++) {
                int from = o * inner[k];
                for (int j = 0; j < inner[k]; j++) {
                    out[at++] = LegacyArith.ssat(rshift(ins[k][from + j], shifts[k]), bits);
                }
            }
        }
    }

    /** {@code out[i] = ssat(rshift(in[i], shift))}; {@code in == out} is allowed. */
    public static void requantize(int[] in, int size, int shift, int[] out, int bits) {
        checkBits(bits);
        for (int i = 0; i < size; i++) {
            out[i] = LegacyArith.ssat(rshift(in[i], shift), bits);
        }
    }

    /**
     * {@code out[i] = ssat(min(max(in[i], lo), hi))}, so hi wins when lo &gt; hi; {@code in == out}
     * is allowed.
     */
    public static void clamp(int[] in, int size, int lo, int hi, int[] out, int bits) {
        checkBits(bits);
        for (int i = 0; i < size; i++) {
            int v = in[i] < lo ? lo : in[i];
            out[i] = LegacyArith.ssat(v > hi ? hi : v, bits);
        }
    }

    /**
     * {@code x >= 0} gives x; {@code x < 0} gives
     * {@code ssat((x * alpha + round(alphaFrac)) >> alphaFrac)} (int arithmetic, wrapping). alpha
     * fits 16 bits signed. {@code in == out} is allowed.
     */
    public static void leakyRelu(int[] in, int size, int alpha, int alphaFrac, int[] out, int bits) {
        checkBits(bits);
        for (int i = 0; i < size; i++) {
            int v = in[i];
            out[i] = v < 0 ? LegacyArith.ssat((v * alpha + round(alphaFrac)) >> alphaFrac, bits) : v;
        }
    }

    /**
     * Per-channel affine map (folded batch normalisation): for position p and channel c,
     * {@code acc = (shift[c] << biasShift) + round(outShift) + in[p * ch + c] * scale[c]} and
     * {@code out = ssat(acc >> outShift)}. A {@code null} shift counts as zeros; {@code in == out} is
     * allowed.
     */
    public static void scaleShift(int[] in, int hw, int ch, int[] scale, int[] shift, int biasShift, int outShift,
            int[] out, int bits) {
        checkBits(bits);
        for (int p = 0; p < hw; p++) {
            for (int c = 0; c < ch; c++) {
                int i = p * ch + c;
                int acc = accInit(shift, c, biasShift, outShift) + in[i] * scale[c];
                out[i] = finish(acc, outShift, bits);
            }
        }
    }

    /**
     * Zero padding: {@code out} is (inH + top + bottom) x (inW + left + right) x ch and
     * {@code out(oy, ox) = in(oy - top, ox - left)} where that lies inside the input, else 0. A
     * negative amount crops.
     */
    public static void pad(int[] in, int inH, int inW, int ch, int top, int bottom, int left, int right, int[] out,
            int bits) {
        checkBits(bits);
        int outH = inH + top + bottom;
        int outW = inW + left + right;
        for (int oy = 0; oy < outH; oy++) {
            int iy = oy - top;
            for (int ox = 0; ox < outW; ox++) {
                int ix = ox - left;
                boolean inside = iy >= 0 && iy < inH && ix >= 0 && ix < inW;
                for (int c = 0; c < ch; c++) {
                    out[(oy * outW + ox) * ch + c] = inside ? in[(iy * inW + ix) * ch + c] : 0;
                }
            }
        }
    }

    /**
     * Nearest-neighbour upsampling: {@code out} is (inH * fH) x (inW * fW) x ch and
     * {@code out(oy, ox) = in(oy / fH, ox / fW)}.
     */
    public static void upsample(int[] in, int inH, int inW, int ch, int fH, int fW, int[] out, int bits) {
        checkBits(bits);
        int outH = inH * fH;
        int outW = inW * fW;
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                System.arraycopy(in, ((oy / fH) * inW + ox / fW) * ch, out, (oy * outW + ox) * ch, ch);
            }
        }
    }

    /**
     * Fully connected layer applied at each of {@code positions} rows: {@code wt} is
     * [outFeatures][inFeatures]; {@code acc = (bias[o] << biasShift) + round(outShift)} plus
     * {@code in[p][i] * wt[o][i]} for i ascending; {@code out[p][o] = ssat(acc >> outShift)}. A
     * {@code null} bias counts as zeros.
     */
    public static void dense(int[] in, int positions, int inFeatures, int[] wt, int[] bias, int outFeatures,
            int biasShift, int outShift, int[] out, int bits) {
        checkBits(bits);
        for (int p = 0; p < positions; p++) {
            for (int o = 0; o < outFeatures; o++) {
                int acc = accInit(bias, o, biasShift, outShift);
                for (int i = 0; i < inFeatures; i++) {
                    acc += in[p * inFeatures + i] * wt[o * inFeatures + i];
                }
                out[p * outFeatures + o] = finish(acc, outShift, bits);
            }
        }
    }

    // ---- shared arithmetic (the C file's static helpers) ------------------------------------------

    /** {@code s > 0 ? 1 << (s - 1) : 0}: 2^30 for s = 31, unlike {@link LegacyArith#nnRound}. */
    static int round(int s) {
        return s > 0 ? 1 << (s - 1) : 0;
    }

    /** Left by {@code s >= 0} (wrapping), else right by {@code -s} rounding half up. */
    static int rshift(int x, int s) {
        return s >= 0 ? x << s : (x + round(-s)) >> -s;
    }

    /**
     * {@code sum / count} rounded to nearest, ties away from zero, on the unsigned magnitude so that
     * {@code Integer.MIN_VALUE} behaves as in C. {@code count > 0}.
     */
    static int divRound(int sum, int count) {
        int magnitude = sum < 0 ? -sum : sum; // unsigned: MIN_VALUE stands for 2^31
        int q = Integer.divideUnsigned(magnitude + count / 2, count);
        return sum < 0 ? -q : q;
    }

    private static int accInit(int[] bias, int i, int biasShift, int outShift) {
        return ((bias != null ? bias[i] : 0) << biasShift) + round(outShift);
    }

    private static int finish(int acc, int outShift, int bits) {
        return LegacyArith.ssat(acc >> outShift, bits);
    }

    private static void checkBits(int bits) {
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bits must be 8 or 16, got " + bits);
        }
    }
}
