package io.cmsisnn.emulation;

import static io.cmsisnn.quant.RoundingMode.DEFAULT;
import static io.cmsisnn.quant.RoundingMode.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The requantization arithmetic against the worked vectors of CMSIS-NN-NOTES.md section 5.3
 * (checked there against upstream's arm_nn_requantize) and against values derived by hand below.
 * M = 2^30 stands for 0.5, so requantize(v, 2^30, S) is v * 2^(S - 1).
 */
class S8ArithTest {

    /** Notes 5.3: v, M, S -> default / single rounding. */
    @ParameterizedTest(name = "requantize({0}, {1}, {2}) = {3} / {4}")
    @CsvSource({
        "5523, 2147483647, -1, 2762, 2761",
        "-5523, 2147483647, -1, -2762, -2761",
        "5523, 1266350000, -1, 1629, 1628",
        "1, 1073741824, -1, 1, 0",
        "5523, 1073741824, 0, 2762, 2762",
        "-5523, 1073741824, 0, -2761, -2761"})
    void notesVectors(int v, int m, int s, int expectedDefault, int expectedSingle) {
        assertThat(S8Arith.requantize(v, m, s, DEFAULT)).isEqualTo(expectedDefault);
        assertThat(S8Arith.requantize(v, m, s, SINGLE)).isEqualTo(expectedSingle);
    }

    /**
     * Hand-derived. DEFAULT: h = round(v * M / 2^31) with ties up, then h / 2^-S with ties away
     * from zero. SINGLE: floor(v * M / 2^(30 - S)), then (+1) >> 1.
     * 5 * 2^-2 = 1.25: DEFAULT h = round(2.5) = 3, 3 / 2 = 1.5 -> 2; SINGLE floor(2.5) = 2, 3 >> 1 = 1.
     * -5 * 2^-2 = -1.25: DEFAULT h = round(-2.5) = -2, -2 / 2 = -1; SINGLE floor(-2.5) = -3, -2 >> 1 = -1.
     * 3 * 2^-1 = 1.5 -> 2 in both; -3 * 2^-1 = -1.5 -> -1 in both (ties towards +infinity).
     * -3 * 2^-2 = -0.75: DEFAULT h = round(-1.5) = -1, -1 / 2 = -0.5 -> -1; SINGLE floor(-1.5) = -2, -1 >> 1 = -1.
     * 17 * 2^-2 = 4.25: DEFAULT h = round(8.5) = 9, 4.5 -> 5; SINGLE floor(8.5) = 8, 9 >> 1 = 4.
     * 7 * 2^0 * 0.5 = 3.5 -> 4 in both; 1000 * 2^3 = 8000 exactly in both.
     */
    @ParameterizedTest(name = "requantize({0}, 2^30, {1}) = {2} / {3}")
    @CsvSource({
        "5, -1, 2, 1",
        "-5, -1, -1, -1",
        "3, 0, 2, 2",
        "-3, 0, -1, -1",
        "-3, -1, -1, -1",
        "17, -1, 5, 4",
        "7, 0, 4, 4",
        "1000, 4, 8000, 8000"})
    void handDerived(int v, int s, int expectedDefault, int expectedSingle) {
        assertThat(S8Arith.requantize(v, 1 << 30, s, DEFAULT)).isEqualTo(expectedDefault);
        assertThat(S8Arith.requantize(v, 1 << 30, s, SINGLE)).isEqualTo(expectedSingle);
    }

    @Test
    void leftShiftWrapsOnlyInTheDefaultMode() {
        // 2^20 << 12 = 2^32 wraps to 0 in 32 bits -> 0; single rounding keeps 2^50 in 64 bits:
        // 2^50 >> 18 = 2^32, (2^32 + 1) >> 1 = 2^31, truncated to 32 bits = INT32_MIN
        assertThat(S8Arith.requantize(1 << 20, 1 << 30, 12, DEFAULT)).isZero();
        assertThat(S8Arith.requantize(1 << 20, 1 << 30, 12, SINGLE)).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void zeroMultiplierGivesZero() {
        assertThat(S8Arith.requantize(123456, 0, 0, DEFAULT)).isZero();
        assertThat(S8Arith.requantize(-123456, 0, 0, SINGLE)).isZero();
    }

    /** Notes 5.3: rdiv(x, 1) for 3, -3, 5, -5, -1, 1. */
    @ParameterizedTest(name = "rdiv({0}, {1}) = {2}")
    @CsvSource({"3, 1, 2", "-3, 1, -2", "5, 1, 3", "-5, 1, -3", "-1, 1, -1", "1, 1, 1",
        // 7 / 4 = 1.75 -> 2; -6 / 4 = -1.5 -> -2; 6 / 4 = 1.5 -> 2; x / 1 = x
        "7, 2, 2", "-6, 2, -2", "6, 2, 2", "-9, 0, -9",
        // INT32_MIN / 2^31 = -1 exactly; INT32_MAX / 2^31 = 0.99999... -> 1
        "-2147483648, 31, -1", "2147483647, 31, 1"})
    void divideByPowerOfTwo(int x, int e, int expected) {
        assertThat(S8Arith.divideByPowerOfTwo(x, e)).isEqualTo(expected);
    }

    @Test
    void doublingHighMultiplies() {
        // 3 * 2^30 / 2^31 = 1.5 -> 2; -3 * 2^30 / 2^31 = -1.5 -> -1: ties towards +infinity in both versions
        assertThat(S8Arith.doublingHighMultNoSat(3, 1 << 30)).isEqualTo(2);
        assertThat(S8Arith.doublingHighMultNoSat(-3, 1 << 30)).isEqualTo(-1);
        assertThat(S8Arith.doublingHighMult(3, 1 << 30)).isEqualTo(2);
        assertThat(S8Arith.doublingHighMult(-3, 1 << 30)).isEqualTo(-1);
        // -5 * 2^30 / 2^31 = -2.5 -> -2 in both
        assertThat(S8Arith.doublingHighMult(-5, 1 << 30)).isEqualTo(-2);
        // (-2^31)^2 / 2^31 = 2^31: the saturating version gives INT32_MAX, the other wraps to INT32_MIN
        assertThat(S8Arith.doublingHighMult(Integer.MIN_VALUE, Integer.MIN_VALUE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(S8Arith.doublingHighMultNoSat(Integer.MIN_VALUE, Integer.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void reducedMultiplierAndSixtyFourBitRequantize() {
        // REDUCE_MULTIPLIER: (M + 2^15) >> 16, 0x7FFF from 0x7FFF0000 up
        assertThat(S8Arith.reduceMultiplier(1 << 30)).isEqualTo(1 << 14);
        assertThat(S8Arith.reduceMultiplier(0x60000000)).isEqualTo(0x6000);
        assertThat(S8Arith.reduceMultiplier(0x7FFEFFFF)).isEqualTo(0x7FFF);
        assertThat(S8Arith.reduceMultiplier(Integer.MAX_VALUE)).isEqualTo(0x7FFF);
        // 1000 * 2^14 >> 14 = 1000, (1000 + 1) >> 1 = 500 (= 1000 * 0.5)
        assertThat(S8Arith.requantizeS64(1000, 1 << 14, 0)).isEqualTo(500);
        // -1001 * 0.5 = -500.5 -> -500 (ties up)
        assertThat(S8Arith.requantizeS64(-1001, 1 << 14, 0)).isEqualTo(-500);
        // 3 * 0.75 * 2^1 = 4.5: 3 * 24576 >> 13 = 9, (9 + 1) >> 1 = 5
        assertThat(S8Arith.requantizeS64(3, 0x6000, 1)).isEqualTo(5);
        // an accumulator beyond 32 bits: 2^40 * 0.5 * 2^-20 = 2^19
        assertThat(S8Arith.requantizeS64(1L << 40, 1 << 14, -20)).isEqualTo(1 << 19);
    }
}
