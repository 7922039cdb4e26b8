package io.cmsisnn.toolchain;

import static io.cmsisnn.toolchain.CNetworks.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pool windows that lie wholly in the padding (ONNX allows pads as large as the kernel) give 0,
 * as the float engine documents, not -inf (an empty max) or NaN (0/0). A 1x1 window with pad 1
 * around a 2x2 image of negative values: the border is all padding, the centre copies the input.
 */
class PaddingOnlyWindowsTest {
    @TempDir
    Path dir;

    private static final Padding ONE = new Padding(1, 1, 1, 1);
    private static final float[] X = {-1, -2, -3, -4};
    private static final float[] RING = {
        0, 0, 0, 0,
        0, -1, -2, 0,
        0, -3, -4, 0,
        0, 0, 0, 0,
    };

    @Test
    void squareMaxPool() {
        Graph g = CNetworks.input(2, 2, 1).then("pool", new Op.Pool2D(Op.PoolKind.MAX, 1, 1, 1, 1, ONE, false), 4, 4, 1).graph();
        assertClose(CNetworks.run1(g, dir, X), RING);
        assertThat(CNetworks.generate(g).functionOf("pool")).isEqualTo("cnn_maxpool_f32_HWC");
    }

    @Test
    void squareAveragePool() {
        Graph g = CNetworks.input(2, 2, 1).then("pool", new Op.Pool2D(Op.PoolKind.AVERAGE, 1, 1, 1, 1, ONE, false), 4, 4, 1).graph();
        assertClose(CNetworks.run1(g, dir, X), RING);
        assertThat(CNetworks.generate(g).functionOf("pool")).isEqualTo("cnn_avepool_f32_HWC");
    }

    @Test
    void averagePoolCountingPadding() {
        Graph g = CNetworks.input(2, 2, 1).then("pool", new Op.Pool2D(Op.PoolKind.AVERAGE, 1, 1, 1, 1, ONE, true), 4, 4, 1).graph();
        assertClose(CNetworks.run1(g, dir, X), RING);
        assertThat(CNetworks.generate(g).functionOf("pool")).isEqualTo("cnn_f32_avepool_HWC_nonsquare");
    }

    /** Rows only: pad 1 above and below, none left or right, gives a 4x2 output. */
    @Test
    void nonSquareMaxPool() {
        Graph g = CNetworks.input(2, 2, 1).then("pool", new Op.Pool2D(Op.PoolKind.MAX, 1, 1, 1, 1, new Padding(1, 1, 0, 0), false), 4, 2, 1)
                .graph();
        assertClose(CNetworks.run1(g, dir, X), 0, 0, -1, -2, -3, -4, 0, 0);
        assertThat(CNetworks.generate(g).functionOf("pool")).isEqualTo("cnn_f32_maxpool_HWC_nonsquare");
    }
}
