package io.cmsisnn.quant;

/**
 * When a legacy variant may be called. Beyond the checks the functions make themselves (which return
 * ARM_MATH_SIZE_MISMATCH), upstream's DSP code assumes things it does not check; breaking them there
 * gives wrong outputs or out-of-bounds accesses rather than an error, so a generator must test them
 * before choosing a variant. All shapes assume dimOut = (dimIn + 2 * padding - kernel) / stride + 1
 * (or smaller) and padding &lt; kernel.
 */
public final class LegacyConstraints {
    private LegacyConstraints() {
    }

    /** {@code arm_convolve_HWC_q7_fast(_nonsquare)}; the square DSP form also needs padding &lt;= dimOut. */
    public static boolean q7Fast(int chIn, int chOut) {
        return chIn % 4 == 0 && chOut % 2 == 0;
    }

    /**
     * The square DSP form splits the image into padded and unpadded regions and writes one row of
     * outputs per padding row even when padding exceeds dimOut.
     */
    public static boolean q7FastSquareRegions(int padding, int dimOut) {
        return padding <= dimOut;
    }

    /** {@code arm_convolve_HWC_q7_RGB}. */
    public static boolean q7Rgb(int chIn) {
        return chIn == 3;
    }

    /** {@code arm_convolve_1x1_HWC_q7_fast_nonsquare}. */
    public static boolean q7OneByOne(int chIn, int chOut, int kernelX, int kernelY, int padX, int padY, int strideX,
            int strideY) {
        return q7Fast(chIn, chOut) && kernelX == 1 && kernelY == 1 && padX == 0 && padY == 0 && strideX == 1
                && strideY == 1;
    }

    /** {@code arm_convolve_HWC_q15_fast}: the even output size is checked on DSP builds only. */
    public static boolean q15Fast(int chIn, int chOut, int dimOut) {
        return chIn % 2 == 0 && chOut % 2 == 0 && dimOut % 2 == 0;
    }

    /**
     * {@code arm_convolve_HWC_q15_fast_nonsquare}: the DSP form pairs output pixels within a row and
     * silently computes wrong pixels (and overruns bufferA) when dimOutX is odd.
     */
    public static boolean q15FastNonsquare(int chIn, int chOut, int dimOutX) {
        return chIn % 2 == 0 && chOut % 2 == 0 && dimOutX % 2 == 0;
    }

    /** {@code arm_depthwise_separable_conv_HWC_q7(_nonsquare)}: multiplier 1 only. */
    public static boolean depthwise(int chIn, int chOut) {
        return chIn == chOut;
    }

    /**
     * Max pooling that gives the same result on DSP and plain builds: no window reads a column an
     * earlier output overwrote (padding &lt; stride) and the DSP in-place pass stays inside the buffers.
     * (Average pooling can still differ by one LSB: the DSP path truncates twice.)
     */
    public static boolean maxpoolSameOnBothPaths(int dimIn, int padding, int stride, int dimOut) {
        return padding < stride && poolDspPathApplies(dimIn, padding, stride, dimOut);
    }

    /**
     * Whether a DSP build of the legacy q7 pooling functions takes its in-place path for this shape:
     * otherwise upstream would write outside its buffers (output row longer than the input row, or a
     * last window starting past the image), so the bundled kernels fall back to the plain path.
     */
    public static boolean poolDspPathApplies(int dimImIn, int padding, int stride, int dimImOut) {
        return dimImOut <= dimImIn && (dimImOut - 1) * stride - padding < dimImIn;
    }
}
