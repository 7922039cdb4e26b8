package io.cmsisnn.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Format choices against numbers worked out by hand; the working is in the comments. */
class CalibrationResultTest {

    private static CalibrationResult result(TensorStatistics... stats) {
        Map<String, TensorStatistics> m = new LinkedHashMap<>();
        for (TensorStatistics s : stats) {
            m.put(s.name(), s);
        }
        return new CalibrationResult(m, 1, 0);
    }

    private static FormatChoice choose(RangeMethod method, int bits, double percentile, float... values) {
        return result(TensorStatistics.of("t", values)).choose("t", bits, method, percentile);
    }

    private static float[] repeat(float v, int n) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    private static float[] concat(float[] a, float... b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /*
     * intBits = ceil(log2 r), frac = (B-1) - intBits:
     *   r = 1:     log2 = 0             -> intBits 0  -> q7 frac 7, q15 frac 15
     *   r = 0.3:   log2 = -1.74         -> intBits -1 -> q7 frac 8, q15 frac 16
     *   r = 5:     log2 = 2.32          -> intBits 3  -> q7 frac 4, q15 frac 12
     *   r = 127.9: log2 = 6.999 (< 7)   -> intBits 7  -> q7 frac 0, q15 frac 8
     * range = 2^intBits: 1, 0.5, 8, 128.
     */
    @ParameterizedTest
    @CsvSource({
        "1.0,   -0.5,  8,  7, 1.0",
        "1.0,   -0.5, 16, 15, 1.0",
        "0.3,   -0.1,  8,  8, 0.5",
        "0.3,   -0.1, 16, 16, 0.5",
        "2.0,   -5.0,  8,  4, 8.0",
        "2.0,   -5.0, 16, 12, 8.0",
        "127.9, 3.0,   8,  0, 128.0",
        "127.9, 3.0,  16,  8, 128.0",
    })
    void minMaxFollowsArmsRule(float a, float b, int bits, int frac, double range) {
        FormatChoice c = choose(RangeMethod.MINMAX, bits, 0, a, b);
        assertThat(c.frac()).isEqualTo(frac);
        assertThat(c.range()).isEqualTo(range);
        assertThat(c.note()).isNull();
    }

    @Test
    void minMaxOnAPowerOfTwoCountsTheExtremeAsSaturated() {
        // r = 1 exactly: Q0.7, range 1; the one value with |x| >= 1 cannot be held (127/128 is the top code)
        FormatChoice c = choose(RangeMethod.MINMAX, 8, 0, 1f, 0.5f, -0.25f, 0f);
        assertThat(c.frac()).isEqualTo(7);
        assertThat(c.saturatedFraction()).isEqualTo(0.25); // 1 of 4
        assertThat(c.qName(8)).isEqualTo("Q0.7");
        assertThat(c.integerBits(8)).isZero();
    }

    @Test
    void percentileLetsTheRareOutlierSaturate() {
        // 99 values of 0.5 (bin e = 0: 0.5 <= x < 1) and one 100 (bin e = 7: 64 <= 100 < 128)
        float[] v = concat(repeat(0.5f, 99), 100f);
        // 99%: after bin 0, 99 of 100 values have |x| < 2^0 -> e = 0 -> q7 frac 7 - 0 = 7, range 1;
        // the 100 is the one value >= 1: saturated 1/100
        FormatChoice p99 = choose(RangeMethod.PERCENTILE, 8, 99, v);
        assertThat(p99.frac()).isEqualTo(7);
        assertThat(p99.range()).isEqualTo(1.0);
        assertThat(p99.saturatedFraction()).isEqualTo(0.01);
        // 100%: every value below 2^e first at e = 7 -> frac 0, range 128, nothing saturated; same as MINMAX
        // (r = 100, ceil(log2 100) = 7)
        FormatChoice p100 = choose(RangeMethod.PERCENTILE, 8, 100, v);
        assertThat(p100.frac()).isZero();
        assertThat(p100.saturatedFraction()).isZero();
        assertThat(choose(RangeMethod.MINMAX, 8, 0, v).frac()).isZero();
        // 99.5%: 99 < 99.5 after bin 0, bins 1..6 are empty, bin 7 brings 100 -> e = 7 -> frac 0
        assertThat(choose(RangeMethod.PERCENTILE, 8, 99.5, v).frac()).isZero();
        // q15, 99%: frac 15 - 0 = 15
        assertThat(choose(RangeMethod.PERCENTILE, 16, 99, v).frac()).isEqualTo(15);
    }

    @Test
    void percentileHundredTakesOneIntegerBitMoreOnAnExactPowerOfTwo() {
        // r = 1: MINMAX ceil(log2 1) = 0 -> frac 7; the histogram puts 1.0 in bin e = 1 (1 <= x < 2),
        // so |x| < 2^e for every value first at e = 1 -> frac 6, range 2, nothing saturated
        FormatChoice minmax = choose(RangeMethod.MINMAX, 8, 0, 1f, 0.25f);
        FormatChoice p100 = choose(RangeMethod.PERCENTILE, 8, 100, 1f, 0.25f);
        assertThat(minmax.frac()).isEqualTo(7);
        assertThat(minmax.saturatedFraction()).isEqualTo(0.5);
        assertThat(p100.frac()).isEqualTo(6);
        assertThat(p100.range()).isEqualTo(2.0);
        assertThat(p100.saturatedFraction()).isZero();
    }

    @Test
    void percentileCountsZerosAsCovered() {
        // 3 zeros and 0.75, 3 (bins 0 and 2): 80% of 5 = 4 values: zeros (3) + bin 0 (1) = 4 at e = 0 -> frac 7
        assertThat(choose(RangeMethod.PERCENTILE, 8, 80, 0f, 0f, 0f, 0.75f, 3f).frac()).isEqualTo(7);
        // 60% = 3 values: the zeros alone cover it -> treated as all-zero, frac 7 with a note
        FormatChoice zeros = choose(RangeMethod.PERCENTILE, 8, 60, 0f, 0f, 0f, 0.75f, 3f);
        assertThat(zeros.frac()).isEqualTo(7);
        assertThat(zeros.note()).contains("60%").contains("were 0").contains("Q0.7");
    }

    @Test
    void percentileOutsideZeroToHundredIsRejected() {
        for (double p : new double[] {0, -1, 100.5, Double.NaN}) {
            assertThatThrownBy(() -> choose(RangeMethod.PERCENTILE, 8, p, 1f))
                    .isInstanceOf(CalibrationException.class)
                    .hasMessageContaining("percentile");
        }
        // the other methods ignore the percentile
        assertThat(choose(RangeMethod.MINMAX, 8, -1, 1f).frac()).isEqualTo(7);
    }

    /*
     * 65/64 = 1.015625 and n values of 1/128 = 0.0078125, q7.
     * MINMAX: ceil(log2 1.015625) = 1 -> frac 6 (step 1/64, top code 127/64 = 1.984).
     * Squared errors, in units of 2^-14 = 1/16384:
     *   frac 6: 65/64 exact (code 65) -> 0; 1/128 * 64 = 0.5 rounds away to 1 -> 1/64, error 1/128 -> 1 unit each
     *   frac 7: 65/64 * 128 = 130 saturates to 127 -> 127/128, error 3/128 -> 9 units; 1/128 exact -> 0
     *   frac 8: top code 127/256, error (260 - 127)/256 = 133/256 -> 133^2/4 = 4422.25 units; 1/128 exact
     *   frac 9: error (520 - 127)/512 = 393/512 -> 393^2/16 = 9653.0625 units
     *   frac 10: error (1040 - 127)/1024 = 913/1024 -> 913^2/64 = 833569/64 = 13024.515625 units
     * Totals: frac 6 = n, frac 7 = 9, the others over 4000; the mean divides all by n + 1.
     *   n = 10: 7 wins (9 < 10), finer than MINMAX; n = 8: 6 wins (8 < 9); n = 9: tie 9 = 9 -> smaller frac 6.
     */
    @Test
    void searchPicksAFinerFormatWhenTheOutlierCostsLessThanTheSmallValues() {
        float[] v = concat(repeat(1f / 128, 10), 65f / 64);
        assertThat(choose(RangeMethod.MINMAX, 8, 0, v).frac()).isEqualTo(6);
        FormatChoice search = choose(RangeMethod.SEARCH, 8, 0, v);
        assertThat(search.frac()).isEqualTo(7);
        assertThat(search.range()).isEqualTo(1.0);
        assertThat(search.saturatedFraction()).isEqualTo(1.0 / 11); // 65/64 >= 1
        assertThat(search.note()).isNull();
        double unit = 1.0 / 16384;
        assertThat(CalibrationResult.meanSquaredError(v, 8, 6)).isEqualTo(10 * unit / 11);
        assertThat(CalibrationResult.meanSquaredError(v, 8, 7)).isEqualTo(9 * unit / 11);
        assertThat(CalibrationResult.meanSquaredError(v, 8, 8)).isEqualTo(4422.25 * unit / 11);
        assertThat(CalibrationResult.meanSquaredError(v, 8, 9)).isEqualTo(9653.0625 * unit / 11);
        assertThat(CalibrationResult.meanSquaredError(v, 8, 10)).isEqualTo(13024.515625 * unit / 11);
    }

    @Test
    void searchKeepsTheMinMaxFormatWhenTheOutlierCostsMore() {
        assertThat(choose(RangeMethod.SEARCH, 8, 0, concat(repeat(1f / 128, 8), 65f / 64)).frac()).isEqualTo(6);
    }

    @Test
    void searchBreaksTiesTowardTheSmallerFrac() {
        float[] v = concat(repeat(1f / 128, 9), 65f / 64);
        assertThat(CalibrationResult.meanSquaredError(v, 8, 6)).isEqualTo(CalibrationResult.meanSquaredError(v, 8, 7));
        assertThat(choose(RangeMethod.SEARCH, 8, 0, v).frac()).isEqualTo(6);
    }

    @Test
    void searchNeverGoesCoarserThanMinMaxNorMoreThanFourFiner() {
        // every value 2^-10: MINMAX intBits -10 -> frac 17, where 2^-10 is code 128, one past the top code 127:
        // error 2^-17. Finer formats saturate harder (frac 18: code 256 -> 127, error 129 * 2^-18), so 17 stays.
        // frac 16 would hold it exactly (code 64) but is coarser than MINMAX and never tried.
        assertThat(choose(RangeMethod.SEARCH, 8, 0, repeat((float) Math.scalb(1.0, -10), 5)).frac()).isEqualTo(17);
        // 0.3 alone: MINMAX frac 8 (step 1/256): 0.3*256 = 76.8 -> 77, error 0.2/256;
        // frac 9 would need code 153.6 > 127 and saturates: 0.3 - 127/512 = 0.052 -> worse; so 8
        assertThat(choose(RangeMethod.SEARCH, 8, 0, 0.3f).frac()).isEqualTo(8);
    }

    @Test
    void quantizeRoundsHalfAwayFromZeroAndSaturates() {
        // frac 6: -1/128 * 64 = -0.5 -> -1 -> -1/64
        assertThat(CalibrationResult.quantize(-1.0 / 128, 8, 6)).isEqualTo(-1.0 / 64);
        // 3/256 * 64 = 0.75 -> 1 -> 1/64; 1/256 * 64 = 0.25 -> 0
        assertThat(CalibrationResult.quantize(3.0 / 256, 8, 6)).isEqualTo(1.0 / 64);
        assertThat(CalibrationResult.quantize(1.0 / 256, 8, 6)).isZero();
        // just under a half stays down: 0.49999999999999994 -> 0
        assertThat(CalibrationResult.quantize(Math.nextDown(0.5), 8, 0)).isZero();
        // q7 frac 7: codes -128..127 -> -1 .. 127/128
        assertThat(CalibrationResult.quantize(2.0, 8, 7)).isEqualTo(127.0 / 128);
        assertThat(CalibrationResult.quantize(-2.0, 8, 7)).isEqualTo(-1.0);
        // q15 frac 15: top code 32767/32768
        assertThat(CalibrationResult.quantize(1.0, 16, 15)).isEqualTo(32767.0 / 32768);
    }

    @Test
    void allZeroTensorGetsFullFractionAndANote() {
        FormatChoice q7 = choose(RangeMethod.MINMAX, 8, 0, 0f, -0f, 0f);
        assertThat(q7.frac()).isEqualTo(7);
        assertThat(q7.range()).isEqualTo(1.0);
        assertThat(q7.saturatedFraction()).isZero();
        assertThat(q7.note()).contains("'t'").contains("were 0").contains("format Q0.7 chosen");
        for (RangeMethod m : RangeMethod.values()) {
            FormatChoice c = choose(m, 16, 99.9, 0f, 0f);
            assertThat(c.frac()).isEqualTo(15);
            assertThat(c.note()).contains("Q0.15");
            assertThat(Double.isNaN(c.saturatedFraction())).isFalse();
        }
    }

    @Test
    void extremeRangesAreClampedWithANote() {
        // 1e30 ~ 2^99.66 -> intBits 100 -> frac 7 - 100 = -93, clamped to -32: range 2^(7+32) = 2^39;
        // 1e30 >= 2^39, so the one value saturates
        FormatChoice big = choose(RangeMethod.MINMAX, 8, 0, 1e30f);
        assertThat(big.frac()).isEqualTo(CalibrationResult.MIN_FRAC);
        assertThat(big.range()).isEqualTo(Math.scalb(1.0, 39));
        assertThat(big.saturatedFraction()).isEqualTo(1.0);
        assertThat(big.note()).contains("-93").contains("clamped");
        // 1e-30 ~ 2^-99.66 -> intBits -99 -> frac 106, clamped to 8 + 32 = 40
        FormatChoice small = choose(RangeMethod.MINMAX, 8, 0, 1e-30f);
        assertThat(small.frac()).isEqualTo(40);
        assertThat(small.note()).contains("106").contains("clamped");
        // search starts from the clamped frac and cannot go past the clamp either
        assertThat(choose(RangeMethod.SEARCH, 8, 0, 1e-30f).frac()).isEqualTo(40);
    }

    @Test
    void unknownTensorIsNamed() {
        CalibrationResult r = result(TensorStatistics.of("conv1", 1f));
        assertThatThrownBy(() -> r.choose("conv9", 8, RangeMethod.MINMAX, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'conv9'");
        assertThatThrownBy(() -> r.choose("conv1", 1, RangeMethod.MINMAX, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsStatisticsInTheOrderGiven() {
        CalibrationResult r = new CalibrationResult(Map.of(), 0, 0);
        assertThat(r.statistics()).isEmpty();
        CalibrationResult ordered = result(TensorStatistics.of("x", 1f), TensorStatistics.of("b", 2f), TensorStatistics.of("a", 3f));
        assertThat(ordered.statistics().keySet()).containsExactly("x", "b", "a");
        assertThat(ordered.statistics("b").max()).isEqualTo(2.0);
        assertThat(ordered.samples()).isEqualTo(1);
    }

    @Test
    void ceilLog2IsExact() {
        assertThat(CalibrationResult.ceilLog2(1.0)).isZero();
        assertThat(CalibrationResult.ceilLog2(Math.nextUp(1.0))).isEqualTo(1);
        assertThat(CalibrationResult.ceilLog2(0.5)).isEqualTo(-1);
        assertThat(CalibrationResult.ceilLog2(0.3)).isEqualTo(-1);
        assertThat(CalibrationResult.ceilLog2(5.0)).isEqualTo(3);
        assertThat(CalibrationResult.ceilLog2(127.9)).isEqualTo(7);
        assertThat(CalibrationResult.ceilLog2(128.0)).isEqualTo(7);
    }
}
