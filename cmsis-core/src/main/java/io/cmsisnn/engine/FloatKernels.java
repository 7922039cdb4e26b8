package io.cmsisnn.engine;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import java.util.List;

/**
 * Float32 reference kernels. The operation order (bias first, then ky, kx, ci; sums in index
 * order) is the one the bundled C float kernels use, so Java and C agree to the last bits.
 */
final class FloatKernels {
    private FloatKernels() {
    }

    static void conv(Op.Conv2D c, Shape in, float[] x, Shape out, float[] y) {
        int groupIn = c.inChannels() / c.groups();
        int groupOut = c.outChannels() / c.groups();
        Padding p = c.padding();
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                int o = (oy * out.w() + ox) * out.c();
                for (int oc = 0; oc < c.outChannels(); oc++) {
                    int g = oc / groupOut;
                    float acc = c.bias()[oc];
                    for (int ky = 0; ky < c.kh(); ky++) {
                        int iy = oy * c.strideH() - p.top() + ky * c.dilationH();
                        if (iy < 0 || iy >= in.h()) {
                            continue;
                        }
                        for (int kx = 0; kx < c.kw(); kx++) {
                            int ix = ox * c.strideW() - p.left() + kx * c.dilationW();
                            if (ix < 0 || ix >= in.w()) {
                                continue;
                            }
                            int xi = (iy * in.w() + ix) * in.c() + g * groupIn;
                            int wi = ((oc * c.kh() + ky) * c.kw() + kx) * groupIn;
                            for (int ci = 0; ci < groupIn; ci++) {
                                acc += x[xi + ci] * c.weights()[wi + ci];
                            }
                        }
                    }
                    y[o + oc] = activate(c.activation(), acc);
                }
            }
        }
    }

    static void depthwise(Op.DepthwiseConv2D d, Shape in, float[] x, Shape out, float[] y) {
        int mult = d.multiplier();
        int outC = d.outChannels();
        Padding p = d.padding();
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                int o = (oy * out.w() + ox) * outC;
                for (int oc = 0; oc < outC; oc++) {
                    int ci = oc / mult;
                    float acc = d.bias()[oc];
                    for (int ky = 0; ky < d.kh(); ky++) {
                        int iy = oy * d.strideH() - p.top() + ky * d.dilationH();
                        if (iy < 0 || iy >= in.h()) {
                            continue;
                        }
                        for (int kx = 0; kx < d.kw(); kx++) {
                            int ix = ox * d.strideW() - p.left() + kx * d.dilationW();
                            if (ix < 0 || ix >= in.w()) {
                                continue;
                            }
                            acc += x[(iy * in.w() + ix) * in.c() + ci] * d.weights()[(ky * d.kw() + kx) * outC + oc];
                        }
                    }
                    y[o + oc] = activate(d.activation(), acc);
                }
            }
        }
    }

    static void dense(Op.Dense d, Shape in, float[] x, float[] y) {
        int positions = in.h() * in.w();
        int n = d.inFeatures();
        int m = d.outFeatures();
        float[] w = d.weights();
        for (int pos = 0; pos < positions; pos++) {
            int xi = pos * n;
            for (int o = 0; o < m; o++) {
                float acc = d.bias()[o];
                int wi = o * n;
                for (int i = 0; i < n; i++) {
                    acc += x[xi + i] * w[wi + i];
                }
                y[pos * m + o] = activate(d.activation(), acc);
            }
        }
    }

    static void pool(Op.Pool2D p, Shape in, float[] x, Shape out, float[] y) {
        Padding pad = p.padding();
        boolean max = p.pool() == Op.PoolKind.MAX;
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                for (int c = 0; c < in.c(); c++) {
                    float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                    int count = 0;
                    for (int ky = 0; ky < p.kh(); ky++) {
                        int iy = oy * p.strideH() - pad.top() + ky;
                        if (iy < 0 || iy >= in.h()) {
                            continue;
                        }
                        for (int kx = 0; kx < p.kw(); kx++) {
                            int ix = ox * p.strideW() - pad.left() + kx;
                            if (ix < 0 || ix >= in.w()) {
                                continue;
                            }
                            float v = x[(iy * in.w() + ix) * in.c() + c];
                            acc = max ? Math.max(acc, v) : acc + v;
                            count++;
                        }
                    }
                    if (!max) {
                        acc = acc / (float) (p.countIncludePad() ? p.kh() * p.kw() : count);
                    }
                    y[(oy * out.w() + ox) * out.c() + c] = acc;
                }
            }
        }
    }

    static void globalPool(Op.GlobalPool g, Shape in, float[] x, float[] y) {
        boolean max = g.pool() == Op.PoolKind.MAX;
        int positions = in.h() * in.w();
        for (int c = 0; c < in.c(); c++) {
            float acc = max ? Float.NEGATIVE_INFINITY : 0f;
            for (int pos = 0; pos < positions; pos++) {
                float v = x[pos * in.c() + c];
                acc = max ? Math.max(acc, v) : acc + v;
            }
            y[c] = max ? acc : acc / (float) positions;
        }
    }

    static void softmax(Shape in, float[] x, float[] y) {
        int c = in.c();
        for (int base = 0; base < x.length; base += c) {
            float m = x[base];
            for (int i = 1; i < c; i++) {
                m = Math.max(m, x[base + i]);
            }
            float sum = 0f;
            for (int i = 0; i < c; i++) {
                float e = (float) Math.exp((double) (x[base + i] - m));
                y[base + i] = e;
                sum += e;
            }
            for (int i = 0; i < c; i++) {
                y[base + i] = y[base + i] / sum;
            }
        }
    }

    static void activation(Activation a, float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = a.apply(x[i]);
        }
    }

    static void scaleShift(Op.ScaleShift s, Shape in, float[] x, float[] y) {
        int c = in.c();
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * s.scale()[i % c] + s.shift()[i % c];
        }
    }

    static void add(List<float[]> xs, float[] y) {
        System.arraycopy(xs.get(0), 0, y, 0, y.length);
        for (int k = 1; k < xs.size(); k++) {
            float[] x = xs.get(k);
            for (int i = 0; i < y.length; i++) {
                y[i] = y[i] + x[i];
            }
        }
    }

    static void concat(Op.Axis axis, List<Shape> shapes, List<float[]> xs, Shape out, float[] y) {
        int offset = 0; // along the axis
        for (int k = 0; k < xs.size(); k++) {
            Shape s = shapes.get(k);
            float[] x = xs.get(k);
            for (int h = 0; h < s.h(); h++) {
                for (int w = 0; w < s.w(); w++) {
                    int oh = axis == Op.Axis.H ? h + offset : h;
                    int ow = axis == Op.Axis.W ? w + offset : w;
                    int oc = axis == Op.Axis.C ? offset : 0;
                    System.arraycopy(x, (h * s.w() + w) * s.c(), y, (oh * out.w() + ow) * out.c() + oc, s.c());
                }
            }
            offset += switch (axis) {
                case H -> s.h();
                case W -> s.w();
                case C -> s.c();
            };
        }
    }

    static void pad(Padding p, Shape in, float[] x, Shape out, float[] y) {
        java.util.Arrays.fill(y, 0f);
        for (int h = 0; h < in.h(); h++) {
            System.arraycopy(x, h * in.w() * in.c(), y, ((h + p.top()) * out.w() + p.left()) * out.c(), in.w() * in.c());
        }
    }

    static void upsample(Op.Upsample u, Shape in, float[] x, Shape out, float[] y) {
        for (int oy = 0; oy < out.h(); oy++) {
            for (int ox = 0; ox < out.w(); ox++) {
                System.arraycopy(x, ((oy / u.factorH()) * in.w() + ox / u.factorW()) * in.c(), y, (oy * out.w() + ox) * out.c(), in.c());
            }
        }
    }

    private static float activate(Activation a, float v) {
        return a.kind() == Activation.Kind.LINEAR ? v : a.apply(v);
    }
}
