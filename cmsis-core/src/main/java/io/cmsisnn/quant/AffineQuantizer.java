package io.cmsisnn.quant;

import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Node;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a lowered float graph into the TFLite int8 (or 16x8) scheme CMSIS-NN 4+ implements:
 * activations int8 asymmetric (int16 symmetric) from the calibrated ranges, weights int8 symmetric
 * per output channel (or per tensor), bias int32 (int64 for s16), every rescale a TFLM multiplier
 * and shift, fused clamps as activation_min/max.
 *
 * <p>Tensors with their own quantization: the input and the outputs of convolution, depthwise,
 * dense, unfolded batch norm (run as a 1x1 depthwise) and add. Pooling, clamps and reshapes keep
 * their input's; softmax, sigmoid and tanh outputs are fixed by the TFLite spec.
 */
public final class AffineQuantizer {

    /**
     * @param bits           8 (s8) or 16 (s16)
     * @param perChannel     one weight scale per output channel (TFLite's default), else one per tensor
     * @param singleRounding derive the multipliers for {@code CMSIS_NN_USE_SINGLE_ROUNDING}
     * @param widened        s8 only: names of layers to run as 16x8 (int16 activations, the {@code _s16} kernels),
     *                       with requantize steps where the word size changes (see {@link WidenedGraph})
     */
    public record Options(int bits, boolean perChannel, boolean singleRounding, Set<String> widened) {
        public Options {
            if (bits != 8 && bits != 16) {
                throw new IllegalArgumentException("bits must be 8 or 16");
            }
            widened = Set.copyOf(widened);
            if (bits != 8 && !widened.isEmpty()) {
                throw new IllegalArgumentException("only an s8 network widens layers to int16");
            }
        }

        /** Every layer at {@code bits}. */
        public Options(int bits, boolean perChannel, boolean singleRounding) {
            this(bits, perChannel, singleRounding, Set.of());
        }
    }

    public AffineNetwork quantize(Graph graph, ActivationRanges ranges, Options options) {
        return new Run(graph, ranges, options).run();
    }

    private static final class Run {
        private final Graph graph;
        private final ActivationRanges ranges;
        private final Options options;
        private final WidenedGraph widened;
        /**
         * Whether the layer being quantized has int16 activations: the network's word size, or a
         * widened layer of an s8 network. Set before each layer; the helpers below read it.
         */
        private boolean s16;
        private int qmin;
        private int qmax;
        private final Map<String, AffineQuant> quant = new LinkedHashMap<>();
        private final List<AffineLayer> layers = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        Run(Graph graph, ActivationRanges ranges, Options options) {
            this.widened = WidenedGraph.of(graph, options.widened());
            this.graph = widened.graph();
            this.ranges = ranges;
            this.options = options;
            wordSize(options.bits() == 16);
        }

        private void wordSize(boolean int16) {
            this.s16 = int16;
            this.qmin = int16 ? -32768 : -128;
            this.qmax = int16 ? 32767 : 127;
        }

        AffineNetwork run() {
            quant.put(graph.inputName(), calibrated(graph.inputName(), notes));
            for (Node node : graph.nodes()) {
                wordSize(options.bits() == 16 || widened.wideTensors().contains(node.name()));
                layers.add(widened.isRequantize(node.name()) ? requantize(node) : layer(node));
            }
            if (!options.widened().isEmpty()) {
                notes.add("layers " + String.join(", ", new java.util.TreeSet<>(options.widened())) + " run as 16x8 (int16 "
                        + "activations, int8 weights, the _s16 kernels), by layerPrecision; " + widened.requantized().size()
                        + " requantize step(s) move tensors between int8 and int16 where the word size changes");
            }
            return new AffineNetwork(graph, options.bits(), options.perChannel(), options.singleRounding(), quant, layers, notes,
                    widened.wideTensors());
        }

