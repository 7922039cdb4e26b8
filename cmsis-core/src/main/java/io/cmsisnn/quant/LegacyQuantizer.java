package io.cmsisnn.quant;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a lowered float graph into CMSIS 5's legacy q7/q15 scheme: a power-of-two format per
 * tensor, quantized constants, and per layer the calls to make.
 *
 * <p>Format rules: the input and the outputs of convolution, dense, scale-shift and add take the
 * format calibration suggests; pooling, ReLU, clamp, padding, reshape and upsampling keep their
 * input's; concatenation takes its finest input format that loses no range (the coarsest of them);
 * sigmoid, tanh and softmax give Q0.7/Q0.15 as the table and softmax functions define. Weights and
 * biases get formats from their own largest magnitude. {@code bias_shift = fi + fw - fb} and
 * {@code out_shift = fi + fw - fo} are unsigned in the API: where the ideal formats would make one
 * negative, the bias or output format moves down to make it 0, and the layer's notes say so.
 */
public final class LegacyQuantizer {
    /** The legacy kernels take dimensions as uint16_t. */
    private static final int MAX_DIM = 65535;

    /**
     * @param bits 8 (q7) or 16 (q15)
     * @param dsp  whether the kernels are built with {@code ARM_MATH_DSP}: pooling differs there
     */
    public record Options(int bits, boolean dsp) {
        public Options {
            if (bits != 8 && bits != 16) {
                throw new IllegalArgumentException("bits must be 8 or 16");
            }
        }
    }

    public LegacyNetwork quantize(Graph graph, TensorRanges ranges, Options options) {
        return new Run(graph, ranges, options).run();
    }

    /** Fractional bits that cover {@code maxAbs} in a word of {@code bits} bits (Arm's guide: ceil(log2)). */
    public static int fracFor(double maxAbs, int bits) {
        return bits - 1 - intBitsFor(maxAbs);
    }

    /** The least n with 2^n &gt;= maxAbs (0 for 0): integer bits that cover it. */
    public static int intBitsFor(double maxAbs) {
        if (!(maxAbs > 0) || Double.isInfinite(maxAbs)) {
            return 0;
        }
        int intBits = (int) Math.ceil(Math.log(maxAbs) / Math.log(2));
        // log rounding: make sure 2^intBits really covers maxAbs, and is the smallest that does
        while (Math.scalb(1.0, intBits) < maxAbs) {
            intBits++;
        }
        while (Math.scalb(1.0, intBits - 1) >= maxAbs) {
            intBits--;
        }
        return intBits;
    }

    private static final class Run {
        private final Graph graph;
        private final TensorRanges ranges;
        private final int bits;
        private final boolean dsp;
        private final Map<String, QFormat> formats = new LinkedHashMap<>();
        private final List<LegacyLayer> layers = new ArrayList<>();
        private final List<ConstArray> arrays = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Integer> uses;

        Run(Graph graph, TensorRanges ranges, Options options) {
            this.graph = graph;
            this.ranges = ranges;
            this.bits = options.bits();
            this.dsp = options.dsp();
            this.uses = graph.useCounts();
        }

        LegacyNetwork run() {
            checkDims(graph.inputName(), graph.inputShape());
            formats.put(graph.inputName(), suggested(graph.inputName(), new ArrayList<>()));
            List<Node> nodes = graph.nodes();
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                checkDims(node.name(), node.shape());
                LayerBuilder b = new LayerBuilder(node, i + 1);
                emit(node, b);
                formats.put(node.name(), b.out);
                layers.add(b.build());
            }
            long scratch = 0;
            for (LegacyLayer l : layers) {
                scratch = Math.max(scratch, l.scratchElements());
            }
            return new LegacyNetwork(graph, bits, dsp, formats, layers, arrays, scratch, notes);
        }

        private void checkDims(String tensor, Shape s) {
            if (s.h() > MAX_DIM || s.w() > MAX_DIM || s.c() > MAX_DIM || s.size() > MAX_DIM * 16L) {
                throw new QuantizationException("tensor '" + tensor + "' (" + s + ") is larger than the legacy kernels' uint16_t dimensions allow");
            }
        }

        private QFormat suggested(String tensor, List<String> layerNotes) {
            TensorRanges.Suggested s = ranges.suggest(tensor, bits);
            if (s.note() != null) {
                layerNotes.add(s.note());
            }
            return new QFormat(bits, s.frac());
        }

