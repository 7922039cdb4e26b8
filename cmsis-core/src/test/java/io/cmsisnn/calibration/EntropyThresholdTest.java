package io.cmsisnn.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entropy threshold against divergences and bounds worked out by hand; the working is in the comments. */
class EntropyThresholdTest {

    /*
     * bins {4, 2, 1, 1, 0, 2} (10 values), 2 levels. Threshold of i = 4 bins:
     *   P = {4, 2, 1, 1 + (0 + 2)} / 10 = {.4, .2, .1, .3}
     *   buckets: bins [0, 2) hold 6 over 2 nonzero bins -> 3, 3; bins [2, 4) hold 1 + 1 = 2 (the
     *   outliers are not in Q) over 2 nonzero bins -> 1, 1; Q = {3, 3, 1, 1} / 8
     *   KL = .4 ln(.4/.375) + .2 ln(.2/.375) + .1 ln(.1/.125) + .3 ln(.3/.125)
     *      = .0258154 - .1257217 - .0223144 + .2626406 = .1404199
     * i = 6 (nothing clipped): P = {4, 2, 1, 1, 0, 2} / 10; buckets [0, 3) hold 7 over 3 nonzero
     *   bins, [3, 6) hold 3 over 2 (bin 4 is empty in P, so gets nothing): Q = {7/3, 7/3, 7/3, 1.5, 0, 1.5} / 10
     *   KL = .4 ln(.4/(7/30)) + .2 ln(.2/(7/30)) + .1 ln(.1/(7/30)) + .1 ln(.1/.15) + .2 ln(.2/.15)
     *      = .2155986 - .0308301 - .0847298 - .0405465 + .0575364 = .1170286
     * i = 2: P = {.4, .6}, Q = {4, 2} / 6: .4 ln(.6) + .6 ln(1.8) = .1483417
     * i = 3: P = {4, 2, 4} / 10, buckets [0, 1) -> 4, [1, 3) -> 3 over 2: Q = {4, 1.5, 1.5} / 7
     *   KL = .4 ln(.7) + .2 ln(.2/(1.5/7)) + .4 ln(.4/(1.5/7)) = .0931932
     * i = 5: P = {4, 2, 1, 1, 2} / 10, buckets [0, 2) -> 3, 3; [2, 5) -> 2 over 3: Q = {3, 3, 2/3, 2/3, 2/3} / 8
     *   KL = .0258154 - .1257217 + 2 (.1 ln 1.2) + .2 ln 2.4 = .1116517
     * least: i = 3.
     * Less the sampling bias (nonzero bins of P - nonzero buckets) / 2N, N = 10:
     *   i = 2: 2 - 2 -> .1483417;  i = 3: 3 - 2 -> .0931932 - .05 = .0431932;
     *   i = 4: 4 - 2 -> .1404199 - .1 = .0404199;  i = 5: 5 - 2 -> .1116517 - .15 = -.0383483;
     *   i = 6: 5 - 2 (bin 4 is empty) -> .1170286 - .15 = -.0329714; least: i = 5.
     */
    @Test
    void divergenceOfATinyHistogramAndItsUnbiasedFormWorkedByHand() {
        long[] bins = {4, 2, 1, 1, 0, 2};
        assertThat(EntropyThreshold.divergence(bins, 2, 2)).isCloseTo(0.1483417, within(1e-6));
        assertThat(EntropyThreshold.divergence(bins, 3, 2)).isCloseTo(0.0931932, within(1e-6));
        assertThat(EntropyThreshold.divergence(bins, 4, 2)).isCloseTo(0.1404199, within(1e-6));
        assertThat(EntropyThreshold.divergence(bins, 5, 2)).isCloseTo(0.1116517, within(1e-6));
        assertThat(EntropyThreshold.divergence(bins, 6, 2)).isCloseTo(0.1170286, within(1e-6));
        assertThat(EntropyThreshold.unbiasedDivergence(bins, 3, 2)).isCloseTo(0.0431932, within(1e-6));
        assertThat(EntropyThreshold.unbiasedDivergence(bins, 4, 2)).isCloseTo(0.0404199, within(1e-6));
        assertThat(EntropyThreshold.unbiasedDivergence(bins, 5, 2)).isCloseTo(-0.0383483, within(1e-6));
        assertThat(EntropyThreshold.unbiasedDivergence(bins, 6, 2)).isCloseTo(-0.0329714, within(1e-6));
        assertThat(EntropyThreshold.bestThreshold(bins, 2)).isEqualTo(5);
    }

