package io.cmsisnn.quant;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.emulation.LegacyPool;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LegacyConstraintsTest {
    @Test
    void variantPredicates() {
        assertThat(LegacyConstraints.q7Fast(8, 2)).isTrue();
        assertThat(LegacyConstraints.q7Fast(6, 2)).isFalse();
        assertThat(LegacyConstraints.q7Fast(8, 3)).isFalse();
        assertThat(LegacyConstraints.q7Rgb(3)).isTrue();
        assertThat(LegacyConstraints.q7OneByOne(4, 2, 1, 1, 0, 0, 1, 1)).isTrue();
        assertThat(LegacyConstraints.q7OneByOne(4, 2, 1, 1, 0, 0, 2, 1)).isFalse();
        assertThat(LegacyConstraints.q15Fast(2, 2, 3)).isFalse();
        assertThat(LegacyConstraints.q15FastNonsquare(2, 2, 5)).isFalse();
        assertThat(LegacyConstraints.depthwise(5, 5)).isTrue();
        assertThat(LegacyConstraints.q7FastSquareRegions(2, 1)).isFalse();
    }

    @Test
    void poolsThatPassTheTestAgreeOnBothPaths() {
        Random rnd = new Random(3);
        int checked = 0;
        for (int n = 0; n < 2000; n++) {
            int k = 1 + rnd.nextInt(4);
            int pad = rnd.nextInt(k);
            int stride = 1 + rnd.nextInt(3);
            int dimIn = 1 + rnd.nextInt(9);
            if (dimIn + 2 * pad < k) {
                continue;
            }
            int dimOut = (dimIn + 2 * pad - k) / stride + 1;
            if (!LegacyConstraints.maxpoolSameOnBothPaths(dimIn, pad, stride, dimOut)) {
                continue;
            }
            int ch = 1 + rnd.nextInt(5);
            byte[] in = new byte[dimIn * dimIn * ch];
            rnd.nextBytes(in);
            byte[] a = new byte[dimOut * dimOut * ch];
            byte[] b = a.clone();
            LegacyPool.maxpoolQ7Hwc(in.clone(), dimIn, ch, k, pad, stride, dimOut, a, false);
            LegacyPool.maxpoolQ7Hwc(in.clone(), dimIn, ch, k, pad, stride, dimOut, b, true);
            assertThat(b).as("max k%d p%d s%d", k, pad, stride).containsExactly(a);
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
    }
}