        private QFormat formatOf(String tensor) {
            return formats.get(tensor);
        }

        private void emit(Node node, LayerBuilder b) {
            node.op().accept(new Emit(node, b));
        }

        /** The layer's steps by op; a new op without a method here does not compile. */
        private final class Emit implements Op.Visitor<Void> {
            private final Node node;
            private final LayerBuilder b;

            Emit(Node node, LayerBuilder b) {
                this.node = node;
                this.b = b;
            }

            private Shape in() {
                return graph.shapeOf(node.inputs().get(0));
            }

            @Override
            public Void conv2D(Op.Conv2D c) {
                conv(node, c, b);
                return null;
            }

            @Override
            public Void depthwiseConv2D(Op.DepthwiseConv2D d) {
                depthwise(node, d, b);
                return null;
            }

            @Override
            public Void dense(Op.Dense d) {
                Run.this.dense(node, d, b);
                return null;
            }

            @Override
            public Void pool2D(Op.Pool2D p) {
                pool(node, p, b);
                return null;
            }

            @Override
            public Void globalPool(Op.GlobalPool p) {
                Shape in = in();
                b.keepInputFormat();
                b.describe(b.step(new LegacyStep.GlobalPool(b.in(), in.h() * in.w(), in.c(), p.pool() == Op.PoolKind.MAX, b.outRef())),
                        "no legacy function pools globally; generated loop, average rounded to nearest");
                return null;
            }

            @Override
            public Void activationOp(Op.ActivationOp a) {
                activation(node, a.activation(), b);
                return null;
            }

            @Override
            public Void softmax(Op.Softmax s) {
                Run.this.softmax(node, b);
                return null;
            }

            @Override
            public Void logSoftmax(Op.LogSoftmax s) {
                throw new QuantizationException("layer '" + node.name() + "' (" + node.source() + ", " + s.kind()
                        + ") has no q7/q15 implementation; use scheme f32 or remove the layer");
            }

            @Override
            public Void scaleShift(Op.ScaleShift s) {
                Run.this.scaleShift(node, s, b);
                return null;
            }

            @Override
            public Void add(Op.Add a) {
                Run.this.add(node, b);
                return null;
            }

            @Override
            public Void concat(Op.Concat c) {
                Run.this.concat(node, c, b);
                return null;
            }

            @Override
            public Void pad(Op.Pad p) {
                if (p.value() != 0f) {
                    throw new QuantizationException("layer '" + node.name() + "' (" + node.source() + ") pads with the value " + p.value()
                            + ": q7/q15 networks pad with zeros only; pad with zeros in the model, or use scheme f32");
                }
                Shape in = in();
                b.keepInputFormat();
                b.describe(b.step(new LegacyStep.Pad(b.in(), in.h(), in.w(), in.c(), p.padding().top(), p.padding().bottom(),
                        p.padding().left(), p.padding().right(), b.outRef())), "zero padding has no legacy function; generated loop");
                return null;
            }

            @Override
            public Void upsample(Op.Upsample u) {
                Shape in = in();
                b.keepInputFormat();
                b.describe(b.step(new LegacyStep.Upsample(b.in(), in.h(), in.w(), in.c(), u.factorH(), u.factorW(), b.outRef())),
                        "nearest-neighbour upsampling has no legacy function; generated loop");
                return null;
            }

            @Override
            public Void reshape(Op.Reshape r) {
                return alias();
            }

            @Override
            public Void identity(Op.Identity i) {
                return alias();
            }

            private Void alias() {
                b.keepInputFormat();
                b.describe("(none)", "moves no data: the tensor aliases its input's buffer");
                return null;
            }
        }

        // ---- convolution, dense, scale-shift: the layers that choose their output format ----

        /** Formats and shifts of a weighted layer, moved where the API's unsigned shifts demand it. */
        private record Shifts(QFormat w, QFormat bias, QFormat out, int biasShift, int outShift) {
        }

