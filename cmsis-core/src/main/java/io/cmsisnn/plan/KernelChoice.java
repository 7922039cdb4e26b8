package io.cmsisnn.plan;

import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.DwConvParams;

/**
 * Which kernel a CMSIS-NN wrapper function dispatches to, by upstream's own tests on the call's
 * arguments. The scratch sizes ({@link NnBufferSizes}) and the emulated wrappers both follow it,
 * so they cannot disagree about which path a call takes.
 */
public final class KernelChoice {
    /** Filter taps below which the s16 depthwise wrapper takes the fast kernel (upstream's MAX_COL_COUNT). */
    public static final int MAX_COL_COUNT = 512;

    private KernelChoice() {
    }

    /** {@code arm_nn_is_convolve_1x1}. */
    public static boolean is1x1(ConvParams p, Dims in, Dims f) {
        return p.padding().w() == 0 && p.padding().h() == 0 && f.w() == 1 && f.h() == 1 && p.dilation().w() == 1
                && p.dilation().h() == 1 && in.c() == f.c();
    }

    /** {@code arm_nn_is_convolve_1_x_n}. */
    public static boolean is1xN(ConvParams p, Dims in, Dims f) {
        return in.h() == 1 && p.dilation().w() == 1 && f.h() == 1 && (p.stride().w() * in.c()) % 4 == 0
                && in.c() == f.c();
    }

    /** {@code USE_FAST_DW_CONV_S16_FUNCTION}: when the s16 depthwise wrapper takes the fast kernel. */
    public static boolean fastS16Depthwise(DwConvParams p, Dims f) {
        return p.chMult() == 1 && p.dilation().w() == 1 && p.dilation().h() == 1 && f.w() * f.h() < MAX_COL_COUNT;
    }
}
