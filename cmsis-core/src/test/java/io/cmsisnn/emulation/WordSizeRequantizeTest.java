package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.quant.AffineStep;
import io.cmsisnn.quant.NnTypes;
import io.cmsisnn.quant.QuantizedMultiplier;
import io.cmsisnn.quant.RoundingMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The requantize step's arithmetic against values derived by hand from its definition
 * ({@code clamp(zo + requantize(q - zi, M, S))}, arm_nn_requantize's two rounding modes as
 * CMSIS-NN-NOTES §5.2 states them).
 */
class WordSizeRequantizeTest {
    private static final NnTypes.Activation INT8 = new NnTypes.Activation(-128, 127);
    private static final NnTypes.Activation INT16 = new NnTypes.Activation(-32768, 32767);

    /**
     * int16 to int8 by a ratio of exactly 1/4 (M = 2^30, S = -1), zero points 0 and {@code zo}. Default mode:
     * dhm(x, 2^30) = floor((x + 1) / 2), then a right shift by 1 rounding half away from zero, so x / 4 rounds
     * half away from zero: 6 -> 1.5 -> 2, -6 -> -2, 2 -> 1, -2 -> -1. Single rounding: ((x * 2^30 >> 31) + 1) >> 1
     * rounds half up: 6 -> 2, -6 -> -1, 2 -> 1, -2 -> 0. 5 / 4 = 1.25 shows the default mode's double rounding:
     * dhm rounds 2.5 up to 3, the shift rounds 1.5 to 2 (single rounding gives 1). Beyond int8 the result saturates.
     */
    @ParameterizedTest
    @CsvSource({
        "6, 0, DEFAULT, 2", "-6, 0, DEFAULT, -2", "2, 0, DEFAULT, 1", "-2, 0, DEFAULT, -1", "5, 0, DEFAULT, 2", "5, 0, SINGLE, 1", "7, 0, DEFAULT, 2",
        "6, 0, SINGLE, 2", "-6, 0, SINGLE, -1", "2, 0, SINGLE, 1", "-2, 0, SINGLE, 0",
        "-6, 5, DEFAULT, 3",
        "32767, 0, DEFAULT, 127", "-32768, 0, DEFAULT, -128", "-100, -128, DEFAULT, -128", "1000, -128, SINGLE, 122"})
    void int16ToInt8ByAQuarter(int code, int outputZeroPoint, RoundingMode mode, int expected) {
        AffineStep.Requantize step = new AffineStep.Requantize(1, true, false, new AffineStep.Recode(0, outputZeroPoint, INT8),
                new QuantizedMultiplier(1 << 30, -1));
        assertThat(WordSizeRequantize.code(step, code, mode)).isEqualTo(expected);
    }

    /**
     * int8 (zero point -128) to int16 (zero point 0) by a ratio of exactly 256 (M = 2^30, S = 9): (q + 128) * 256
     * exactly, in both modes; q = 0 gives 32768, one past int16, and saturates to 32767, as does 127 (65280).
     */
    @ParameterizedTest
    @CsvSource({"-128, 0", "-127, 256", "-1, 32512", "0, 32767", "127, 32767"})
    void int8ToInt16ByTwoHundredFiftySix(int code, int expected) {
        AffineStep.Requantize step = new AffineStep.Requantize(1, false, true, new AffineStep.Recode(-128, 0, INT16),
                new QuantizedMultiplier(1 << 30, 9));
        assertThat(QuantizedMultiplier.of(256.0)).isEqualTo(new QuantizedMultiplier(1 << 30, 9));
        for (RoundingMode mode : RoundingMode.values()) {
            assertThat(WordSizeRequantize.code(step, code, mode)).as("%s", mode).isEqualTo(expected);
        }
    }

    /** int8 to int16 with saturation at the bottom too: zero point 127 in, ratio 256, q = -128 is -255 * 256. */
    @ParameterizedTest
    @CsvSource({"-128, -32768", "0, -32512", "126, -256", "127, 0"})
    void int8ToInt16SaturatesBelow(int code, int expected) {
        AffineStep.Requantize step = new AffineStep.Requantize(1, false, true, new AffineStep.Recode(127, 0, INT16),
                new QuantizedMultiplier(1 << 30, 9));
        assertThat(WordSizeRequantize.code(step, code, RoundingMode.DEFAULT)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void aStepChangesTheWordSize(boolean int16) {
        assertThatThrownBy(() -> new AffineStep.Requantize(1, int16, int16, new AffineStep.Recode(0, 0, INT8),
                new QuantizedMultiplier(1 << 30, 0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("changes the word size");
    }
}