        private Shifts shifts(Node node, float[] weights, float[] bias, double rowAbsSum, LayerBuilder b) {
            QFormat in = b.inFormat;
            QFormat w = new QFormat(bits, fracFor(maxAbs(weights), bits));
            QFormat fb = new QFormat(bits, fracFor(maxAbs(bias), bits));
            QFormat out = suggested(node.name(), b.notes);
            // The sums live in 32 bits at scale 2^(fi + fw). Bound them by the worst case, sum |w| of a
            // row times the input format's range plus |bias|: calibrated outputs miss the negative
            // values a fused ReLU clips, and a wrapped sum is silently wrong. Only q15 words come near it.
            double bound = rowAbsSum * Math.scalb(1.0, in.intBits()) + maxAbs(bias);
            int accIntBits = Math.max(intBitsFor(bound), out.intBits());
            int maxWeightFrac = 31 - accIntBits - in.frac();
            if (w.frac() > maxWeightFrac) {
                QFormat moved = w.withFrac(maxWeightFrac);
                b.notes.add("weight format moved from " + w + " to " + moved + " so that no 32-bit sum can overflow (worst case "
                        + String.format(java.util.Locale.ROOT, "%.3g", bound) + " at scale 2^" + (in.frac() + maxWeightFrac) + ")");
                w = moved;
            }
            int product = in.frac() + w.frac();
            if (fb.frac() > product) {
                b.notes.add("bias format moved from " + fb + " to " + fb.withFrac(product) + " so that bias_shift is not negative (input "
                        + in + ", weights " + w + ")");
                fb = fb.withFrac(product);
            }
            if (out.frac() > product) {
                b.notes.add("output format moved from " + out + " to " + out.withFrac(product) + " so that out_shift is not negative (input "
                        + in + ", weights " + w + ")");
                out = out.withFrac(product);
            }
            if (product - out.frac() > 31) {
                QFormat moved = out.withFrac(product - 31);
                b.notes.add("output format moved from " + out + " to " + moved + " so that out_shift stays below 32");
                out = moved;
            }
            if (product - fb.frac() > 31 - bits) {
                // (bias << bias_shift) must fit the 32-bit accumulator
                QFormat moved = fb.withFrac(product - (31 - bits));
                b.notes.add("bias format moved from " + fb + " to " + moved + " so that bias << bias_shift fits 32 bits");
                fb = moved;
            }
            return new Shifts(w, fb, out, product - fb.frac(), product - out.frac());
        }

        private void conv(Node node, Op.Conv2D c, LayerBuilder b) {
            Shape in = graph.shapeOf(node.inputs().get(0));
            Shape out = node.shape();
            Shifts s = shifts(node, c.weights(), c.bias(), maxRowAbsSum(c.weights(), out.c(), 1), b);
            b.setWeighted(s);
            ConstArray wt = b.array("WT", s.w(), quantize(c.weights(), s.w()), "weights " + s.w() + ", [out][ky][kx][in]");
            ConstArray bias = b.array("BIAS", s.bias(), quantize(c.bias(), s.bias()), "bias " + s.bias());
            int padX = c.padding().left();
            int padY = c.padding().top();
            boolean plainConv = c.groups() == 1 && c.dilationH() == 1 && c.dilationW() == 1 && padX < c.kw() && padY < c.kh();
            boolean withinFormula = out.w() <= (in.w() + 2 * padX - c.kw()) / c.strideW() + 1
                    && out.h() <= (in.h() + 2 * padY - c.kh()) / c.strideH() + 1;
            boolean square = in.h() == in.w() && c.kh() == c.kw() && c.strideH() == c.strideW() && padX == padY && out.h() == out.w();
            String why;
            if (!plainConv) {
                b.describe(generatedConv(b, c, in, out, wt, bias, s), "groups " + c.groups() + ", dilation " + c.dilationH() + "x"
                        + c.dilationW() + " or padding as large as the kernel: no legacy convolution takes these; generated loop");
            } else {
                LegacyStep.ConvKernel kernel;
                if (bits == 8) {
                    boolean fast = LegacyConstraints.q7Fast(in.c(), out.c()) && withinFormula && symmetric(c.padding());
                    if (fast && LegacyConstraints.q7OneByOne(in.c(), out.c(), c.kw(), c.kh(), padX, padY, c.strideW(), c.strideH())) {
                        kernel = LegacyStep.ConvKernel.Q7_1X1_FAST_NONSQUARE;
                        why = "1x1 kernel, stride 1, no padding, input channels % 4 == 0 and output channels % 2 == 0";
                    } else if (fast && square && LegacyConstraints.q7FastSquareRegions(padX, out.w())) {
                        kernel = LegacyStep.ConvKernel.Q7_FAST;
                        why = "square, input channels " + in.c() + " % 4 == 0, output channels " + out.c() + " % 2 == 0";
                    } else if (fast) {
                        kernel = LegacyStep.ConvKernel.Q7_FAST_NONSQUARE;
                        why = "input channels " + in.c() + " % 4 == 0, output channels " + out.c() + " % 2 == 0, non-square";
                    } else if (square && LegacyConstraints.q7Rgb(in.c()) && withinFormula) {
                        kernel = LegacyStep.ConvKernel.Q7_RGB;
                        why = "square with 3 input channels";
                    } else if (square) {
                        kernel = LegacyStep.ConvKernel.Q7_BASIC;
                        why = fastMissReason(in.c(), out.c(), withinFormula, c.padding());
                    } else {
                        kernel = LegacyStep.ConvKernel.Q7_BASIC_NONSQUARE;
                        why = fastMissReason(in.c(), out.c(), withinFormula, c.padding());
                    }
                } else {
                    if (square && withinFormula && symmetric(c.padding()) && LegacyConstraints.q15Fast(in.c(), out.c(), out.w())) {
                        kernel = LegacyStep.ConvKernel.Q15_FAST;
                        why = "square, channels " + in.c() + " and " + out.c() + " even, even output size";
                    } else if (withinFormula && symmetric(c.padding())
                            && LegacyConstraints.q15FastNonsquare(in.c(), out.c(), out.w())) {
                        kernel = LegacyStep.ConvKernel.Q15_FAST_NONSQUARE;
                        why = "channels " + in.c() + " and " + out.c() + " even, even output width";
                    } else if (square) {
                        kernel = LegacyStep.ConvKernel.Q15_BASIC;
                        why = "the q15 fast forms need even channel counts and output size";
                    } else {
                        kernel = null;
                        why = "non-square with odd channel counts or output width: CMSIS 5 has no q15 basic non-square convolution; generated loop";
                    }
                }
                if (kernel == null) {
                    b.describe(generatedConv(b, c, in, out, wt, bias, s), why);
                } else {
                    LegacyStep.ConvGeometry g = geometry(in, out, c.kh(), c.kw(), padY, padX, c.strideH(), c.strideW());
                    b.step(new LegacyStep.Convolution(kernel, b.in(), g, wt, bias, s.biasShift(), s.outShift(), b.outRef()));
                    b.scratch = 2L * in.c() * c.kh() * c.kw();
                    b.describe(kernel.function(), why);
                }
            }
            fusedActivation(c.activation(), b);
        }