        /**
         * A requantize node: the tensor it converts, in the other word size, quantized from that
         * tensor's calibrated range (int16 symmetric or int8 asymmetric, as a layer's own output).
         */
        private AffineLayer requantize(Node node) {
            String source = widened.requantized().get(node.name());
            List<String> layerNotes = new ArrayList<>();
            AffineQuant in = quant.get(source);
            ActivationRanges.Range r = ranges.range(source, s16 ? 16 : 8);
            AffineQuant out = fromRange(node.name(), r.min(), r.max(), layerNotes);
            quant.put(node.name(), out);
            QuantizedMultiplier m = rescale(node, (double) in.scale() / (double) out.scale(), "requantize", layerNotes);
            AffineStep step = new AffineStep.Requantize(node.shape().size(), !s16, s16, new AffineStep.Recode(in.zeroPoint(),
                    out.zeroPoint(), fullRange()), m);
            return layer(node, step, (s16 ? "int8 to int16" : "int16 to int8") + " where the precision changes, as TFLite's "
                    + "requantize: rescale by input/output scale, saturate to " + (s16 ? "int16" : "int8"), in, out, layerNotes, 0);
        }

        /** A tensor's quantization from its calibrated range; an empty range still gets a usable scale. */
        private AffineQuant calibrated(String tensor, List<String> layerNotes) {
            ActivationRanges.Range r = ranges.range(tensor, s16 ? 16 : 8);
            if (r.note() != null) {
                layerNotes.add(r.note());
            }
            return fromRange(tensor, r.min(), r.max(), layerNotes);
        }

        /** A tensor's quantization from a float range; an empty range still gets a usable scale. */
        private AffineQuant fromRange(String tensor, float min, float max, List<String> layerNotes) {
            if (!Float.isFinite(min) || !Float.isFinite(max) || min > max) {
                throw new QuantizationException("tensor '" + tensor + "' has the calibrated range [" + min + ", " + max
                        + "]: calibrate with finite, representative data");
            }
            if (Math.max(Math.abs(min), Math.abs(max)) < 1e-8f) {
                // a zero scale would make every rescale that reads or writes the tensor undefined
                layerNotes.add("calibration saw only 0 in tensor '" + tensor + "' (zero activation range): quantized as the range "
                        + (s16 ? "[-1, 1]" : "[0, 1]") + " so that its scale stays positive; 0 is still exact");
                min = s16 ? -1f : 0f;
                max = 1f;
            }
            return s16 ? AffineQuant.int16(min, max) : AffineQuant.int8(min, max);
        }

        private AffineLayer layer(Node node) {
            return node.op().accept(new LayerOf(node));
        }

        /** The layer of each op; a new op without a method here does not compile. */
        private final class LayerOf implements Op.Visitor<AffineLayer> {
            private final Node node;
            private final AffineQuant in;
            private final Shape inShape;
            private final List<String> layerNotes = new ArrayList<>();

            LayerOf(Node node) {
                this.node = node;
                this.in = quant.get(node.inputs().get(0));
                this.inShape = graph.shapeOf(node.inputs().get(0));
            }

            @Override
            public AffineLayer conv2D(Op.Conv2D c) {
                if (c.groups() != 1) {
                    throw unsupported(node, "a grouped convolution (" + c.groups() + " groups)");
                }
                AffineQuant out = own(node, layerNotes);
                Weighted w = weighted(node, c.weights(), c.bias(), c.outChannels(), false, in, out, c.activation(), layerNotes);
                AffineStep.Window window = AffineStep.Window.of(c.kh(), c.kw()).strided(c.strideH(), c.strideW())
                        .dilated(c.dilationH(), c.dilationW()).padded(c.padding().top(), c.padding().left());
                AffineStep step = new AffineStep.Convolution(false, s16, inShape, node.shape(), window, w.requantization(in, out),
                        w.weights());
                return layer(node, step, "upstream's wrapper picks the 1x1, 1xN or generic kernel", in, out, layerNotes, w.bytes);
            }

            @Override
            public AffineLayer depthwiseConv2D(Op.DepthwiseConv2D d) {
                AffineQuant out = own(node, layerNotes);
                Weighted w = weighted(node, d.weights(), d.bias(), d.outChannels(), true, in, out, d.activation(), layerNotes);
                AffineStep.Window window = AffineStep.Window.of(d.kh(), d.kw()).strided(d.strideH(), d.strideW())
                        .dilated(d.dilationH(), d.dilationW()).padded(d.padding().top(), d.padding().left());
                AffineStep step = new AffineStep.Convolution(true, s16, inShape, node.shape(), window, w.requantization(in, out),
                        w.weights());
                return layer(node, step, "upstream's wrapper picks the 3x3, opt or generic kernel", in, out, layerNotes, w.bytes);
            }

