package io.cmsisnn.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorStatisticsTest {

    @Test
    void countsMinMaxZerosAndPowerOfTwoBins() {
        float tiny = (float) Math.scalb(1.0, -50);
        TensorStatistics s = TensorStatistics.of("t", 0f, -0f, 0.75f, -3f, tiny, 1e20f, 1f, 0.5f);
        assertThat(s.name()).isEqualTo("t");
        assertThat(s.count()).isEqualTo(8);
        assertThat(s.zeroCount()).isEqualTo(2); // +0 and -0
        assertThat(s.nonZeroCount()).isEqualTo(6);
        assertThat(s.min()).isEqualTo(-3.0);
        assertThat(s.max()).isEqualTo((double) 1e20f);
        assertThat(s.maxAbs()).isEqualTo((double) 1e20f);
        // bin e holds 2^(e-1) <= |x| < 2^e:
        // 0.75 and 0.5 in [0.5, 1) -> e = 0; 1 in [1, 2) -> e = 1; |-3| in [2, 4) -> e = 2
        assertThat(s.bin(0)).isEqualTo(2);
        assertThat(s.bin(1)).isEqualTo(1);
        assertThat(s.bin(2)).isEqualTo(1);
        // 2^-50 is below the lowest bin (e = -40) and counted there; 1e20 ~ 2^66.4 lands in the top bin (e = 40)
        assertThat(s.bin(-40)).isEqualTo(1);
        assertThat(s.bin(40)).isEqualTo(1);
        long sum = 0;
        for (long h : s.histogram()) {
            sum += h;
        }
        assertThat(sum).isEqualTo(6);
        assertThat(s.histogram()).hasSize(81);
        // fewer than SAMPLE_LIMIT values: the sample is all of them, in order
        assertThat(s.sample()).containsExactly(0f, -0f, 0.75f, -3f, tiny, 1e20f, 1f, 0.5f);
    }

    @Test
    void exponentBinsAtTheEdges() {
        // 2^(e-1) <= |x| < 2^e: exactly 2^k opens bin k+1, just below it closes bin k
        assertThat(TensorStatistics.exponentOf(1f)).isEqualTo(1);
        assertThat(TensorStatistics.exponentOf(Math.nextDown(1f))).isEqualTo(0);
        assertThat(TensorStatistics.exponentOf(-0.25f)).isEqualTo(-1);
        assertThat(TensorStatistics.exponentOf(Float.MIN_VALUE)).isEqualTo(-40);
        assertThat(TensorStatistics.exponentOf(Float.MAX_VALUE)).isEqualTo(40);
        assertThatThrownBy(() -> TensorStatistics.of("t", 1f).bin(41)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sampleTakesEveryKthValueAboveTheLimit() {
        // 50,000 values: k = ceil(50000 / 20000) = 3, positions 0, 3, ..., 49998 -> 16,667 values
        float[] v = new float[50_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        float[] sample = TensorStatistics.of("t", v).sample();
        assertThat(sample).hasSize(16_667);
        assertThat(sample[0]).isEqualTo(0f);
        assertThat(sample[1]).isEqualTo(3f);
        assertThat(sample[16_666]).isEqualTo(49_998f);
        // 40,000 values: k = 2, 20,000 values; exactly 20,000: k = 1, all of them
        assertThat(TensorStatistics.sampleStride(40_000)).isEqualTo(2);
        assertThat(TensorStatistics.sampleSize(40_000)).isEqualTo(20_000);
        assertThat(TensorStatistics.sampleStride(20_000)).isEqualTo(1);
        assertThat(TensorStatistics.sampleSize(20_000)).isEqualTo(20_000);
        assertThat(TensorStatistics.sampleSize(20_001)).isEqualTo(10_001);
    }

    @Test
    void accumulatorsOverDisjointPartsMergeToTheWholeInAnyOrder() {
        float[] all = new float[30_001];
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) Math.sin(i) * (i % 7) - (i % 3 == 0 ? 0 : 0.5f);
        }
        TensorStatistics whole = TensorStatistics.of("t", all);
        float[] head = java.util.Arrays.copyOfRange(all, 0, 12_345);
        float[] tail = java.util.Arrays.copyOfRange(all, 12_345, all.length);
        float[] shared = new float[TensorStatistics.sampleSize(all.length)];
        StatisticsAccumulator a = new StatisticsAccumulator("t", all.length, shared);
        StatisticsAccumulator b = new StatisticsAccumulator("t", all.length, shared);
        assertThat(b.add(tail, 12_345)).isEqualTo(-1); // the later part first
        assertThat(a.add(head, 0)).isEqualTo(-1);
        b.merge(a);
        assertThat(b.build()).isEqualTo(whole);
        assertThat(b.build().hashCode()).isEqualTo(whole.hashCode());
    }

    @Test
    void signedZerosGiveTheSameMinWhateverTheirOrder() {
        // Math.min/max rank -0 below +0, so min is -0 and max is +0 either way
        TensorStatistics a = TensorStatistics.of("t", 0f, -0f);
        TensorStatistics b = TensorStatistics.of("t", -0f, 0f);
        assertThat(Double.compare(a.min(), -0.0)).isZero();
        assertThat(Double.compare(b.min(), -0.0)).isZero();
        assertThat(Double.compare(a.max(), 0.0)).isZero();
        assertThat(Double.compare(b.max(), 0.0)).isZero();
    }

    @Test
    void accumulatorReportsTheFirstNonFiniteValueAndCountsNothing() {
        StatisticsAccumulator a = new StatisticsAccumulator("t", 4);
        assertThat(a.add(new float[] {1f, Float.NaN, Float.POSITIVE_INFINITY}, 0)).isEqualTo(1);
        assertThat(a.add(new float[] {1f, 2f, 3f, 4f}, 0)).isEqualTo(-1);
        assertThat(a.build().count()).isEqualTo(4);
        assertThatThrownBy(() -> TensorStatistics.of("t", 1f, Float.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 1");
    }

    @Test
    void arraysAreCopiedInAndOut() {
        TensorStatistics s = TensorStatistics.of("t", 1f, 2f);
        s.sample()[0] = 99f;
        s.histogram()[41] = 99;
        assertThat(s.sample()).containsExactly(1f, 2f);
        assertThat(s.bin(1)).isEqualTo(1);
    }

    @Test
    void rejectsInconsistentCounts() {
        long[] hist = new long[TensorStatistics.BINS];
        hist[41] = 1; // one value in bin e = 1
        assertThatThrownBy(() -> new TensorStatistics("t", 3, 0, 1, 1, hist, new float[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonzero");
        assertThatThrownBy(() -> new TensorStatistics("t", 2, 0, 1, 1, new long[3], new float[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bins");
        assertThat(new TensorStatistics("t", 2, 0, 1, 1, hist, new float[] {0f, 1f}).maxAbs()).isEqualTo(1.0);
    }
}