        /** The generated-loop convolution, for layers no legacy convolution takes. */
        private LegacyStep generatedConv(LayerBuilder b, Op.Conv2D c, Shape in, Shape out, ConstArray wt, ConstArray bias, Shifts s) {
            return b.step(new LegacyStep.GeneratedConv(b.in(), in.h(), in.w(), in.c(), wt, bias, out.c(), c.kh(), c.kw(), c.strideH(),
                    c.strideW(), c.dilationH(), c.dilationW(), c.padding().top(), c.padding().left(), c.groups(), s.biasShift(),
                    s.outShift(), b.outRef(), out.h(), out.w()));
        }

        private String fastMissReason(int chIn, int chOut, boolean withinFormula, io.cmsisnn.graph.Padding p) {
            if (!LegacyConstraints.q7Fast(chIn, chOut)) {
                return "fast forms need input channels % 4 == 0 and output channels % 2 == 0 (have " + chIn + " and " + chOut + ")";
            }
            if (!withinFormula || !symmetric(p)) {
                return "asymmetric padding: only the basic form checks every tap's bounds";
            }
            return "basic form";
        }

        /** The sizes of a legacy convolution, in the API's x (width) and y (height) terms. */
        private static LegacyStep.ConvGeometry geometry(Shape in, Shape out, int kh, int kw, int padY, int padX, int strideH,
                                                        int strideW) {
            return new LegacyStep.ConvGeometry(in.w(), in.h(), in.c(), out.c(), kw, kh, padX, padY, strideW, strideH, out.w(), out.h());
        }

