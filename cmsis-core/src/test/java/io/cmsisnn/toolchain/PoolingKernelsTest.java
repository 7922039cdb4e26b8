package io.cmsisnn.toolchain;

import static io.cmsisnn.toolchain.CNetworks.assertClose;
import static io.cmsisnn.toolchain.CNetworks.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pooling compiled with gcc against hand-derived outputs. */
class PoolingKernelsTest {
    @TempDir
    Path dir;

    private static final Padding SAME_3X3 = new Padding(1, 1, 1, 1);

    @Test
    void maxPool2x2OnA4x4Image() {
        Graph g = CNetworks.input(4, 4, 1).then("pool", new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false), 2, 2, 1).graph();
        assertClose(CNetworks.run1(g, dir, range(1, 16)), 6, 8, 14, 16);
        assertThat(CNetworks.generate(g).functionOf("pool")).isEqualTo("cnn_maxpool_f32_HWC");
    }

    @Test
    void averagePool2x2OnA4x4Image() {
        Graph g = CNetworks.input(4, 4, 1).then("pool", new Op.Pool2D(Op.PoolKind.AVERAGE, 2, 2, 2, 2, Padding.NONE, false), 2, 2, 1).graph();
        // (1+2+5+6)/4 = 3.5, (3+4+7+8)/4 = 5.5, ...
        assertClose(CNetworks.run1(g, dir, range(1, 16)), 3.5f, 5.5f, 11.5f, 13.5f);
        assertThat(CNetworks.generate(g).functionOf("pool")).isEqualTo("cnn_avepool_f32_HWC");
    }

    /** 3x3 'same' average over 1..9 divides by the valid count: corner (1+2+4+5)/4 = 3, centre 45/9 = 5. */
    @Test
    void averagePoolSameExcludesPadding() {
        Graph g = CNetworks.input(3, 3, 1).then("pool", new Op.Pool2D(Op.PoolKind.AVERAGE, 3, 3, 1, 1, SAME_3X3, false), 3, 3, 1).graph();
        assertClose(CNetworks.run1(g, dir, range(1, 9)), 3, 3.5f, 4, 4.5f, 5, 5.5f, 6, 6.5f, 7);
    }

    /** ONNX count_include_pad: the corner divides 12 by 9. */
    @Test
    void averagePoolCountingPadding() {
        Graph g = CNetworks.input(3, 3, 1).then("pool", new Op.Pool2D(Op.PoolKind.AVERAGE, 3, 3, 1, 1, SAME_3X3, true), 3, 3, 1).graph();
        float[] y = CNetworks.run1(g, dir, range(1, 9));
        assertThat(y[0]).isEqualTo(12f / 9f);
        assertThat(y[4]).isEqualTo(5f);
        assertThat(y[8]).isEqualTo(28f / 9f);
        assertThat(CNetworks.generate(g).functionOf("pool")).isEqualTo("cnn_f32_avepool_HWC_nonsquare");
    }

    /** Padded positions never win a max, even over negative values. */
    @Test
    void maxPoolSameOnNegativeValues() {
        Graph g = CNetworks.input(2, 2, 1).then("pool", new Op.Pool2D(Op.PoolKind.MAX, 3, 3, 1, 1, SAME_3X3, false), 2, 2, 1).graph();
        assertClose(CNetworks.run1(g, dir, -4, -3, -2, -1), -1, -1, -1, -1);
    }

    /** A 1-D window (1x2, stride 1x2) over a 1x4 sequence of two channels. */
    @Test
    void nonSquareMaxAndAveragePools() {
        Graph max = CNetworks.input(1, 4, 2).then("pool", new Op.Pool2D(Op.PoolKind.MAX, 1, 2, 1, 2, Padding.NONE, false), 1, 2, 2).graph();
        assertClose(CNetworks.run1(max, dir.resolve("max"), 1, -1, 3, -3, 2, -2, 5, -5), 3, -1, 5, -2);
        assertThat(CNetworks.generate(max).functionOf("pool")).isEqualTo("cnn_f32_maxpool_HWC_nonsquare");
        Graph avg = CNetworks.input(1, 4, 2).then("pool", new Op.Pool2D(Op.PoolKind.AVERAGE, 1, 2, 1, 2, Padding.NONE, false), 1, 2, 2).graph();
        assertClose(CNetworks.run1(avg, dir.resolve("avg"), 1, -1, 3, -3, 2, -2, 5, -5), 2, -2, 3.5f, -3.5f);
    }

    @Test
    void globalPools() {
        float[] x = {1, -1, 2, -5, 3, 0, 4, 2};  // 2x2x2: channel 0 = 1,2,3,4; channel 1 = -1,-5,0,2
        Graph avg = CNetworks.input(2, 2, 2).then("gap", new Op.GlobalPool(Op.PoolKind.AVERAGE), 1, 1, 2).graph();
        assertClose(CNetworks.run1(avg, dir.resolve("avg"), x), 2.5f, -1f);
        Graph max = CNetworks.input(2, 2, 2).then("gmp", new Op.GlobalPool(Op.PoolKind.MAX), 1, 1, 2).graph();
        assertClose(CNetworks.run1(max, dir.resolve("max"), x), 4f, 2f);
        assertThat(CNetworks.generate(avg).functionOf("gap")).isEqualTo("cnn_f32_global_avepool_HWC");
        assertThat(CNetworks.generate(max).functionOf("gmp")).isEqualTo("cnn_f32_global_maxpool_HWC");
    }
}
