package io.cmsisnn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.graph.ShapeInference;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generated C kernels sum in the order the engine documents, so C and Java agree to the
 * last bits. The engine's loops are rearranged for speed (eight channels at a time, windows
 * copied out), so here each is compared bit for bit with the plainest loop that follows the
 * documented order, one output value at a time, on random data and awkward shapes: channel
 * counts that are not multiples of 8, groups, strides, dilations and uneven padding.
 */
class ArithmeticOrderTest {
    private final Random random = new Random(20240611);

    private float[] engine(Shape in, Op op, float[] x) {
        return new FloatEngine(GraphFixtures.single(in, op)).run(x);
    }

    // ---- the documented orders, written out plainly ----

    /** acc = bias[oc]; ky outer, kx, ci of oc's group inner; taps outside the input skipped; activation. */
    private static float[] referenceConv(Op.Conv2D c, Shape in, float[] x) {
        Shape out = ShapeInference.infer("c", c, List.of(in));
        int gin = c.inChannels() / c.groups();
        int gout = c.outChannels() / c.groups();
        float[] y = new float[out.size()];
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                for (int oc = 0; oc < c.outChannels(); oc++) {
                    int g = oc / gout;
                    float acc = c.bias()[oc];
                    for (int ky = 0; ky < c.kh(); ky++) {
                        int iy = oy * c.strideH() - c.padding().top() + ky * c.dilationH();
                        for (int kx = 0; kx < c.kw(); kx++) {
                            int ix = ox * c.strideW() - c.padding().left() + kx * c.dilationW();
                            if (iy < 0 || iy >= in.h() || ix < 0 || ix >= in.w()) {
                                continue;
                            }
                            for (int ci = 0; ci < gin; ci++) {
                                acc += x[in.index(iy, ix, g * gin + ci)] * c.weights()[((oc * c.kh() + ky) * c.kw() + kx) * gin + ci];
                            }
                        }
                    }
                    y[out.index(oy, ox, oc)] = c.activation().apply(acc);
                }
            }
        }
        return y;
    }

    /** acc = bias[o]; ky outer, kx inner: acc += x[ci] * w[ky][kx][o], o = ci*mult + m. */
    private static float[] referenceDepthwise(Op.DepthwiseConv2D d, Shape in, float[] x) {
        Shape out = ShapeInference.infer("d", d, List.of(in));
        float[] y = new float[out.size()];
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                for (int o = 0; o < d.outChannels(); o++) {
                    float acc = d.bias()[o];
                    for (int ky = 0; ky < d.kh(); ky++) {
                        int iy = oy * d.strideH() - d.padding().top() + ky * d.dilationH();
                        for (int kx = 0; kx < d.kw(); kx++) {
                            int ix = ox * d.strideW() - d.padding().left() + kx * d.dilationW();
                            if (iy >= 0 && iy < in.h() && ix >= 0 && ix < in.w()) {
                                acc += x[in.index(iy, ix, o / d.multiplier())] * d.weights()[(ky * d.kw() + kx) * d.outChannels() + o];
                            }
                        }
                    }
                    y[out.index(oy, ox, o)] = d.activation().apply(acc);
                }
            }
        }
        return y;
    }

    /** At each position: acc = bias[o]; for i: acc += x[i] * w[o][i]; activation. */
    private static float[] referenceDense(Op.Dense d, Shape in, float[] x) {
        int n = d.inFeatures();
        int m = d.outFeatures();
        float[] y = new float[in.h() * in.w() * m];
        for (int p = 0; p < in.h() * in.w(); p++) {
            for (int o = 0; o < m; o++) {
                float acc = d.bias()[o];
                for (int i = 0; i < n; i++) {
                    acc += x[p * n + i] * d.weights()[o * n + i];
                }
                y[p * m + o] = d.activation().apply(acc);
            }
        }
        return y;
    }

    /** MAX: largest valid tap; AVERAGE: float sum of valid taps in ky, kx order / count. */
    private static float[] referencePool(Op.Pool2D p, Shape in, float[] x) {
        Shape out = ShapeInference.infer("p", p, List.of(in));
        float[] y = new float[out.size()];
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                for (int c = 0; c < in.c(); c++) {
                    float max = Float.NEGATIVE_INFINITY;
                    float sum = 0f;
                    int count = 0;
                    for (int ky = 0; ky < p.kh(); ky++) {
                        for (int kx = 0; kx < p.kw(); kx++) {
                            int iy = oy * p.strideH() - p.padding().top() + ky;
                            int ix = ox * p.strideW() - p.padding().left() + kx;
                            if (iy >= 0 && iy < in.h() && ix >= 0 && ix < in.w()) {
                                float v = x[in.index(iy, ix, c)];
                                max = Math.max(max, v);
                                sum += v;
                                count++;
                            }
                        }
                    }
                    y[out.index(oy, ox, c)] = p.pool() == Op.PoolKind.MAX ? max
                            : sum / (float) (p.countIncludePad() ? p.kh() * p.kw() : count);
                }
            }
        }
        return y;
    }

    // ---- cases ----

    private Op.Conv2D randomConv(int kh, int kw, int sh, int sw, int dh, int dw, Padding pad, int in, int out, int groups,
                                 Activation a) {
        return new Op.Conv2D(kh, kw, sh, sw, dh, dw, pad, in, out, groups,
                GraphFixtures.random(random, out * kh * kw * (in / groups)), GraphFixtures.random(random, out), a);
    }

    private void checkConv(Shape in, Op.Conv2D c) {
        float[] x = GraphFixtures.random(random, in.size());
        assertThat(engine(in, c, x)).containsExactly(referenceConv(c, in, x));
    }

    @Test
    void convBlocksTailsBordersAndInteriorsSumInTheDocumentedOrder() {
        // 11 outputs: one block of 8 and a tail of 3; uneven pads, so border and interior windows both occur
        checkConv(new Shape(7, 6, 3), randomConv(3, 2, 2, 1, 1, 2, new Padding(1, 2, 0, 1), 3, 11, 1, Activation.LINEAR));
        // first-layer shape: one input channel, 32 outputs, 'same' 3x3
        checkConv(new Shape(9, 9, 1), randomConv(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 1, 32, 1, Activation.RELU));
        // many input channels, 16 outputs (two blocks, no tail), valid, clamped
        checkConv(new Shape(5, 5, 40), randomConv(3, 3, 1, 1, 1, 1, Padding.NONE, 40, 16, 1, Activation.clamp(-0.5f, 0.5f)));
        // groups: 2 groups of 9 outputs (block + tail each) and 2 inputs each, stride 2, dilation 2, padding
        checkConv(new Shape(8, 7, 4), randomConv(3, 3, 2, 2, 2, 2, new Padding(2, 2, 2, 2), 4, 18, 2, Activation.LINEAR));
        // fewer outputs than a block: 3
        checkConv(new Shape(4, 4, 5), randomConv(2, 2, 1, 1, 1, 1, new Padding(0, 1, 0, 1), 5, 3, 1, Activation.RELU6));
        // 1-D convolution (kh = 1) over a sequence
        checkConv(new Shape(1, 26, 3), randomConv(1, 5, 1, 2, 1, 1, new Padding(0, 0, 2, 2), 3, 24, 1, Activation.RELU));
    }

    @Test
    void depthwiseSumsInTheDocumentedOrder() {
        for (int mult : new int[] {1, 3}) {
            Shape in = new Shape(6, 5, 4);
            Op.DepthwiseConv2D d = new Op.DepthwiseConv2D(3, 2, 2, 1, 1, 2, new Padding(1, 1, 2, 0), 4, mult,
                    GraphFixtures.random(random, 3 * 2 * 4 * mult), GraphFixtures.random(random, 4 * mult), Activation.RELU);
            float[] x = GraphFixtures.random(random, in.size());
            assertThat(engine(in, d, x)).containsExactly(referenceDepthwise(d, in, x));
        }
    }

    @Test
    void denseSumsInTheDocumentedOrder() {
        // 13 outputs (block + tail of 5), 37 inputs, at 2x3 positions
        Shape in = new Shape(2, 3, 37);
        Op.Dense d = new Op.Dense(37, 13, GraphFixtures.random(random, 37 * 13), GraphFixtures.random(random, 13), Activation.LINEAR);
        float[] x = GraphFixtures.random(random, in.size());
        assertThat(engine(in, d, x)).containsExactly(referenceDense(d, in, x));
    }

    @Test
    void poolsSumInTheDocumentedOrder() {
        Shape in = new Shape(7, 8, 5);
        float[] x = GraphFixtures.random(random, in.size());
        for (Op.PoolKind kind : Op.PoolKind.values()) {
            for (boolean includePad : new boolean[] {false, true}) {
                Op.Pool2D p = new Op.Pool2D(kind, 3, 2, 2, 3, new Padding(1, 2, 1, 1), includePad);
                assertThat(engine(in, p, x)).containsExactly(referencePool(p, in, x));
            }
        }
    }

    @Test
    void globalAverageSumsRowMajorThenDivides() {
        Shape in = new Shape(3, 5, 6);
        float[] x = GraphFixtures.random(random, in.size());
        float[] expected = new float[6];
        for (int c = 0; c < 6; c++) {
            float sum = 0f;
            for (int p = 0; p < 15; p++) {
                sum += x[p * 6 + c];
            }
            expected[c] = sum / 15f;
        }
        assertThat(engine(in, new Op.GlobalPool(Op.PoolKind.AVERAGE), x)).containsExactly(expected);
    }
}