        private void depthwise(Node node, Op.DepthwiseConv2D d, LayerBuilder b) {
            Shape in = graph.shapeOf(node.inputs().get(0));
            Shape out = node.shape();
            Shifts s = shifts(node, d.weights(), d.bias(), maxRowAbsSum(d.weights(), d.kh() * d.kw(), out.c()), b);
            b.setWeighted(s);
            ConstArray wt = b.array("WT", s.w(), quantize(d.weights(), s.w()), "weights " + s.w() + ", [ky][kx][channel]");
            ConstArray bias = b.array("BIAS", s.bias(), quantize(d.bias(), s.bias()), "bias " + s.bias());
            int padX = d.padding().left();
            int padY = d.padding().top();
            boolean withinFormula = out.w() <= (in.w() + 2 * padX - d.kw()) / d.strideW() + 1
                    && out.h() <= (in.h() + 2 * padY - d.kh()) / d.strideH() + 1;
            boolean legacy = bits == 8 && d.multiplier() == 1 && d.dilationH() == 1 && d.dilationW() == 1 && padX < d.kw()
                    && padY < d.kh() && withinFormula;
            if (legacy) {
                boolean square = in.h() == in.w() && d.kh() == d.kw() && d.strideH() == d.strideW() && padX == padY && out.h() == out.w();
                LegacyStep.ConvGeometry g = geometry(in, out, d.kh(), d.kw(), padY, padX, d.strideH(), d.strideW());
                LegacyStep step = b.step(new LegacyStep.DepthwiseConvolution(square, b.in(), g, wt, bias, s.biasShift(), s.outShift(),
                        b.outRef()));
                b.scratch = 2L * in.c() * d.kh() * d.kw();
                b.describe(step, "depth multiplier 1" + (square ? ", square" : ", non-square"));
            } else {
                LegacyStep step = b.step(new LegacyStep.GeneratedDepthwise(b.in(), in.h(), in.w(), in.c(), wt, bias, d.multiplier(),
                        d.kh(), d.kw(), d.strideH(), d.strideW(), d.dilationH(), d.dilationW(), padY, padX, s.biasShift(), s.outShift(),
                        b.outRef(), out.h(), out.w()));
                b.describe(step, bits == 16 ? "CMSIS 5 has no q15 depthwise convolution; generated loop"
                        : "depth multiplier " + d.multiplier() + ", dilation or asymmetric padding: no legacy depthwise form; generated loop");
            }
            fusedActivation(d.activation(), b);
        }

        private void dense(Node node, Op.Dense d, LayerBuilder b) {
            Shape in = graph.shapeOf(node.inputs().get(0));
            int positions = in.h() * in.w();
            Shifts s = shifts(node, d.weights(), d.bias(), maxRowAbsSum(d.weights(), d.outFeatures(), 1), b);
            b.setWeighted(s);
            int[] w = quantize(d.weights(), s.w());
            ConstArray bias = b.array("BIAS", s.bias(), quantize(d.bias(), s.bias()), "bias " + s.bias());
            if (positions == 1) {
                LegacyStep.FcKernel kernel = bits == 8 ? LegacyStep.FcKernel.Q7_OPT : LegacyStep.FcKernel.Q15_OPT;
                ConstArray wt = b.array("WT", s.w(), FcWeightOrder.interleave(w, d.outFeatures(), d.inFeatures(), kernel.layout()),
                        "weights " + s.w() + ", rows interleaved in fours for the _opt kernel");
                b.step(new LegacyStep.FullyConnected(kernel, b.in(), wt, d.inFeatures(), d.outFeatures(), s.biasShift(), s.outShift(),
                        bias, b.outRef()));
                b.scratch = d.inFeatures();
                b.describe(kernel.function(), "the _opt form takes any size; its weights are stored in its interleaved order");
            } else {
                ConstArray wt = b.array("WT", s.w(), w, "weights " + s.w() + ", [out][in]");
                LegacyStep step = b.step(new LegacyStep.GeneratedDense(b.in(), positions, d.inFeatures(), wt, bias, d.outFeatures(),
                        s.biasShift(), s.outShift(), b.outRef()));
                b.describe(step, "dense applied at each of " + positions + " positions; generated loop");
            }
            fusedActivation(d.activation(), b);
        }

        private void scaleShift(Node node, Op.ScaleShift op, LayerBuilder b) {
            Shape in = graph.shapeOf(node.inputs().get(0));
            Shifts s = shifts(node, op.scale(), op.shift(), maxAbs(op.scale()), b);
            b.setWeighted(s);
            ConstArray scale = b.array("SCALE", s.w(), quantize(op.scale(), s.w()), "per-channel scale " + s.w());
            ConstArray shift = b.array("SHIFT", s.bias(), quantize(op.shift(), s.bias()), "per-channel shift " + s.bias());
            LegacyStep step = b.step(new LegacyStep.ScaleShift(b.in(), in.h() * in.w(), in.c(), scale, shift, s.biasShift(), s.outShift(),
                    b.outRef()));
            b.describe(step, "a batch normalization that could not be folded into a neighbour; generated loop");
        }