            @Override
            public AffineLayer scaleShift(Op.ScaleShift s) {
                AffineQuant out = own(node, layerNotes);
                int ch = s.scale().length;
                Weighted w = weighted(node, s.scale(), s.shift(), ch, true, in, out, Activation.LINEAR, layerNotes);
                AffineStep step = new AffineStep.Convolution(true, s16, inShape, node.shape(), AffineStep.Window.of(1, 1),
                        w.requantization(in, out), w.weights());
                return layer(node, step, "an unfolded batch normalization is a 1x1 depthwise convolution", in, out, layerNotes, w.bytes);
            }

            @Override
            public AffineLayer dense(Op.Dense d) {
                if (d.inFeatures() != inShape.c()) {
                    throw new QuantizationException("layer '" + node.name() + "' (Dense) reads " + d.inFeatures() + " features from a "
                            + inShape + " tensor");
                }
                AffineQuant out = own(node, layerNotes);
                boolean perChannel = options.perChannel();
                Weighted w = weighted(node, d.weights(), d.bias(), d.outFeatures(), false, in, out, d.activation(), layerNotes);
                if (s16 && perChannel) {
                    // arm_fully_connected_s16 takes one multiplier; arm_convolve_s16 takes one per output channel, and a 1x1
                    // convolution over the H x W positions computes the same sums from the same [out][in] weights
                    AffineStep step = new AffineStep.Convolution(false, true, inShape, node.shape(), AffineStep.Window.of(1, 1),
                            w.requantization(in, out), w.weights());
                    return layer(node, step, "int16 activations, one weight scale per output: run as a 1x1 convolution, since "
                            + "arm_fully_connected_s16 takes one multiplier", in, out, layerNotes, w.bytes);
                }
                AffineStep step = new AffineStep.FullyConnected(s16, perChannel, inShape.h() * inShape.w(), d.inFeatures(),
                        d.outFeatures(), w.requantization(in, out), w.weights());
                String why = s16 ? "int16 activations, one weight scale for the tensor"
                        : perChannel ? "one weight scale per output" : "one weight scale for the tensor";
                return layer(node, step, why, in, out, layerNotes, w.bytes);
            }

            @Override
            public AffineLayer pool2D(Op.Pool2D p) {
                if (p.pool() == Op.PoolKind.AVERAGE && p.countIncludePad() && !p.padding().isZero()) {
                    throw unsupported(node, "an average pool that counts padded positions (ONNX count_include_pad=1)");
                }
                quant.put(node.name(), in);
                AffineStep.Window window = AffineStep.Window.of(p.kh(), p.kw()).strided(p.strideH(), p.strideW())
                        .padded(p.padding().top(), p.padding().left());
                AffineStep step = new AffineStep.Pool(p.pool() == Op.PoolKind.MAX, s16, inShape, node.shape(), window, fullRange());
                return layer(node, step, "output keeps the input's quantization", in, in, layerNotes, 0);
            }

            @Override
            public AffineLayer globalPool(Op.GlobalPool p) {
                quant.put(node.name(), in);
                AffineStep step = new AffineStep.Pool(p.pool() == Op.PoolKind.MAX, s16, inShape, node.shape(),
                        AffineStep.Window.of(inShape.h(), inShape.w()), fullRange());
                return layer(node, step, "one window over the whole input", in, in, layerNotes, 0);
            }

            @Override
            public AffineLayer softmax(Op.Softmax s) {
                if (s16) {
                    return softmaxS16(node, in, inShape, layerNotes);
                }
                AffineQuant out = new AffineQuant(1.0f / 256, -128);
                quant.put(node.name(), out);
                SoftmaxParams sp = SoftmaxParams.int8(1.0, in.scale(), options.singleRounding());
                AffineStep step = new AffineStep.Softmax(inShape.h() * inShape.w(), inShape.c(), sp.multiplier(), sp.shift(),
                        sp.diffMin());
                return layer(node, step, "output scale 1/256, zero point -128 (TFLite spec)", in, out, layerNotes, 0);
            }

            @Override
            public AffineLayer logSoftmax(Op.LogSoftmax s) {
                throw unsupported(node, s.kind());
            }

