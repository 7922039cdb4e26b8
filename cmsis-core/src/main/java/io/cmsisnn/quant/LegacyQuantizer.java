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
            Op op = node.op();
            if (op instanceof Op.Conv2D c) {
                conv(node, c, b);
            } else if (op instanceof Op.DepthwiseConv2D d) {
                depthwise(node, d, b);
            } else if (op instanceof Op.Dense d) {
                dense(node, d, b);
            } else if (op instanceof Op.Pool2D p) {
                pool(node, p, b);
            } else if (op instanceof Op.GlobalPool p) {
                Shape in = graph.shapeOf(node.inputs().get(0));
                b.keepInputFormat();
                b.call("cnn_ops_global_pool", b.in(), b.i("HW", in.h() * in.w()), b.i("CH", in.c()),
                        b.i("IS_MAX", p.pool() == Op.PoolKind.MAX ? 1 : 0), b.outRef(), b.bitsArg());
                b.describe("cnn_ops_global_pool", "no legacy function pools globally; generated loop, average rounded to nearest");
            } else if (op instanceof Op.ActivationOp a) {
                activation(node, a.activation(), b);
            } else if (op instanceof Op.Softmax) {
                softmax(node, b);
            } else if (op instanceof Op.ScaleShift s) {
                scaleShift(node, s, b);
            } else if (op instanceof Op.Add) {
                add(node, b);
            } else if (op instanceof Op.Concat c) {
                concat(node, c, b);
            } else if (op instanceof Op.Pad p) {
                if (p.value() != 0f) {
                    throw new QuantizationException("layer '" + node.name() + "' (" + node.source() + ") pads with the value " + p.value()
                            + ": q7/q15 networks pad with zeros only; pad with zeros in the model, or use scheme f32");
                }
                Shape in = graph.shapeOf(node.inputs().get(0));
                b.keepInputFormat();
                b.call("cnn_ops_pad", b.in(), b.i("IN_H", in.h()), b.i("IN_W", in.w()), b.i("CH", in.c()),
                        b.i("PAD_TOP", p.padding().top()), b.i("PAD_BOTTOM", p.padding().bottom()),
                        b.i("PAD_LEFT", p.padding().left()), b.i("PAD_RIGHT", p.padding().right()), b.outRef(), b.bitsArg());
                b.describe("cnn_ops_pad", "zero padding has no legacy function; generated loop");
            } else if (op instanceof Op.Upsample u) {
                Shape in = graph.shapeOf(node.inputs().get(0));
                b.keepInputFormat();
                b.call("cnn_ops_upsample", b.in(), b.i("IN_H", in.h()), b.i("IN_W", in.w()), b.i("CH", in.c()),
                        b.i("FACTOR_H", u.factorH()), b.i("FACTOR_W", u.factorW()), b.outRef(), b.bitsArg());
                b.describe("cnn_ops_upsample", "nearest-neighbour upsampling has no legacy function; generated loop");
            } else if (op instanceof Op.Reshape || op instanceof Op.Identity) {
                b.keepInputFormat();
                b.describe("(none)", "moves no data: the tensor aliases its input's buffer");
            } else {
                throw new QuantizationException("layer '" + node.name() + "' (" + node.source() + ", " + op.kind()
                        + ") has no q7/q15 implementation; use scheme f32 or remove the layer");
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
            Arg wt = b.array("WT", s.w(), quantize(c.weights(), s.w()), "weights " + s.w() + ", [out][ky][kx][in]");
            Arg bias = b.array("BIAS", s.bias(), quantize(c.bias(), s.bias()), "bias " + s.bias());
            int padX = c.padding().left();
            int padY = c.padding().top();
            boolean plainConv = c.groups() == 1 && c.dilationH() == 1 && c.dilationW() == 1 && padX < c.kw() && padY < c.kh();
            boolean withinFormula = out.w() <= (in.w() + 2 * padX - c.kw()) / c.strideW() + 1
                    && out.h() <= (in.h() + 2 * padY - c.kh()) / c.strideH() + 1;
            boolean square = in.h() == in.w() && c.kh() == c.kw() && c.strideH() == c.strideW() && padX == padY && out.h() == out.w();
            String why;
            if (!plainConv) {
                generatedConv(b, c, in, out, wt, bias, s);
                b.describe("cnn_ops_conv", "groups " + c.groups() + ", dilation " + c.dilationH() + "x" + c.dilationW()
                        + " or padding as large as the kernel: no legacy convolution takes these; generated loop");
            } else {
                String fn;
                long scratch;
                if (bits == 8) {
                    boolean fast = LegacyConstraints.q7Fast(in.c(), out.c()) && withinFormula && symmetric(c.padding());
                    if (fast && LegacyConstraints.q7OneByOne(in.c(), out.c(), c.kw(), c.kh(), padX, padY, c.strideW(), c.strideH())) {
                        fn = "arm_convolve_1x1_HWC_q7_fast_nonsquare";
                        why = "1x1 kernel, stride 1, no padding, input channels % 4 == 0 and output channels % 2 == 0";
                    } else if (fast && square && LegacyConstraints.q7FastSquareRegions(padX, out.w())) {
                        fn = "arm_convolve_HWC_q7_fast";
                        why = "square, input channels " + in.c() + " % 4 == 0, output channels " + out.c() + " % 2 == 0";
                    } else if (fast) {
                        fn = "arm_convolve_HWC_q7_fast_nonsquare";
                        why = "input channels " + in.c() + " % 4 == 0, output channels " + out.c() + " % 2 == 0, non-square";
                    } else if (square && LegacyConstraints.q7Rgb(in.c()) && withinFormula) {
                        fn = "arm_convolve_HWC_q7_RGB";
                        why = "square with 3 input channels";
                    } else if (square) {
                        fn = "arm_convolve_HWC_q7_basic";
                        why = fastMissReason(in.c(), out.c(), withinFormula, c.padding());
                    } else {
                        fn = "arm_convolve_HWC_q7_basic_nonsquare";
                        why = fastMissReason(in.c(), out.c(), withinFormula, c.padding());
                    }
                    scratch = 2L * in.c() * c.kh() * c.kw();
                } else {
                    if (square && withinFormula && symmetric(c.padding()) && LegacyConstraints.q15Fast(in.c(), out.c(), out.w())) {
                        fn = "arm_convolve_HWC_q15_fast";
                        why = "square, channels " + in.c() + " and " + out.c() + " even, even output size";
                    } else if (withinFormula && symmetric(c.padding())
                            && LegacyConstraints.q15FastNonsquare(in.c(), out.c(), out.w())) {
                        fn = "arm_convolve_HWC_q15_fast_nonsquare";
                        why = "channels " + in.c() + " and " + out.c() + " even, even output width";
                    } else if (square) {
                        fn = "arm_convolve_HWC_q15_basic";
                        why = "the q15 fast forms need even channel counts and output size";
                    } else {
                        fn = null;
                        why = "non-square with odd channel counts or output width: CMSIS 5 has no q15 basic non-square convolution; generated loop";
                    }
                    scratch = 2L * in.c() * c.kh() * c.kw();
                }
                if (fn == null) {
                    generatedConv(b, c, in, out, wt, bias, s);
                    b.describe("cnn_ops_conv", why);
                } else {
                    squareOrNot(b, fn, fn.contains("nonsquare") ? null : Boolean.TRUE, in, out, wt, bias, c.kh(), c.kw(), padY, padX,
                            c.strideH(), c.strideW(), s);
                    b.scratch = scratch;
                    b.describe(fn, why);
                }
            }
            fusedActivation(c.activation(), b);
        }

        /** The generated-loop convolution, for layers no legacy convolution takes. */
        private void generatedConv(LayerBuilder b, Op.Conv2D c, Shape in, Shape out, Arg wt, Arg bias, Shifts s) {
            b.call("cnn_ops_conv", b.in(), b.i("IN_H", in.h()), b.i("IN_W", in.w()), b.i("IN_CH", in.c()), wt, bias,
                    b.i("OUT_CH", out.c()), b.i("K_H", c.kh()), b.i("K_W", c.kw()), b.i("STRIDE_H", c.strideH()),
                    b.i("STRIDE_W", c.strideW()), b.i("DIL_H", c.dilationH()), b.i("DIL_W", c.dilationW()),
                    b.i("PAD_TOP", c.padding().top()), b.i("PAD_LEFT", c.padding().left()), b.i("GROUPS", c.groups()),
                    b.i("BIAS_SHIFT", s.biasShift()), b.i("OUT_SHIFT", s.outShift()), b.outRef(), b.i("OUT_H", out.h()),
                    b.i("OUT_W", out.w()), b.bitsArg());
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

        /** A call of the legacy convolution signature, square ({@code square == TRUE}) or non-square. */
        private void squareOrNot(LayerBuilder b, String fn, Boolean square, Shape in, Shape out, Arg wt, Arg bias, int kh, int kw,
                                 int padY, int padX, int strideH, int strideW, Shifts s) {
            if (square != null && square) {
                b.call(fn, b.in(), b.i("DIM_IM_IN", in.w()), b.i("CH_IM_IN", in.c()), wt, b.i("CH_IM_OUT", out.c()),
                        b.i("DIM_KERNEL", kw), b.i("PADDING", padX), b.i("STRIDE", strideW), bias, b.i("BIAS_SHIFT", s.biasShift()),
                        b.i("OUT_SHIFT", s.outShift()), b.outRef(), b.i("DIM_IM_OUT", out.w()), new Arg.Scratch(true), new Arg.NullPtr());
            } else {
                b.call(fn, b.in(), b.i("DIM_IM_IN_X", in.w()), b.i("DIM_IM_IN_Y", in.h()), b.i("CH_IM_IN", in.c()), wt,
                        b.i("CH_IM_OUT", out.c()), b.i("DIM_KERNEL_X", kw), b.i("DIM_KERNEL_Y", kh), b.i("PADDING_X", padX),
                        b.i("PADDING_Y", padY), b.i("STRIDE_X", strideW), b.i("STRIDE_Y", strideH), bias,
                        b.i("BIAS_SHIFT", s.biasShift()), b.i("OUT_SHIFT", s.outShift()), b.outRef(), b.i("DIM_IM_OUT_X", out.w()),
                        b.i("DIM_IM_OUT_Y", out.h()), new Arg.Scratch(true), new Arg.NullPtr());
            }
        }

        private void depthwise(Node node, Op.DepthwiseConv2D d, LayerBuilder b) {
            Shape in = graph.shapeOf(node.inputs().get(0));
            Shape out = node.shape();
            Shifts s = shifts(node, d.weights(), d.bias(), maxRowAbsSum(d.weights(), d.kh() * d.kw(), out.c()), b);
            b.setWeighted(s);
            Arg wt = b.array("WT", s.w(), quantize(d.weights(), s.w()), "weights " + s.w() + ", [ky][kx][channel]");
            Arg bias = b.array("BIAS", s.bias(), quantize(d.bias(), s.bias()), "bias " + s.bias());
            int padX = d.padding().left();
            int padY = d.padding().top();
            boolean withinFormula = out.w() <= (in.w() + 2 * padX - d.kw()) / d.strideW() + 1
                    && out.h() <= (in.h() + 2 * padY - d.kh()) / d.strideH() + 1;
            boolean legacy = bits == 8 && d.multiplier() == 1 && d.dilationH() == 1 && d.dilationW() == 1 && padX < d.kw()
                    && padY < d.kh() && withinFormula;
            if (legacy) {
                boolean square = in.h() == in.w() && d.kh() == d.kw() && d.strideH() == d.strideW() && padX == padY && out.h() == out.w();
                String fn = square ? "arm_depthwise_separable_conv_HWC_q7" : "arm_depthwise_separable_conv_HWC_q7_nonsquare";
                squareOrNot(b, fn, square ? Boolean.TRUE : null, in, out, wt, bias, d.kh(), d.kw(), padY, padX, d.strideH(), d.strideW(), s);
                b.scratch = 2L * in.c() * d.kh() * d.kw();
                b.describe(fn, "depth multiplier 1" + (square ? ", square" : ", non-square"));
            } else {
                b.call("cnn_ops_depthwise", b.in(), b.i("IN_H", in.h()), b.i("IN_W", in.w()), b.i("IN_CH", in.c()), wt, bias,
                        b.i("MULTIPLIER", d.multiplier()), b.i("K_H", d.kh()), b.i("K_W", d.kw()), b.i("STRIDE_H", d.strideH()),
                        b.i("STRIDE_W", d.strideW()), b.i("DIL_H", d.dilationH()), b.i("DIL_W", d.dilationW()),
                        b.i("PAD_TOP", padY), b.i("PAD_LEFT", padX), b.i("BIAS_SHIFT", s.biasShift()), b.i("OUT_SHIFT", s.outShift()),
                        b.outRef(), b.i("OUT_H", out.h()), b.i("OUT_W", out.w()), b.bitsArg());
                b.describe("cnn_ops_depthwise", bits == 16 ? "CMSIS 5 has no q15 depthwise convolution; generated loop"
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
            Arg bias = b.array("BIAS", s.bias(), quantize(d.bias(), s.bias()), "bias " + s.bias());
            if (positions == 1) {
                FcWeightOrder.Layout layout = bits == 8 ? FcWeightOrder.Layout.Q7_OPT : FcWeightOrder.Layout.Q15_OPT;
                Arg wt = b.array("WT", s.w(), FcWeightOrder.interleave(w, d.outFeatures(), d.inFeatures(), layout),
                        "weights " + s.w() + ", rows interleaved in fours for the _opt kernel");
                String fn = bits == 8 ? "arm_fully_connected_q7_opt" : "arm_fully_connected_q15_opt";
                b.call(fn, b.in(), wt, b.i("DIM_VEC", d.inFeatures()), b.i("NUM_OF_ROWS", d.outFeatures()),
                        b.i("BIAS_SHIFT", s.biasShift()), b.i("OUT_SHIFT", s.outShift()), bias, b.outRef(), new Arg.Scratch(true));
                b.scratch = d.inFeatures();
                b.describe(fn, "the _opt form takes any size; its weights are stored in its interleaved order");
            } else {
                Arg wt = b.array("WT", s.w(), w, "weights " + s.w() + ", [out][in]");
                b.call("cnn_ops_dense", b.in(), b.i("POSITIONS", positions), b.i("IN_FEATURES", d.inFeatures()), wt, bias,
                        b.i("OUT_FEATURES", d.outFeatures()), b.i("BIAS_SHIFT", s.biasShift()), b.i("OUT_SHIFT", s.outShift()),
                        b.outRef(), b.bitsArg());
                b.describe("cnn_ops_dense", "dense applied at each of " + positions + " positions; generated loop");
            }
            fusedActivation(d.activation(), b);
        }

        private void scaleShift(Node node, Op.ScaleShift op, LayerBuilder b) {
            Shape in = graph.shapeOf(node.inputs().get(0));
            Shifts s = shifts(node, op.scale(), op.shift(), maxAbs(op.scale()), b);
            b.setWeighted(s);
            Arg scale = b.array("SCALE", s.w(), quantize(op.scale(), s.w()), "per-channel scale " + s.w());
            Arg shift = b.array("SHIFT", s.bias(), quantize(op.shift(), s.bias()), "per-channel shift " + s.bias());
            b.call("cnn_ops_scale_shift", b.in(), b.i("HW", in.h() * in.w()), b.i("CH", in.c()), scale, shift,
                    b.i("BIAS_SHIFT", s.biasShift()), b.i("OUT_SHIFT", s.outShift()), b.outRef(), b.bitsArg());
            b.describe("cnn_ops_scale_shift", "a batch normalization that could not be folded into a neighbour; generated loop");
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
                b.call(bits == 8 ? "arm_relu_q7" : "arm_relu_q15", b.outRef(), b.i("SIZE", size));
                b.function += " + " + (bits == 8 ? "arm_relu_q7" : "arm_relu_q15");
            } else {
                b.call("cnn_ops_clamp", b.outRef(), b.i("SIZE", size), b.i("CLAMP_LO", clampBound(a.low(), b.out)),
                        b.i("CLAMP_HI", clampBound(a.high(), b.out)), b.outRef(), b.bitsArg());
                b.function += " + cnn_ops_clamp";
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
                String fn = max ? "arm_maxpool_q7_HWC" : "arm_avepool_q7_HWC";
                b.call(fn, b.in(), b.i("DIM_IM_IN", in.w()), b.i("CH_IM_IN", in.c()), b.i("DIM_KERNEL", k), b.i("PADDING", padding),
                        b.i("STRIDE", p.strideW()), b.i("DIM_IM_OUT", out.w()), max ? new Arg.NullPtr() : new Arg.Scratch(false), b.outRef());
                if (!max) {
                    b.scratch = (long) out.w() * in.c();
                }
                b.describe(fn, "square window and image" + (max ? "" : dsp ? "; the DSP path divides twice, truncating"
                        : "; divides by the taps inside the image, truncating"));
            } else {
                b.call("cnn_ops_pool", b.in(), b.i("IN_H", in.h()), b.i("IN_W", in.w()), b.i("CH", in.c()), b.i("K_H", p.kh()),
                        b.i("K_W", p.kw()), b.i("STRIDE_H", p.strideH()), b.i("STRIDE_W", p.strideW()), b.i("PAD_TOP", pad.top()),
                        b.i("PAD_LEFT", pad.left()), b.i("IS_MAX", max ? 1 : 0), b.i("COUNT_INCLUDE_PAD", p.countIncludePad() ? 1 : 0),
                        b.outRef(), b.i("OUT_H", out.h()), b.i("OUT_W", out.w()), b.bitsArg());
                b.describe("cnn_ops_pool", miss + "; generated loop" + (max ? "" : ", average rounded to nearest"));
            }
        }

        private void activation(Node node, Activation a, LayerBuilder b) {
            int size = node.shape().size();
            switch (a.kind()) {
                case LINEAR -> {
                    b.keepInputFormat();
                    b.call("memcpy", b.outRef(), b.in(), b.i("SIZE", size));
                    b.describe("memcpy", "a linear activation only copies");
                }
                case CLAMP -> {
                    b.keepInputFormat();
                    if (a.low() == 0f && a.high() == Float.POSITIVE_INFINITY) {
                        String fn = bits == 8 ? "arm_relu_q7" : "arm_relu_q15";
                        b.call("memcpy", b.outRef(), b.in(), b.i("SIZE", size));
                        b.call(fn, b.outRef(), b.i("SIZE", size));
                        b.describe(fn, "in place on a copy of the input");
                    } else {
                        b.call("cnn_ops_clamp", b.in(), b.i("SIZE", size), b.i("CLAMP_LO", clampBound(a.low(), b.out)),
                                b.i("CLAMP_HI", clampBound(a.high(), b.out)), b.outRef(), b.bitsArg());
                        b.describe("cnn_ops_clamp", "bounded ReLU " + a + " has no legacy function; generated loop");
                    }
                }
                case SIGMOID, TANH -> table(a, size, b);
                case LEAKY_RELU -> {
                    b.keepInputFormat();
                    int alphaFrac = Math.min(fracFor(Math.abs(a.alpha()), 16), 24);
                    int alpha = new QFormat(16, alphaFrac).quantize(a.alpha());
                    b.call("cnn_ops_leaky_relu", b.in(), b.i("SIZE", size), b.i("ALPHA", alpha), b.i("ALPHA_FRAC", alphaFrac),
                            b.outRef(), b.bitsArg());
                    b.describe("cnn_ops_leaky_relu", "leaky ReLU has no legacy function; generated loop, alpha " + alpha + "/2^" + alphaFrac);
                }
                default -> throw new IllegalStateException(a.toString());
            }
        }

        /** Sigmoid and tanh through the direct tables: input Q(w).(B-1-w) with w <= 3, output Q0.(B-1). */
        private void table(Activation a, int size, LayerBuilder b) {
            QFormat in = b.inFormat;
            int intWidth = in.intBits();
            String fn = bits == 8 ? "arm_nn_activations_direct_q7" : "arm_nn_activations_direct_q15";
            if (intWidth > 3 || intWidth < 0) {
                QFormat target = in.withFrac(intWidth > 3 ? bits - 4 : bits - 1);
                b.call("cnn_ops_requantize", b.in(), b.i("SIZE", size), b.i("SHIFT", target.frac() - in.frac()), b.outRef(), b.bitsArg());
                b.notes.add("input " + in + " requantized to " + target + (intWidth > 3
                        ? ": the table covers [-8, 8), larger values saturate (" + a + " is flat there)"
                        : ": the table takes at least Q0." + (bits - 1)));
                intWidth = target.intBits();
            } else {
                b.call("memcpy", b.outRef(), b.in(), b.i("SIZE", size));
            }
            b.call(fn, b.outRef(), b.i("SIZE", size), b.i("INT_WIDTH", intWidth), b.i("TYPE", a.kind() == Activation.Kind.SIGMOID ? 0 : 1));
            b.out = new QFormat(bits, bits - 1);
            b.describe(fn, a + " by table, int_width " + intWidth + "; output Q0." + (bits - 1));
        }

        private void softmax(Node node, LayerBuilder b) {
            Shape s = node.shape();
            int positions = s.h() * s.w();
            b.out = new QFormat(bits, bits - 1);
            if (bits == 8 && positions > 1) {
                b.call("arm_softmax_with_batch_q7", b.in(), b.i("NB_BATCHES", positions), b.i("DIM_VEC", s.c()), b.outRef());
                b.describe("arm_softmax_with_batch_q7", "softmax at each of " + positions + " positions");
            } else {
                String fn = bits == 8 ? "arm_softmax_q7" : "arm_softmax_q15";
                for (int p = 0; p < positions; p++) {
                    b.call(fn, new Arg.TensorRef(node.inputs().get(0), p * s.c()), b.i("DIM_VEC", s.c()),
                            new Arg.TensorRef(node.name(), p * s.c()));
                }
                b.describe(fn, "CMSIS 5 softmax");
            }
            b.notes.add("legacy softmax is base 2 on the raw input integers (input " + b.inFormat
                    + "): it keeps the order of the classes, not the float probabilities");
        }

        private void add(Node node, LayerBuilder b) {
            QFormat out = suggested(node.name(), b.notes);
            b.out = out;
            List<Arg.TensorRef> ins = new ArrayList<>();
            List<Integer> shifts = new ArrayList<>();
            for (String in : node.inputs()) {
                ins.add(Arg.TensorRef.of(in));
                shifts.add(out.frac() - formatOf(in).frac());
            }
            b.call("cnn_ops_add", new Arg.TensorList(ins), new Arg.IntList("SHIFTS", shifts), b.i("N_INPUTS", ins.size()),
                    b.i("SIZE", node.shape().size()), b.outRef(), b.bitsArg());
            b.describe("cnn_ops_add", "inputs requantized to the output format " + out + " (shifts " + shifts + "), summed, saturated");
        }

        private void concat(Node node, Op.Concat c, LayerBuilder b) {
            int frac = Integer.MAX_VALUE;
            for (String in : node.inputs()) {
                frac = Math.min(frac, formatOf(in).frac());
            }
            QFormat out = new QFormat(bits, frac);
            b.out = out;
            List<Arg.TensorRef> ins = new ArrayList<>();
            List<Integer> inner = new ArrayList<>();
            List<Integer> shifts = new ArrayList<>();
            Shape s = node.shape();
            int outer = switch (c.axis()) {
                case C -> s.h() * s.w();
                case W -> s.h();
                case H -> 1;
            };
            for (String in : node.inputs()) {
                ins.add(Arg.TensorRef.of(in));
                inner.add(graph.shapeOf(in).size() / outer);
                shifts.add(frac - formatOf(in).frac());
            }
            b.call("cnn_ops_concat", new Arg.TensorList(ins), new Arg.IntList("INNER", inner), new Arg.IntList("SHIFTS", shifts),
                    b.i("N_INPUTS", ins.size()), b.i("OUTER", outer), b.outRef(), b.bitsArg());
            b.describe("cnn_ops_concat", "inputs requantized to the coarsest input format " + out);
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

        /** Collects one layer's calls, constants and notes. */
        private final class LayerBuilder {
            final Node node;
            final int index;
            final QFormat inFormat;
            final List<KernelCall> calls = new ArrayList<>();
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

            Arg in() {
                return Arg.TensorRef.of(node.inputs().get(0));
            }

            Arg outRef() {
                return Arg.TensorRef.of(node.name());
            }

            Arg i(String label, int value) {
                return new Arg.IntArg(label, value);
            }

            Arg bitsArg() {
                return new Arg.IntArg("BITS", bits);
            }

            Arg array(String suffix, QFormat f, int[] values, String comment) {
                String name = "L" + index + "_" + suffix;
                arrays.add(new ConstArray(name, f.bits(), values, "layer " + index + " '" + node.name() + "': " + comment));
                weightBytes += (long) values.length * (f.bits() / 8);
                return new Arg.ArrayRef(name);
            }

            void call(String fn, Arg... args) {
                calls.add(KernelCall.of(fn, args));
            }

            void describe(String fn, String why) {
                function = fn;
                reason = why;
            }

            LegacyLayer build() {
                if (out == null) {
                    throw new IllegalStateException("no output format for " + node.name());
                }
                return new LegacyLayer(node, calls, function, reason, inFormat, out, weights, bias, biasShift, outShift, notes,
                        scratch, weightBytes);
            }
        }
    }
}
