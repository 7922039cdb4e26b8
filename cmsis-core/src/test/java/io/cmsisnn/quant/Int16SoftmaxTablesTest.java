package io.cmsisnn.quant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * TFLM's int16 softmax tables against entries worked by hand (step 10/512 = 0.01953125 for exp,
 * 1/512 for 1/(1+x); u = 32768; entry = round(f(x) u) - round((round((f(x+step) u + round(f(x) u)) / 2)
 * - round(f(x + step/2) u)) / 2), round half away from zero), and the softmax rescale.
 */
class Int16SoftmaxTablesTest {

    @Test
    void expTableEntriesWorkedByHand() {
        short[] exp = Int16SoftmaxTables.exp();
        assertThat(exp).hasSize(513);
        // x = -10: f u = 1.48766 -> 1; at -9.98046875 1.51701, interpolated round((1.51701 + 1) / 2) = 1, true
        // midpoint (-9.990234375) 1.50226 -> 2: error -1, bias round(-0.5) = -1 (half away from zero), entry 1 + 1
        assertThat(exp[0]).isEqualTo((short) 2);
        // x = -5: 220.789 -> 221; next 225.144, interpolated round(223.07) = 223, midpoint 222.956 -> 223: no bias
        assertThat(exp[256]).isEqualTo((short) 221);
        // x = -4.78515625: 273.705 -> 274; next 279.104, interpolated round(276.55) = 277, midpoint 276.391 -> 276:
        // error 1, bias round(0.5) = 1, entry 273
        assertThat(exp[267]).isEqualTo((short) 273);
        // x = -0.01953125: 32134.21 -> 32134; next 32768, interpolated 32451, midpoint 32449.56 -> 32450: bias 1
        assertThat(exp[511]).isEqualTo((short) 32133);
        // exp(0) u = 32768 saturates
        assertThat(exp[512]).isEqualTo((short) 32767);
    }

    @Test
    void reciprocalTableEntriesWorkedByHand() {
        short[] r = Int16SoftmaxTables.oneOverOnePlusX();
        assertThat(r).hasSize(513);
        // x = 0: 32768 with no bias (next 32704.1, interpolated 32736, midpoint 32736.03), saturates
        assertThat(r[0]).isEqualTo((short) 32767);
        // x = 0.5: 21845.33 -> 21845; next 21816.93, interpolated round(21831.0) = 21831, midpoint 21831.12 -> 21831
        assertThat(r[256]).isEqualTo((short) 21845);
        // x = 1: 16384 exactly
        assertThat(r[512]).isEqualTo((short) 16384);
    }

    @Test
    void tablesAreMonotoneDecreasingAndIncreasing() {
        short[] exp = Int16SoftmaxTables.exp();
        short[] r = Int16SoftmaxTables.oneOverOnePlusX();
        for (int i = 1; i < 513; i++) {
            assertThat(exp[i]).isGreaterThanOrEqualTo(exp[i - 1]);
            assertThat(r[i]).isLessThanOrEqualTo(r[i - 1]);
        }
    }

    @Test
    void roundingIsHalfAwayFromZero() {
        assertThat(Int16SoftmaxTables.roundHalfAway(-0.5f)).isEqualTo(-1f);
        assertThat(Int16SoftmaxTables.roundHalfAway(0.5f)).isEqualTo(1f);
        assertThat(Int16SoftmaxTables.roundHalfAway(0.49999997f)).isEqualTo(0f);
        assertThat(Int16SoftmaxTables.roundHalfAway(-2.5f)).isEqualTo(-3f);
    }

    @Test
    void softmaxRescaleMapsTheInputScaleOntoTheTableRange() {
        // input scale 2^-10: 2^-10 * 65535 / 10 = 6.39990234375 = 0.7999877929... * 2^3;
        // round(0.79998779296875 * 2^31) = 1717960704
        SoftmaxParams p = SoftmaxParams.int16(1.0, 0x1p-10f, false);
        assertThat(p.multiplier()).isEqualTo(1717960704);
        assertThat(p.shift()).isEqualTo(3);
        assertThat(SoftmaxParams.int16(1.0, 0x1p-10f, true)).isEqualTo(p);
    }
}