            @Override
            public AffineLayer activationOp(Op.ActivationOp a) {
                return activation(node, a.activation(), in, inShape, layerNotes);
            }

            @Override
            public AffineLayer add(Op.Add a) {
                return Run.this.add(node, in, layerNotes);
            }

            @Override
            public AffineLayer concat(Op.Concat c) {
                return Run.this.concat(node, c.axis(), layerNotes);
            }

            @Override
            public AffineLayer pad(Op.Pad p) {
                return Run.this.pad(node, p, in, inShape, layerNotes);
            }

            @Override
            public AffineLayer upsample(Op.Upsample u) {
                throw unsupported(node, u.kind());
            }

            @Override
            public AffineLayer reshape(Op.Reshape r) {
                return alias();
            }

            @Override
            public AffineLayer identity(Op.Identity i) {
                return alias();
            }

            private AffineLayer alias() {
                quant.put(node.name(), in);
                return new AffineLayer(node, List.of(), "none", "moves no data: the tensor aliases its input's buffer", in, in,
                        layerNotes, 0);
            }
        }

        /** TFLM's 16x8 softmax: output scale 1/32768, zero point 0, the two tables as its Prepare builds them. */
        private AffineLayer softmaxS16(Node node, AffineQuant in, Shape inShape, List<String> layerNotes) {
            AffineQuant out = new AffineQuant(1.0f / 32768, 0);
            quant.put(node.name(), out);
            SoftmaxParams sp = SoftmaxParams.int16(1.0, in.scale(), options.singleRounding());
            AffineStep step = new AffineStep.SoftmaxS16(inShape.h() * inShape.w(), inShape.c(), sp.multiplier(), sp.shift(),
                    Int16SoftmaxTables.exp(), Int16SoftmaxTables.oneOverOnePlusX());
            return layer(node, step, "output scale 1/32768, zero point 0 (TFLite 16x8 spec); exp and 1/(1+x) by TFLM's "
                    + "513-entry int16 tables", in, out, layerNotes, 2L * Int16SoftmaxTables.SIZE * 2);
        }

        private AffineLayer activation(Node node, Activation a, AffineQuant in, Shape shape, List<String> layerNotes) {
            switch (a.kind()) {
                case CLAMP: {
                    quant.put(node.name(), in);
                    int lo = bound(in, a.low(), qmin);
                    int hi = bound(in, a.high(), qmax);
                    return layer(node, new AffineStep.Clamp(s16, shape.size(), new NnTypes.Activation(lo, hi)),
                            "no kernel before it to fuse into; clamps the codes, quantization unchanged", in, in, layerNotes, 0);
                }
                case SIGMOID:
                case TANH: {
                    if (s16) {
                        // TFLM's int16 logistic/tanh use fixed 256-entry tables and an input rescale of their own,
                        // which neither the bundled kernels nor the emulation implement yet
                        throw unsupported(node, a + " with int16 activations (arm_nn_activation_s16 and its fixed sigmoid "
                                + "table are not bundled; s16 supports softmax only among the non-linear activations)");
                    }
                    boolean sigmoid = a.kind() == Activation.Kind.SIGMOID;
                    AffineQuant out = sigmoid ? Int8ActivationTable.SIGMOID_OUTPUT : Int8ActivationTable.TANH_OUTPUT;
                    quant.put(node.name(), out);
                    byte[] table = sigmoid ? Int8ActivationTable.sigmoid(in) : Int8ActivationTable.tanh(in);
                    return layer(node, new AffineStep.Table(shape.size(), table),
                            "256-entry table computed from the input and output quantization (TFLite's int8 LUT method)", in, out,
                            layerNotes, 256);
                }
                case LEAKY_RELU:
                    return leakyRelu(node, a.alpha(), in, shape, layerNotes);
                case LINEAR:
                    quant.put(node.name(), in);
                    return new AffineLayer(node, List.of(), "none", "linear activation: nothing to do", in, in, layerNotes, 0);
                default:
                    throw unsupported(node, a.toString());
            }
        }

