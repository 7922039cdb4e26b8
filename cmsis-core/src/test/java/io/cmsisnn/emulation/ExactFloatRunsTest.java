package io.cmsisnn.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Byte convolutions sum in float only in runs too short to leave the integers float holds exactly
 * (2^24). The sums here are derived by hand and lie past 2^24, where a single float sum would
 * round: an odd number above 2^24 is not a float.
 */
class ExactFloatRunsTest {
    /** A 1x1 convolution over {@code taps} input channels at one position: the sums of its output channels. */
    private static int[] sums(byte[] in, int offset, int[] w, int outCh) {
        int taps = in.length;
        IntDot.Geometry g = new IntDot.Geometry(1, 1, taps, 0, 1, 1, taps, 1, 1, 0, 0, 1, 1, 1, 1);
        int[] out = new int[outCh];
        IntDot.conv(in, offset, 1, g, w, outCh, (b, p0, count, acc) -> System.arraycopy(acc, 0, out, 0, outCh));
        return out;
    }

    @Test
    void extremeProductsPast2To24StayExact() {
        // 1023 taps of (127 + 128) * -128 = -32,640, then one of (-127 + 128) * 1 = 1:
        // 1023 * -32,640 + 1 = -33,390,719, odd and beyond 2^24 = 16,777,216
        int taps = 1024;
        byte[] in = new byte[taps];
        Arrays.fill(in, (byte) 127);
        in[taps - 1] = -127;
        int[] w = new int[2 * taps];
        Arrays.fill(w, 0, taps - 1, -128);
        w[taps - 1] = 1;
        // second channel: +127 everywhere but the last tap, which adds 1 * -1
        Arrays.fill(w, taps, 2 * taps - 1, 127);
        w[2 * taps - 1] = -1;
        assertThat(sums(in, 128, w, 2)).containsExactly(-33_390_719, 1023 * 255 * 127 - 1);
    }

    @Test
    void smallProductsUseOneRunAndStayExact() {
        // offset 0, inputs -128, weights -128: 500 * 16,384 = 8,192,000, below 2^24 in one run
        byte[] in = new byte[500];
        Arrays.fill(in, (byte) -128);
        int[] w = new int[500];
        Arrays.fill(w, -128);
        assertThat(sums(in, 0, w, 1)).containsExactly(8_192_000);
    }

    @Test
    void wrapsAt32BitsLikeC() {
        // 70,000 taps of 255 * 127 = 32,385: 2,266,950,000, which wraps to 2,266,950,000 - 2^32
        int taps = 70_000;
        byte[] in = new byte[taps];
        Arrays.fill(in, (byte) 127);
        int[] w = new int[taps];
        Arrays.fill(w, 127);
        assertThat(sums(in, 128, w, 1)).containsExactly((int) (2_266_950_000L - (1L << 32)));
    }
}
