package io.cmsisnn.emulation;

import io.cmsisnn.quant.AffineStep;
import io.cmsisnn.quant.RoundingMode;

/** The arithmetic of {@link AffineStep.Requantize}, one code at a time, as the generated C loop does it. */
public final class WordSizeRequantize {
    private WordSizeRequantize() {
    }

    /** {@code clamp(outputZeroPoint + arm_nn_requantize(code - inputZeroPoint, M, S), range)}. */
    public static int code(AffineStep.Requantize step, int code, RoundingMode mode) {
        AffineStep.Recode recode = step.recode();
        int q = recode.outputZeroPoint() + S8Arith.requantize(code - recode.inputZeroPoint(), step.multiplier().multiplier(),
                step.multiplier().shift(), mode);
        return Math.min(Math.max(q, recode.range().min()), recode.range().max());
    }
}