        private AffineLayer add(Node node, AffineQuant in1, List<String> layerNotes) {
            if (node.inputs().size() != 2) {
                throw unsupported(node, "an add of " + node.inputs().size() + " inputs (the kernel adds two)");
            }
            AffineQuant in2 = quant.get(node.inputs().get(1));
            AffineQuant out = own(node, layerNotes);
            ElementwiseParams p = ElementwiseParams.add(in1.scale(), in2.scale(), out.scale(), s16);
            AffineStep step = new AffineStep.Add(s16, node.shape().size(), new AffineStep.Operand(in1.inputOffset(), p.input1()),
                    new AffineStep.Operand(in2.inputOffset(), p.input2()), p.leftShift(),
                    new AffineStep.Operand(out.outputOffset(), p.output()), fullRange());
            return layer(node, step, "inputs rescaled to a common scale, summed, rescaled (TFLite's add)", in1, out, layerNotes, 0);
        }

        /**
         * Concatenation: inputs of equal quantization give the output theirs and are copied; otherwise
         * the output range is the union of the inputs' calibrated ranges and every input whose
         * quantization differs from the output's is requantized into its slice (TFLite's int8
         * concatenation takes equal quantization only).
         */
        private AffineLayer concat(Node node, Op.Axis axis, List<String> layerNotes) {
            List<AffineQuant> ins = new ArrayList<>();
            for (String i : node.inputs()) {
                ins.add(quant.get(i));
            }
            AffineQuant out = ins.get(0);
            boolean equal = ins.stream().allMatch(q -> q.equals(ins.get(0)));
            if (!equal) {
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (String i : node.inputs()) {
                    // an input converted to this word size has its source's calibrated range
                    ActivationRanges.Range r = ranges.range(widened.requantized().getOrDefault(i, i), s16 ? 16 : 8);
                    min = Math.min(min, r.min());
                    max = Math.max(max, r.max());
                }
                out = fromRange(node.name(), min, max, layerNotes);
            }
            quant.put(node.name(), out);
            Shape o = node.shape();
            List<AffineStep> steps = new ArrayList<>();
            int offset = 0;
            int rescaled = 0;
            for (int k = 0; k < node.inputs().size(); k++) {
                Shape s = graph.shapeOf(node.inputs().get(k));
                AffineQuant q = ins.get(k);
                boolean rescale = !q.equals(out);
                int multiplier = 0;
                int shift = 0;
                if (rescale) {
                    QuantizedMultiplier m = rescale(node, (double) q.scale() / (double) out.scale(), "input " + (k + 1), layerNotes);
                    multiplier = m.multiplier();
                    shift = m.shift();
                    rescaled++;
                }
                AffineStep.ConcatAxis cmsisAxis = switch (axis) {
                    case C -> AffineStep.ConcatAxis.X;
                    case W -> AffineStep.ConcatAxis.Y;
                    case H -> AffineStep.ConcatAxis.Z;
                };
                int axisOut = switch (axis) {
                    case C -> o.c();
                    case W -> o.w();
                    case H -> o.h();
                };
                AffineStep.ConcatSlice step = new AffineStep.ConcatSlice(s16, k, cmsisAxis, s, axisOut, offset, rescale,
                        new AffineStep.Recode(q.zeroPoint(), out.zeroPoint(), fullRange()), new QuantizedMultiplier(multiplier, shift));
                steps.add(step);
                offset += step.axisIn();
            }
            String function = steps.get(0).function();
            for (AffineStep st : steps) {
                if (!st.function().equals(function)) {
                    function = function + " and " + st.function();
                    break;
                }
            }
            String reason = rescaled == 0 ? "inputs share one quantization: each is copied into its slice"
                    : rescaled + " of " + steps.size() + " inputs requantized to the output's quantization (the union of the inputs' "
                            + "calibrated ranges) as they are copied; TFLite's concatenation takes equal quantization only";
            return new AffineLayer(node, steps, function, reason, ins.get(0), out, layerNotes, 0);
        }

