package io.cmsisnn.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.graph.Shape;
import org.junit.jupiter.api.Test;

/** The step records' own checks, and that no caller can change the arrays a step holds. */
class AffineStepTest {
    private static final NnTypes.Activation S8_RANGE = new NnTypes.Activation(-128, 127);

    @Test
    void weightedStepsKeepCopiesOfTheirArrays() {
        byte[] values = {1, 2};
        int[] bias = {3, 4};
        int[] multipliers = {1 << 30, 1 << 30};
        int[] shifts = {-1, -2};
        AffineStep.FullyConnected fc = new AffineStep.FullyConnected(false, true, 1, 1, 2,
                new AffineStep.Requantization(128, -128, multipliers, shifts, S8_RANGE),
                new AffineStep.Weights(values, bias, null, true));
        values[0] = 9;
        bias[0] = 9;
        multipliers[0] = 9;
        shifts[0] = 9;
        fc.weights().values()[1] = 9;
        fc.weights().bias()[1] = 9;
        fc.requantization().multipliers()[1] = 9;
        fc.requantization().shifts()[1] = 9;
        assertThat(fc.weights().values()).containsExactly(1, 2);
        assertThat(fc.weights().bias()).containsExactly(3, 4);
        assertThat(fc.weights().bias64()).isNull();
        assertThat(fc.requantization().multipliers()).containsExactly(1 << 30, 1 << 30);
        assertThat(fc.requantization().shifts()).containsExactly(-1, -2);
    }

    @Test
    void tablesAreCopiedInAndOut() {
        byte[] table = new byte[256];
        AffineStep.Table t = new AffineStep.Table(4, table);
        table[0] = 1;
        t.table()[1] = 1;
        assertThat(t.table()).containsOnly(0);

        short[] exp = Int16SoftmaxTables.exp();
        AffineStep.SoftmaxS16 s = new AffineStep.SoftmaxS16(1, 2, 1 << 30, 0, exp, Int16SoftmaxTables.oneOverOnePlusX());
        short first = exp[0];
        exp[0]++;
        s.expTable()[0]++;
        assertThat(s.expTable()[0]).isEqualTo(first);
    }

    @Test
    void partsThatDisagreeAreRefused() {
        AffineStep.Requantization two = new AffineStep.Requantization(0, 0, new int[2], new int[2], S8_RANGE);
        AffineStep.Weights s8 = new AffineStep.Weights(new byte[2], new int[2], null, true);
        AffineStep.Weights s16 = new AffineStep.Weights(new byte[2], null, new long[2], false);
        assertThatThrownBy(() -> new AffineStep.FullyConnected(false, true, 1, 1, 3, two, s8)).hasMessageContaining("3 output channels");
        assertThatThrownBy(() -> new AffineStep.FullyConnected(true, false, 1, 1, 2, two, s8)).hasMessageContaining("int32 bias");
        assertThatThrownBy(() -> new AffineStep.Weights(new byte[1], new int[1], new long[1], true)).hasMessageContaining("both");
        assertThatThrownBy(() -> new AffineStep.Requantization(0, 0, new int[2], new int[1], S8_RANGE))
                .hasMessageContaining("2 multipliers for 1 shifts");
        assertThatThrownBy(() -> new AffineStep.Table(4, new byte[255])).hasMessageContaining("256 entries");
        assertThat(new AffineStep.FullyConnected(true, false, 1, 1, 2, two, s16).function()).isEqualTo("arm_fully_connected_s16");
        assertThatThrownBy(() -> new AffineStep.FullyConnected(false, false, 1, 1, 2, two, s8)).hasMessageContaining("per-tensor call");
        AffineStep.Weights s16PerChannel = new AffineStep.Weights(new byte[2], null, new long[2], true);
        assertThatThrownBy(() -> new AffineStep.FullyConnected(true, true, 1, 1, 2, two, s16PerChannel))
                .hasMessageContaining("1x1 convolution");
    }

    @Test
    void aDepthwiseWindowGivesTheStructsTheKernelsTake() {
        AffineStep.Window w = AffineStep.Window.of(3, 2).strided(2, 1).dilated(1, 2).padded(1, 0);
        AffineStep.Convolution c = new AffineStep.Convolution(true, false, new Shape(5, 5, 2), new Shape(3, 4, 6), w,
                new AffineStep.Requantization(128, -128, new int[6], new int[6], S8_RANGE),
                new AffineStep.Weights(new byte[36], new int[6], null, true));
        assertThat(c.chMult()).isEqualTo(3);
        assertThat(c.filterDims()).isEqualTo(new NnTypes.Dims(1, 3, 2, 6));
        assertThat(c.dwParams()).isEqualTo(new NnTypes.DwConvParams(128, -128, 3, new NnTypes.Tile(1, 2), new NnTypes.Tile(0, 1),
                new NnTypes.Tile(2, 1), S8_RANGE));
    }
}