        private void fusedActivation(Activation a, LayerBuilder b) {
            if (a.kind() == Activation.Kind.LINEAR) {
                return;
            }
            if (a.kind() != Activation.Kind.CLAMP) {
                throw new IllegalStateException("unfused activation " + a + " inside a kernel");
            }
            int size = b.node.shape().size();
            if (a.low() == 0f && a.high() == Float.POSITIVE_INFINITY) {
                b.function += " + " + b.step(new LegacyStep.Relu(bits, b.outRef(), size)).function();
            } else {
                LegacyStep clamp = new LegacyStep.Clamp(b.outRef(), size, clampBound(a.low(), b.out), clampBound(a.high(), b.out), b.outRef());
                b.function += " + " + b.step(clamp).function();
            }
        }

        private static int clampBound(float v, QFormat f) {
            if (v == Float.POSITIVE_INFINITY) {
                return f.max();
            }
            if (v == Float.NEGATIVE_INFINITY) {
                return f.min();
            }
            return f.quantize(v);
        }

        // ---- layers that keep their input's format ----

        private void pool(Node node, Op.Pool2D p, LayerBuilder b) {
            Shape in = graph.shapeOf(node.inputs().get(0));
            Shape out = node.shape();
            b.keepInputFormat();
            io.cmsisnn.graph.Padding pad = p.padding();
            boolean max = p.pool() == Op.PoolKind.MAX;
            boolean square = in.h() == in.w() && p.kh() == p.kw() && p.strideH() == p.strideW() && out.h() == out.w()
                    && pad.top() == pad.left() && pad.bottom() == pad.top() && pad.right() == pad.left();
            int k = p.kw();
            int padding = pad.left();
            String source = node.inputs().get(0);
            boolean clobberable = uses.getOrDefault(source, 0) == 1 && !source.equals(graph.outputName())
                    && (source.equals(graph.inputName()) || !(graph.node(source).op() instanceof Op.Reshape)
                    && !(graph.node(source).op() instanceof Op.Identity));
            String miss = null;
            if (bits != 8) {
                miss = "CMSIS 5 has no q15 pooling";
            } else if (!square) {
                miss = "the legacy pooling functions are square only (and need symmetric padding)";
            } else if (padding >= k || out.w() > (in.w() + 2 * padding - k) / p.strideW() + 1) {
                miss = "padding as large as the window, or more outputs than the legacy formula gives";
            } else if (!max && p.countIncludePad() && padding > 0) {
                miss = "the legacy average divides by the taps inside the image, not the padded window";
            } else if (!clobberable) {
                miss = "the legacy pooling functions may overwrite their input, which another layer still reads";
            } else if (dsp && !LegacyConstraints.poolDspPathApplies(in.w(), padding, p.strideW(), out.w())) {
                miss = "upstream's DSP path would write outside its buffers for this shape";
            } else if (dsp && max && !LegacyConstraints.maxpoolSameOnBothPaths(in.w(), padding, p.strideW(), out.w())) {
                miss = "upstream's DSP max pooling reads values it already overwrote when padding >= stride";
            }
            if (miss == null) {
                LegacyStep step = b.step(new LegacyStep.Pool(max, b.in(), in.w(), in.c(), k, padding, p.strideW(), out.w(), b.outRef()));
                if (!max) {
                    b.scratch = (long) out.w() * in.c();
                }
                b.describe(step, "square window and image" + (max ? "" : dsp ? "; the DSP path divides twice, truncating"
                        : "; divides by the taps inside the image, truncating"));
            } else {
                LegacyStep step = b.step(new LegacyStep.GeneratedPool(b.in(), in.h(), in.w(), in.c(), p.kh(), p.kw(), p.strideH(),
                        p.strideW(), pad.top(), pad.left(), max, p.countIncludePad(), b.outRef(), out.h(), out.w()));
                b.describe(step, miss + "; generated loop" + (max ? "" : ", average rounded to nearest"));
            }
        }