    /*
     * bins {1, 1, 0, 0, 5}, 2 levels, i = 4: P = {1, 1, 0, 5} / 7. Bucket [2, 4) has no values of
     * its own but P's bin 3 holds the 5 outliers, so Q = {.5, .5, 0, 0} is smoothed over P's 3
     * nonzero bins: q = (1 - 1e-4) q + 1e-4 / 3 = {.49998333, .49998333, 0, .0000333}
     *   KL = 2 (1/7) ln((1/7)/.49998333) + (5/7) ln((5/7)/(1e-4/3))
     *      = -.3579228 + 7.1232003 = 6.7652776
     */
    @Test
    void aBucketOfOnlyOutliersIsSmoothedToALargeFiniteDivergence() {
        assertThat(EntropyThreshold.divergence(new long[] {1, 1, 0, 0, 5}, 4, 2)).isCloseTo(6.7652776, within(1e-6));
    }

    @Test
    void emptyBinsHaveNoDivergenceAndBadCandidatesAreRefused() {
        assertThat(EntropyThreshold.divergence(new long[4], 2, 2)).isZero();
        assertThatThrownBy(() -> EntropyThreshold.divergence(new long[4], 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntropyThreshold.divergence(new long[4], 5, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntropyThreshold.magnitude(TensorStatistics.of("t", 1f), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 quantization levels");
    }

    /** 1,000 values (k/1000)^2, k = 1..1000, in (0, 1] (denser near 0), and three outliers at 100. */
    private static float[] bodyWithOutliers() {
        float[] v = new float[1003];
        for (int k = 1; k <= 1000; k++) {
            v[k - 1] = (float) ((k / 1000.0) * (k / 1000.0));
        }
        v[1000] = 100f;
        v[1001] = -100f;
        v[1002] = 100f;
        return v;
    }

    /*
     * Bins over [0, 100] are 100/2048 = .0488 wide: the body fills bins 0..20 (bin 0 holds 220
     * values, bin 1 92), the outliers the last. Candidates run from i = 128 bins (T = 6.25) up.
     * A candidate of i bins in 128 levels has buckets floor(b i / 128) .. floor((b + 1) i / 128) - 1.
     * - i = 128: one bin per bucket, Q equals P on the body; only the smoothed outlier bin costs,
     *   (3/1003) ln((3/1003) 22 / 1e-4) = .0194, and the bias correction is 0 (22 nonzero bins, 22
     *   nonzero buckets).
     * - Any i >= 256 puts bins 0 and 1 into one bucket: that alone costs
     *   (220 ln(220/156) + 92 ln(92/156)) / 1003 = .027, clipped candidates pay the outlier bin's
     *   .0194 besides, and the correction can take off at most 21 / 2006 = .0105; the unclipped
     *   i = 2048 flattens bins 0..15 into one bucket, far more.
     * So the threshold is below 256 bins, T in [6.25, 12.5), and the outliers at 100 are clipped.
     * With 256 levels (an s8 tensor of one sign) the same argument gives i in [256, 512): [12.5, 25).
     */
    @Test
    void fewHugeOutliersAreClippedJustAboveTheBody() {
        TensorStatistics s = TensorStatistics.of("t", bodyWithOutliers());
        assertThat(EntropyThreshold.magnitude(s, 128)).isGreaterThanOrEqualTo(6.25).isLessThan(12.5);
        float[] oneSign = bodyWithOutliers();
        oneSign[1001] = 100f;
        assertThat(EntropyThreshold.magnitude(TensorStatistics.of("t", oneSign), 256)).isGreaterThanOrEqualTo(12.5).isLessThan(25.0);
    }

    /*
     * q7: the bins cover [0, 2^ceil(log2 100)] = [0, 128], each 1/16 wide; the candidates are the
     * ranges 128, 64, 32, 16, 8 (2048, 1024, ..., 128 bins). Range 8 gives every q7 code one bin,
     * the body (bins 0..16) is kept exactly and only the clipped outliers cost, (3/1003)
     * ln((3/1003) 18 / 1e-4) = .0188, with no bias correction; every wider range merges bins 0 and
     * 1 (249 and 104 values): (249 ln(249/176.5) + 104 ln(104/176.5)) / 1003 = .031, of which the
     * correction takes off at most 17 / 2006 = .0085. So Q3.4
     * (range 8) where minmax takes Q7.0 (range 128); 3 of the 1,003 values saturate.
     */
    @Test
    void q7TakesThePowerOfTwoRangeJustAboveTheBody() {
        CalibrationResult r = new CalibrationResult(Map.of("t", TensorStatistics.of("t", bodyWithOutliers())), 1, 0);
        FormatChoice c = r.choose("t", 8, RangeMethod.ENTROPY, 0);
        assertThat(c.frac()).isEqualTo(4);
        assertThat(c.range()).isEqualTo(8.0);
        assertThat(c.saturatedFraction()).isEqualTo(3.0 / 1003);
        assertThat(r.choose("t", 8, RangeMethod.MINMAX, 0).frac()).isZero();
    }

    /*
     * 16,384 values k/16384, k = 1..16384: each bin of 1/2048 holds 8 values (bin 0 seven, the last
     * nine, as 1.0 itself falls into it). Without clipping each bucket of 8 or 16 nearly equal bins
     * is flat like P (divergence about 1e-5); any smaller threshold piles the rest of the range into
     * one bin (at i = 2047 already 17 values against a bucket average near 8: about 7e-4, while the
     * bias correction differs by one bin, 1 / 32768 = 3e-5, and by d / 32768 at i = 2048 - d, where
     * the pile costs about (8 (d + 1) / 16384) ln(d + 1)). So
     * nothing is clipped: the magnitude is the largest value, 1.0, and q7 keeps minmax's Q0.7.
     */
    @Test
    void aUniformDistributionIsNotClipped() {
        float[] v = new float[16384];
        for (int k = 1; k <= v.length; k++) {
            v[k - 1] = k / 16384f;
        }
        TensorStatistics s = TensorStatistics.of("t", v);
        assertThat(EntropyThreshold.magnitude(s, 256)).isEqualTo(1.0);
        assertThat(EntropyThreshold.magnitude(s, 128)).isEqualTo(1.0);
        FormatChoice c = new CalibrationResult(Map.of("t", s), 1, 0).choose("t", 8, RangeMethod.ENTROPY, 0);
        assertThat(c.frac()).isEqualTo(7);
        assertThat(c.saturatedFraction()).isEqualTo(1.0 / 16384); // 1.0 saturates by one step, as with minmax
    }

    /** Exact zeros are stored exactly at any threshold, so the documented rule leaves them out of the histogram. */
    @Test
    void zerosDoNotMoveTheThreshold() {
        float[] body = bodyWithOutliers();
        float[] withZeros = Arrays.copyOf(body, body.length + 5000);
        TensorStatistics plain = TensorStatistics.of("t", body);
        TensorStatistics zeros = TensorStatistics.of("t", withZeros);
        assertThat(EntropyThreshold.magnitude(zeros, 128)).isEqualTo(EntropyThreshold.magnitude(plain, 128));
        assertThat(EntropyThreshold.powerOfTwoExponent(zeros, 128)).isEqualTo(EntropyThreshold.powerOfTwoExponent(plain, 128));
    }

    @Test
    void allZeroAndEmptyTensorsGetTheWholeWordAsForEveryMethod() {
        CalibrationResult r = new CalibrationResult(Map.of("z", TensorStatistics.of("z", 0f, -0f, 0f), "e", TensorStatistics.of("e")), 1, 0);
        FormatChoice zero = r.choose("z", 8, RangeMethod.ENTROPY, 0);
        assertThat(zero.frac()).isEqualTo(7);
        assertThat(zero.note()).isEqualTo("all calibration values of tensor 'z' were 0; format Q0.7 chosen");
        FormatChoice empty = r.choose("e", 8, RangeMethod.ENTROPY, 0);
        assertThat(empty.frac()).isEqualTo(7);
        assertThat(empty.note()).isEqualTo("calibration saw no values of tensor 'e'; format Q0.7 chosen");
        assertThat(EntropyThreshold.magnitude(r.statistics("z"), 128)).isZero();
        assertThat(EntropyThreshold.magnitude(r.statistics("e"), 128)).isZero();
        assertThat(EntropyThreshold.powerOfTwoExponent(r.statistics("z"), 128)).isNull();
    }

    /*
     * 16 bits: 2^15 levels outnumber the 2048 bins, no candidate is coarser than the bins, and the
     * documented rule keeps minmax: q15 Q7.8 for a largest magnitude of 100 (ceil(log2 100) = 7),
     * s16 the magnitude 100 itself.
     */
    @Test
    void sixteenBitsKeepTheMinMaxRange() {
        TensorStatistics s = TensorStatistics.of("t", bodyWithOutliers());
        FormatChoice c = new CalibrationResult(Map.of("t", s), 1, 0).choose("t", 16, RangeMethod.ENTROPY, 0);
        assertThat(c.frac()).isEqualTo(8);
        assertThat(c.saturatedFraction()).isZero();
        assertThat(EntropyThreshold.magnitude(s, 1 << 15)).isEqualTo(100.0);
    }
}
