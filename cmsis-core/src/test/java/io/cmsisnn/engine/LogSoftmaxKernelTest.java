package io.cmsisnn.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log-softmax over the channels, on values worked out by hand. */
class LogSoftmaxKernelTest {

    private static float[] run(Shape shape, float... x) {
        Graph g = new Graph("g", "x", shape, List.of(new Node("y", "LogSoftmax", new Op.LogSoftmax(), List.of("x"), shape)), "y");
        return new FloatEngine(g).run(x);
    }

    /** ln(e^-2 + e^-1 + e^0) = ln 1.5032147 = 0.4076060, so y = x - 3 - 0.4076060. */
    @Test
    void oneVector() {
        float[] y = run(Shape.vector(3), 1f, 2f, 3f);
        assertThat(y[0]).isCloseTo(-2.4076060f, within(1e-6f));
        assertThat(y[1]).isCloseTo(-1.4076060f, within(1e-6f));
        assertThat(y[2]).isCloseTo(-0.4076060f, within(1e-6f));
    }

    /** Logits 1000 apart: exp(-1000) underflows, so y = [-1000, 0] exactly where log(softmax) would give -inf. */
    @Test
    void farApartLogitsStayFinite() {
        assertThat(run(Shape.vector(2), 0f, 1000f)).containsExactly(-1000f, 0f);
    }

    /** Each position of a 1×2×2 tensor on its own: equal channels give ln(1/2) = -0.6931472 each. */
    @Test
    void perPosition() {
        float[] y = run(new Shape(1, 2, 2), 5f, 5f, -7f, -7f);
        for (float v : y) {
            assertThat(v).isCloseTo(-0.6931472f, within(1e-6f));
        }
    }
}