        private void activation(Node node, Activation a, LayerBuilder b) {
            int size = node.shape().size();
            switch (a.kind()) {
                case LINEAR -> {
                    b.keepInputFormat();
                    b.describe(b.step(new LegacyStep.Copy(b.outRef(), b.in(), size)), "a linear activation only copies");
                }
                case CLAMP -> {
                    b.keepInputFormat();
                    if (a.low() == 0f && a.high() == Float.POSITIVE_INFINITY) {
                        b.step(new LegacyStep.Copy(b.outRef(), b.in(), size));
                        b.describe(b.step(new LegacyStep.Relu(bits, b.outRef(), size)), "in place on a copy of the input");
                    } else {
                        LegacyStep step = b.step(new LegacyStep.Clamp(b.in(), size, clampBound(a.low(), b.out),
                                clampBound(a.high(), b.out), b.outRef()));
                        b.describe(step, "bounded ReLU " + a + " has no legacy function; generated loop");
                    }
                }
                case SIGMOID, TANH -> table(a, size, b);
                case LEAKY_RELU -> {
                    b.keepInputFormat();
                    int alphaFrac = Math.min(fracFor(Math.abs(a.alpha()), 16), 24);
                    int alpha = new QFormat(16, alphaFrac).quantize(a.alpha());
                    LegacyStep step = b.step(new LegacyStep.LeakyRelu(b.in(), size, alpha, alphaFrac, b.outRef()));
                    b.describe(step, "leaky ReLU has no legacy function; generated loop, alpha " + alpha + "/2^" + alphaFrac);
                }
                default -> throw new IllegalStateException(a.toString());
            }
        }

        /** Sigmoid and tanh through the direct tables: input Q(w).(B-1-w) with w <= 3, output Q0.(B-1). */
        private void table(Activation a, int size, LayerBuilder b) {
            QFormat in = b.inFormat;
            int intWidth = in.intBits();
            if (intWidth > 3 || intWidth < 0) {
                QFormat target = in.withFrac(intWidth > 3 ? bits - 4 : bits - 1);
                b.step(new LegacyStep.Requantize(b.in(), size, target.frac() - in.frac(), b.outRef()));
                b.notes.add("input " + in + " requantized to " + target + (intWidth > 3
                        ? ": the table covers [-8, 8), larger values saturate (" + a + " is flat there)"
                        : ": the table takes at least Q0." + (bits - 1)));
                intWidth = target.intBits();
            } else {
                b.step(new LegacyStep.Copy(b.outRef(), b.in(), size));
            }
            LegacyStep.TableFunction type = a.kind() == Activation.Kind.SIGMOID ? LegacyStep.TableFunction.SIGMOID
                    : LegacyStep.TableFunction.TANH;
            LegacyStep step = b.step(new LegacyStep.TableActivation(bits, b.outRef(), size, intWidth, type));
            b.out = new QFormat(bits, bits - 1);
            b.describe(step, a + " by table, int_width " + intWidth + "; output Q0." + (bits - 1));
        }

        private void softmax(Node node, LayerBuilder b) {
            Shape s = node.shape();
            int positions = s.h() * s.w();
            b.out = new QFormat(bits, bits - 1);
            if (bits == 8 && positions > 1) {
                LegacyStep step = b.step(new LegacyStep.SoftmaxWithBatch(b.in(), positions, s.c(), b.outRef()));
                b.describe(step, "softmax at each of " + positions + " positions");
            } else {
                LegacyStep step = null;
                for (int p = 0; p < positions; p++) {
                    step = b.step(new LegacyStep.Softmax(bits, new LegacyStep.TensorRef(node.inputs().get(0), p * s.c()), s.c(),
                            new LegacyStep.TensorRef(node.name(), p * s.c())));
                }
                b.describe(step, "CMSIS 5 softmax");
            }
            b.notes.add("legacy softmax is base 2 on the raw input integers (input " + b.inFormat
                    + "): it keeps the order of the classes, not the float probabilities");
        }

        private void add(Node node, LayerBuilder b) {
            QFormat out = suggested(node.name(), b.notes);
            b.out = out;
            List<LegacyStep.TensorRef> ins = new ArrayList<>();
            List<Integer> shifts = new ArrayList<>();
            for (String in : node.inputs()) {
                ins.add(LegacyStep.TensorRef.of(in));
                shifts.add(out.frac() - formatOf(in).frac());
            }
            LegacyStep step = b.step(new LegacyStep.Add(ins, shifts, node.shape().size(), b.outRef()));
            b.describe(step, "inputs requantized to the output format " + out + " (shifts " + shifts + "), summed, saturated");
        }