        /** Constant padding: the output keeps the input's quantization; the pad value must be a code exactly. */
        private AffineLayer pad(Node node, Op.Pad p, AffineQuant in, Shape inShape, List<String> layerNotes) {
            double steps = (double) p.value() / (double) in.scale();
            long code = in.zeroPoint() + Math.round(steps);
            if (!Double.isFinite(steps) || Math.abs(steps - Math.rint(steps)) > 1e-6 || code < qmin || code > qmax) {
                throw new QuantizationException("layer '" + node.name() + "' (" + node.source() + ") pads with the value " + p.value()
                        + ", which is no exact code of its input's quantization (" + describeQuant(in) + "): scheme "
                        + (s16 ? "s16" : "s8") + " pads with the zero point or another exact code; pad with zeros in the model, "
                        + "or use scheme f32");
            }
            quant.put(node.name(), in);
            AffineStep step = new AffineStep.Pad(s16, inShape, node.shape(), p.padding(), (int) code);
            return layer(node, step, "output keeps the input's quantization; the border is the code " + code
                    + (p.value() == 0 ? " (the zero point)" : " (" + p.value() + ")"), in, in, layerNotes, 0);
        }

        /** TFLite's int8/int16 LeakyRelu: an identity and an alpha rescale to the output's own quantization. */
        private AffineLayer leakyRelu(Node node, float alpha, AffineQuant in, Shape shape, List<String> layerNotes) {
            if (!(alpha >= 0) || Float.isInfinite(alpha)) {
                throw unsupported(node, "a leaky ReLU with alpha " + alpha + " (only finite alpha >= 0 is implemented)");
            }
            AffineQuant out = own(node, layerNotes);
            QuantizedMultiplier identity = rescale(node, (double) in.scale() / (double) out.scale(), "identity", layerNotes);
            QuantizedMultiplier slope = rescale(node, (double) in.scale() * (double) alpha / (double) out.scale(), "alpha", layerNotes);
            AffineStep step = new AffineStep.LeakyRelu(s16, shape.size(), new AffineStep.Recode(in.zeroPoint(), out.zeroPoint(),
                    fullRange()), identity, slope);
            return layer(node, step, "no CMSIS-NN kernel: a loop as TFLite's quantized LeakyRelu (identity rescale for x >= 0, "
                    + "alpha rescale below)", in, out, layerNotes, 0);
        }

        /** A rescale for a generated requantize loop, as TFLM's QuantizeMultiplier; shifts beyond 30 saturate. */
        private QuantizedMultiplier rescale(Node node, double scale, String what, List<String> layerNotes) {
            QuantizedMultiplier m = QuantizedMultiplier.of(scale, options.singleRounding());
            if (m.multiplier() == 0 && scale != 0) {
                layerNotes.add("the " + what + " rescale of layer '" + node.name() + "' is below 2^-31 and underflows to 0");
            }
            if (m.shift() > 30) {
                m = new QuantizedMultiplier(Integer.MAX_VALUE, 30);
                layerNotes.add("the " + what + " rescale of layer '" + node.name() + "' exceeds 2^30 and is saturated");
            }
            return m;
        }

        private static String describeQuant(AffineQuant q) {
            return String.format(Locale.ROOT, "scale %s, zero point %d", Float.toString(q.scale()), q.zeroPoint());
        }

        private AffineQuant own(Node node, List<String> layerNotes) {
            AffineQuant q = calibrated(node.name(), layerNotes);
            quant.put(node.name(), q);
            return q;
        }

        private AffineLayer layer(Node node, AffineStep step, String reason, AffineQuant in, AffineQuant out, List<String> layerNotes,
                                  long bytes) {
            return new AffineLayer(node, List.of(step), step.function(), reason, in, out, layerNotes, bytes);
        }

        private QuantizationException unsupported(Node node, String what) {
            return new QuantizationException("layer '" + node.name() + "' (" + node.source() + ") is " + what + ", which scheme "
                    + (s16 ? "s16" : "s8") + " does not implement; use scheme q7, q15 or f32, or change the layer");
        }

        /** The clamp of the type's whole range. */
        private NnTypes.Activation fullRange() {
            return new NnTypes.Activation(qmin, qmax);
        }

        /** Quantized weights and everything derived from them. */
        private record Weighted(byte[] values, int[] bias, long[] bias64, boolean perChannel, int[] multipliers, int[] shifts,
                                int actMin, int actMax, long bytes) {
            AffineStep.Requantization requantization(AffineQuant in, AffineQuant out) {
                return new AffineStep.Requantization(in.inputOffset(), out.outputOffset(), multipliers, shifts,
                        new NnTypes.Activation(actMin, actMax));
            }

            AffineStep.Weights weights() {
                return new AffineStep.Weights(values, bias, bias64, perChannel);
            }
        }

