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
 * The vectorized conv and dense loops against a plain scalar loop written here from the documented
 * rule (bias first, then x*w over ky outer, kx, ci inner ascending, padded taps skipped; dense: bias,
 * then i ascending), on many seeded random shapes. Equality is on the raw bits
 * ({@link Float#floatToRawIntBits}), so a -0 where the rule gives +0 (or the reverse) fails. The data
 * is made to hit exact zeros: many inputs are +0 or -0, some weights are zero, some biases are -0,
 * so border windows sum to signed zeros often.
 */
class VectorizedKernelsBitExactTest {
    private final Random random = new Random(0x5eed_2026L);

    private float value() {
        int pick = random.nextInt(10);
        if (pick < 3) {
            return 0f;
        }
        if (pick == 3) {
            return -0f;
        }
        return (float) random.nextGaussian();
    }

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = value();
        }
        return v;
    }

    private static float[] referenceConv(Op.Conv2D c, Shape in, Shape out, float[] x) {
        int gin = c.inChannels() / c.groups();
        int gout = c.outChannels() / c.groups();
        float[] y = new float[out.size()];
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                for (int oc = 0; oc < c.outChannels(); oc++) {
                    int g = oc / gout;
                    float acc = c.bias()[oc];
                    for (int ky = 0; ky < c.kh(); ky++) {
                        int iy = oy * c.strideH() + ky * c.dilationH() - c.padding().top();
                        for (int kx = 0; kx < c.kw(); kx++) {
                            int ix = ox * c.strideW() + kx * c.dilationW() - c.padding().left();
                            boolean inside = iy >= 0 && iy < in.h() && ix >= 0 && ix < in.w();
                            for (int ci = 0; ci < gin && inside; ci++) {
                                float xv = x[(iy * in.w() + ix) * in.c() + g * gin + ci];
                                float wv = c.weights()[((oc * c.kh() + ky) * c.kw() + kx) * gin + ci];
                                acc = acc + xv * wv;
                            }
                        }
                    }
                    y[(oy * out.w() + ox) * c.outChannels() + oc] = c.activation().apply(acc);
                }
            }
        }
        return y;
    }

    private static float[] referenceDense(Op.Dense d, Shape in, float[] x) {
        int n = d.inFeatures();
        int m = d.outFeatures();
        int positions = in.h() * in.w();
        float[] y = new float[positions * m];
        for (int p = 0; p < positions; p++) {
            for (int o = 0; o < m; o++) {
                float acc = d.bias()[o];
                for (int i = 0; i < n; i++) {
                    acc = acc + x[p * n + i] * d.weights()[o * n + i];
                }
                y[p * m + o] = d.activation().apply(acc);
            }
        }
        return y;
    }

    private static void assertSameBits(float[] actual, float[] expected, String what) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + " but the rule gives "
                        + expected[i]);
            }
        }
    }

    private static final Activation[] ACTIVATIONS = {Activation.LINEAR, Activation.RELU, Activation.clamp(-0.7f, 0.9f)};

    @Test
    void randomConvsMatchTheScalarRuleBitForBit() {
        for (int t = 0; t < 300; t++) {
            int kh = 1 + random.nextInt(5);
            int kw = 1 + random.nextInt(5);
            int sh = 1 + random.nextInt(2);
            int sw = 1 + random.nextInt(2);
            int dh = random.nextInt(4) == 0 ? 2 : 1;
            int dw = random.nextInt(4) == 0 ? 2 : 1;
            int groups = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1;
            int gin = 1 + random.nextInt(random.nextBoolean() ? 3 : 20);
            int gout = 1 + random.nextInt(random.nextBoolean() ? 5 : 40);
            // large maps take the positions-inner loops, small ones the channels-inner loops
            int h = (kh - 1) * dh + 1 + random.nextInt(random.nextBoolean() ? 4 : 18);
            int w = (kw - 1) * dw + 1 + random.nextInt(random.nextBoolean() ? 4 : 18);
            Padding pad = random.nextBoolean() ? Padding.NONE
                    : new Padding(random.nextInt(kh), random.nextInt(kh), random.nextInt(kw), random.nextInt(kw));
            Shape in = new Shape(h, w, gin * groups);
            Op.Conv2D c = new Op.Conv2D(kh, kw, sh, sw, dh, dw, pad, gin * groups, gout * groups, groups,
                    values(gout * groups * kh * kw * gin), values(gout * groups),
                    ACTIVATIONS[random.nextInt(ACTIVATIONS.length)]);
            Shape out = ShapeInference.infer("c", c, List.of(in));
            float[] x = values(in.size());
            FloatEngine engine = new FloatEngine(GraphFixtures.single(in, c));
            float[] actual = engine.run(x);
            assertSameBits(actual, referenceConv(c, in, out, x), "conv " + t + " " + c + " on " + in);
            if (t % 3 == 0) { // batches: the samples' positions interleaved in one run of columns
                // a larger batch, then a smaller one on the same scratch: stale entries must not leak
                for (int size : new int[] {2 + random.nextInt(5), 1 + random.nextInt(2)}) {
                    float[][] batch = new float[size][];
                    for (int b = 0; b < batch.length; b++) {
                        batch[b] = values(in.size());
                    }
                    float[][] ys = engine.run(batch);
                    for (int b = 0; b < batch.length; b++) {
                        assertSameBits(ys[b], referenceConv(c, in, out, batch[b]),
                                "batch conv " + t + " of " + size + ", sample " + b);
                    }
                }
            }
        }
    }

    @Test
    void convWithNonFiniteWeightsStillSkipsPaddedTaps() {
        // 0*inf would be NaN: a padded tap must not contribute at all
        Shape in = new Shape(12, 12, 1);
        float[] weights = values(4 * 9);
        weights[0] = Float.POSITIVE_INFINITY;
        weights[13] = Float.NEGATIVE_INFINITY;
        Op.Conv2D c = new Op.Conv2D(3, 3, 1, 1, 1, 1, new Padding(1, 1, 1, 1), 1, 4, 1, weights, values(4),
                Activation.LINEAR);
        float[] x = values(in.size());
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5f + i; // finite and non-zero, so only a padded tap could make a NaN
        }
        float[] actual = new FloatEngine(GraphFixtures.single(in, c)).run(x);
        assertSameBits(actual, referenceConv(c, in, ShapeInference.infer("c", c, List.of(in)), x), "conv with inf");
    }

    @Test
    void randomDensesMatchTheScalarRuleBitForBit() {
        for (int t = 0; t < 100; t++) {
            int n = 1 + random.nextInt(random.nextBoolean() ? 9 : 300);
            int m = 1 + random.nextInt(random.nextBoolean() ? 9 : 150);
            Shape in = random.nextInt(4) == 0 ? new Shape(1 + random.nextInt(3), 1 + random.nextInt(3), n) : Shape.vector(n);
            Op.Dense d = new Op.Dense(n, m, values(n * m), values(m), ACTIVATIONS[random.nextInt(ACTIVATIONS.length)]);
            float[] x = values(in.size());
            FloatEngine engine = new FloatEngine(GraphFixtures.single(in, d));
            float[] actual = engine.run(x);
            assertSameBits(actual, referenceDense(d, in, x), "dense " + t + " " + n + "->" + m + " on " + in);
            float[][] batch = new float[1 + random.nextInt(5)][];
            for (int b = 0; b < batch.length; b++) {
                batch[b] = values(in.size());
            }
            float[][] ys = engine.run(batch);
            for (int b = 0; b < batch.length; b++) {
                assertSameBits(ys[b], referenceDense(d, in, batch[b]), "batch dense " + t + " sample " + b);
            }
        }
    }

    @Test
    void maxPoolsMatchTheLargestTapBitForBit() {
        // the rule: the largest tap, NaN if any tap is NaN, +0 above -0
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f};
        for (int t = 0; t < 100; t++) {
            int h = 2 + random.nextInt(20);
            int w = 2 + random.nextInt(20);
            int c = 1 + random.nextInt(random.nextBoolean() ? 4 : 40);
            Shape in = new Shape(h, w, c);
            Op.Pool2D pool = new Op.Pool2D(Op.PoolKind.MAX, 2, 2, 2, 2, Padding.NONE, false);
            Shape out = ShapeInference.infer("p", pool, List.of(in));
            float[] x = values(in.size());
            for (int i = 0; i < x.length; i++) {
                if (random.nextInt(30) == 0) {
                    x[i] = specials[random.nextInt(specials.length)];
                }
            }
            float[] expected = new float[out.size()];
            for (int oy = 0; oy < out.h(); oy++) {
                for (int ox = 0; ox < out.w(); ox++) {
                    for (int ch = 0; ch < c; ch++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < 2; ky++) {
                            for (int kx = 0; kx < 2; kx++) {
                                m = Math.max(m, x[((2 * oy + ky) * w + 2 * ox + kx) * c + ch]);
                            }
                        }
                        expected[(oy * out.w() + ox) * c + ch] = m;
                    }
                }
            }
            float[] actual = new FloatEngine(GraphFixtures.single(in, pool)).run(x);
            assertSameBits(actual, expected, "max pool " + t + " on " + in);
        }
    }
}