        private void concat(Node node, Op.Concat c, LayerBuilder b) {
            int frac = Integer.MAX_VALUE;
            for (String in : node.inputs()) {
                frac = Math.min(frac, formatOf(in).frac());
            }
            QFormat out = new QFormat(bits, frac);
            b.out = out;
            List<LegacyStep.TensorRef> ins = new ArrayList<>();
            List<Integer> inner = new ArrayList<>();
            List<Integer> shifts = new ArrayList<>();
            Shape s = node.shape();
            int outer = switch (c.axis()) {
                case C -> s.h() * s.w();
                case W -> s.h();
                case H -> 1;
            };
            for (String in : node.inputs()) {
                ins.add(LegacyStep.TensorRef.of(in));
                inner.add(graph.shapeOf(in).size() / outer);
                shifts.add(frac - formatOf(in).frac());
            }
            LegacyStep step = b.step(new LegacyStep.Concat(ins, inner, shifts, outer, b.outRef()));
            b.describe(step, "inputs requantized to the coarsest input format " + out);
        }

        /** The fast forms were checked upstream for symmetric padding only. */
        private static boolean symmetric(io.cmsisnn.graph.Padding p) {
            return p.top() == p.bottom() && p.left() == p.right();
        }

        /**
         * The largest sum of |w| over one output's weights. Contiguous rows ({@code stride} 1): {@code rows}
         * blocks of {@code length / rows}; strided ({@code stride} n, depthwise): output k sums every n-th
         * value from k, {@code rows} of them.
         */
        private static double maxRowAbsSum(float[] w, int rows, int stride) {
            double best = 0;
            if (stride == 1) {
                int len = w.length / rows;
                for (int r = 0; r < rows; r++) {
                    double sum = 0;
                    for (int i = r * len; i < (r + 1) * len; i++) {
                        sum += Math.abs(w[i]);
                    }
                    best = Math.max(best, sum);
                }
            } else {
                for (int k = 0; k < stride; k++) {
                    double sum = 0;
                    for (int r = 0; r < rows; r++) {
                        sum += Math.abs(w[r * stride + k]);
                    }
                    best = Math.max(best, sum);
                }
            }
            return best;
        }

        private static double maxAbs(float[] v) {
            double m = 0;
            for (float x : v) {
                m = Math.max(m, Math.abs(x));
            }
            return m;
        }

        private static int[] quantize(float[] v, QFormat f) {
            int[] q = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                q[i] = f.quantize(v[i]);
            }
            return q;
        }

        /** Collects one layer's steps, constants and notes. */
        private final class LayerBuilder {
            final Node node;
            final int index;
            final QFormat inFormat;
            final List<LegacyStep> steps = new ArrayList<>();
            final List<String> notes = new ArrayList<>();
            QFormat out;
            QFormat weights;
            QFormat bias;
            Integer biasShift;
            Integer outShift;
            String function = "(none)";
            String reason = "";
            long scratch;
            long weightBytes;

            LayerBuilder(Node node, int index) {
                this.node = node;
                this.index = index;
                this.inFormat = node.inputs().isEmpty() ? null : formatOf(node.inputs().get(0));
            }

            void keepInputFormat() {
                out = inFormat;
            }

            void setWeighted(Shifts s) {
                weights = s.w();
                bias = s.bias();
                out = s.out();
                biasShift = s.biasShift();
                outShift = s.outShift();
            }

            LegacyStep.TensorRef in() {
                return LegacyStep.TensorRef.of(node.inputs().get(0));
            }

            LegacyStep.TensorRef outRef() {
                return LegacyStep.TensorRef.of(node.name());
            }

            ConstArray array(String suffix, QFormat f, int[] values, String comment) {
                String name = "L" + index + "_" + suffix;
                ConstArray a = new ConstArray(name, f.bits(), values, "layer " + index + " '" + node.name() + "': " + comment);
                arrays.add(a);
                weightBytes += a.bytes();
                return a;
            }

            /** Appends {@code step} and returns it, so that the caller can name it in the report. */
            LegacyStep step(LegacyStep step) {
                steps.add(step);
                return step;
            }

            void describe(LegacyStep step, String why) {
                describe(step.function(), why);
            }

            void describe(String fn, String why) {
                function = fn;
                reason = why;
            }

            LegacyLayer build() {
                if (out == null) {
                    throw new IllegalStateException("no output format for " + node.name());
                }
                return new LegacyLayer(node, steps, function, reason, inFormat, out, weights, bias, biasShift, outShift, notes,
                        scratch, weightBytes);
            }
        }
    }
}