        private Weighted weighted(Node node, float[] weights, float[] bias, int channels, boolean channelInner, AffineQuant in,
                                  AffineQuant out, Activation activation, List<String> layerNotes) {
            boolean perChannel = options.perChannel();
            if (!activation.isFusable()) {
                throw unsupported(node, "a layer with a fused " + activation + " activation");
            }
            SymmetricWeights w = !perChannel ? SymmetricWeights.perTensor(weights)
                    : channelInner ? SymmetricWeights.channelInner(weights, channels) : SymmetricWeights.channelOuter(weights, channels);
            float[] scales = w.scales().clone();
            List<Integer> zero = new ArrayList<>();
            for (int c = 0; c < scales.length; c++) {
                if (scales[c] == 0) {
                    // all weights 0: any scale stores them exactly; 1 keeps the bias (the channel's whole output) quantizable
                    scales[c] = 1.0f;
                    zero.add(c);
                }
            }
            if (!zero.isEmpty()) {
                layerNotes.add((perChannel ? "output channel(s) " + shortList(zero) : "the whole weight tensor") + " of layer '"
                        + node.name() + "' had only zero weights: weight scale 1 used so that the bias still counts");
            }
            int[] multipliers = new int[channels];
            int[] shifts = new int[channels];
            List<Integer> underflow = new ArrayList<>();
            List<Integer> overflow = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                double scale = QuantizedMultiplier.effectiveScale(in.scale(), scales[scales.length == 1 ? 0 : c], out.scale());
                QuantizedMultiplier m = QuantizedMultiplier.of(scale, options.singleRounding());
                if (m.multiplier() == 0 && scale != 0) {
                    underflow.add(c);
                }
                if (m.shift() > 30) {
                    // the default rounding mode shifts left before the 32-bit multiply; beyond 30 nothing fits
                    m = new QuantizedMultiplier(Integer.MAX_VALUE, 30);
                    overflow.add(c);
                }
                multipliers[c] = m.multiplier();
                shifts[c] = m.shift();
            }
            if (!underflow.isEmpty()) {
                layerNotes.add(String.format(Locale.ROOT, "the rescale of output channel(s) %s of layer '%s' is below 2^-31 and "
                        + "underflows to 0 (as TFLM's QuantizeMultiplier): those outputs are the output zero point plus nothing",
                        shortList(underflow), node.name()));
            }
            if (!overflow.isEmpty()) {
                layerNotes.add("the rescale of output channel(s) " + shortList(overflow) + " of layer '" + node.name()
                        + "' exceeds 2^30 and is saturated: the output range is far narrower than the products");
            }
            int[] bias32 = s16 ? null : BiasQuant.int32(bias, in.scale(), scales);
            long[] bias64 = s16 ? BiasQuant.int64(bias, in.scale(), scales) : null;
            int actMin = bound(out, activation.low(), qmin);
            int actMax = bound(out, activation.high(), qmax);
            if (actMin > actMax) {
                throw new QuantizationException("layer '" + node.name() + "': its " + activation + " clamp lies outside the calibrated "
                        + "output range; calibrate with representative data");
            }
            long bytes = w.values().length + (long) channels * (s16 ? 8 : 4) + 2L * channels * 4;
            return new Weighted(w.values(), bias32, bias64, perChannel, multipliers, shifts, actMin, actMax, bytes);
        }

        /**
         * A clamp bound in codes, as TFLM's CalculateActivationRangeQuantized: zero point +
         * round(bound / scale), within [qmin, qmax]; an infinite bound is the type's limit.
         */
        private int bound(AffineQuant q, float real, int limit) {
            if (Float.isInfinite(real)) {
                return limit;
            }
            long code = q.zeroPoint() + (long) TfliteMath.round(real / q.scale());
            return (int) Math.max(qmin, Math.min(qmax, code));
        }

        private static String shortList(List<Integer> channels) {
            List<Integer> shown = channels.subList(0, Math.min(8, channels.size()));
            return shown.toString() + (channels.size() > shown.size() ? " and " + (channels.size() - shown.size()) + " more" : "");
        }
    }
}
