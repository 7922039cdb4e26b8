package io.cmsisnn.graph;

import java.util.List;

/** Output shape of an op from its input shapes; rejects inputs the op cannot take. */
public final class ShapeInference {
    private ShapeInference() {
    }

    public static Shape infer(String layer, Op op, List<Shape> in) {
        return op.accept(new Inference(layer, in));
    }

    /** The output shape of each op for one layer's input shapes. */
    private static final class Inference implements Op.Visitor<Shape> {
        private final String layer;
        private final List<Shape> in;
        private final Shape x;

        Inference(String layer, List<Shape> in) {
            this.layer = layer;
            this.in = in;
            this.x = in.get(0);
        }

        @Override
        public Shape conv2D(Op.Conv2D c) {
            expectChannels(layer, x, c.inChannels());
            if (c.inChannels() % c.groups() != 0 || c.outChannels() % c.groups() != 0) {
                throw new GraphException("layer '" + layer + "': channels are not divisible by groups " + c.groups());
            }
            return new Shape(window(layer, x.h(), c.kh(), c.strideH(), c.dilationH(), c.padding().top(), c.padding().bottom()),
                    window(layer, x.w(), c.kw(), c.strideW(), c.dilationW(), c.padding().left(), c.padding().right()),
                    c.outChannels());
        }

        @Override
        public Shape depthwiseConv2D(Op.DepthwiseConv2D d) {
            expectChannels(layer, x, d.inChannels());
            return new Shape(window(layer, x.h(), d.kh(), d.strideH(), d.dilationH(), d.padding().top(), d.padding().bottom()),
                    window(layer, x.w(), d.kw(), d.strideW(), d.dilationW(), d.padding().left(), d.padding().right()),
                    d.outChannels());
        }

        @Override
        public Shape dense(Op.Dense d) {
            expectChannels(layer, x, d.inFeatures());
            return new Shape(x.h(), x.w(), d.outFeatures());
        }

        @Override
        public Shape pool2D(Op.Pool2D p) {
            return new Shape(
                    window(layer, x.h(), p.kh(), p.strideH(), 1, p.padding().top(), p.padding().bottom()),
                    window(layer, x.w(), p.kw(), p.strideW(), 1, p.padding().left(), p.padding().right()),
                    x.c());
        }

        @Override
        public Shape globalPool(Op.GlobalPool g) {
            return Shape.vector(x.c());
        }

        @Override
        public Shape activationOp(Op.ActivationOp a) {
            return x;
        }

        @Override
        public Shape softmax(Op.Softmax s) {
            return x;
        }

        @Override
        public Shape logSoftmax(Op.LogSoftmax s) {
            return x;
        }

        @Override
        public Shape scaleShift(Op.ScaleShift s) {
            expectChannels(layer, x, s.scale().length);
            return x;
        }

        @Override
        public Shape add(Op.Add a) {
            if (in.size() < 2) {
                throw new GraphException("layer '" + layer + "': Add needs at least two inputs");
            }
            for (Shape s : in) {
                if (!s.equals(x)) {
                    throw new GraphException("layer '" + layer + "': Add inputs differ in shape: " + in);
                }
            }
            return x;
        }

        @Override
        public Shape concat(Op.Concat c) {
            return ShapeInference.concat(layer, c.axis(), in);
        }

        @Override
        public Shape pad(Op.Pad p) {
            return new Shape(x.h() + p.padding().top() + p.padding().bottom(),
                    x.w() + p.padding().left() + p.padding().right(), x.c());
        }

        @Override
        public Shape upsample(Op.Upsample u) {
            return new Shape(x.h() * u.factorH(), x.w() * u.factorW(), x.c());
        }

        @Override
        public Shape reshape(Op.Reshape r) {
            if (r.target().size() != x.size()) {
                throw new GraphException("layer '" + layer + "': cannot reshape " + x + " (" + x.size()
                        + " values) to " + r.target() + " (" + r.target().size() + " values)");
            }
            return r.target();
        }

        @Override
        public Shape identity(Op.Identity i) {
            return x;
        }
    }

    private static void expectChannels(String layer, Shape x, int channels) {
        if (x.c() != channels) {
            throw new GraphException("layer '" + layer + "' expects " + channels + " input channels but its input is " + x);
        }
    }

    /** Output length of a sliding window: floor((in + pads - effectiveKernel) / stride) + 1. */
    static int window(String layer, int in, int k, int stride, int dilation, int padBefore, int padAfter) {
        int span = in + padBefore + padAfter - ((k - 1) * dilation + 1);
        if (span < 0) {
            throw new GraphException("layer '" + layer + "': kernel " + k + " does not fit an input of " + in
                    + " with padding " + padBefore + "+" + padAfter);
        }
        return span / stride + 1;
    }

    private static Shape concat(String layer, Op.Axis axis, List<Shape> in) {
        int h = in.get(0).h(), w = in.get(0).w(), c = in.get(0).c();
        int sum = 0;
        for (Shape s : in) {
            boolean fits = switch (axis) {
                case H -> s.w() == w && s.c() == c;
                case W -> s.h() == h && s.c() == c;
                case C -> s.h() == h && s.w() == w;
            };
            if (!fits) {
                throw new GraphException("layer '" + layer + "': inputs " + in + " cannot be concatenated along " + axis);
            }
            sum += switch (axis) {
                case H -> s.h();
                case W -> s.w();
                case C -> s.c();
            };
        }
        return switch (axis) {
            case H -> new Shape(sum, w, c);
            case W -> new Shape(h, sum, c);
            case C -> new Shape(h, w, sum);
        };
    }
}
