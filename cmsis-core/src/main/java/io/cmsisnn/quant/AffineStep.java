package io.cmsisnn.quant;

import io.cmsisnn.graph.Padding;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.quant.NnTypes.Activation;
import io.cmsisnn.quant.NnTypes.ConvParams;
import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.DwConvParams;
import io.cmsisnn.quant.NnTypes.FcParams;
import io.cmsisnn.quant.NnTypes.PoolParams;
import io.cmsisnn.quant.NnTypes.Tile;

/**
 * One kernel call (or generated loop) of an s8/s16 network with every argument the call takes,
 * already derived as TFLM derives it. Both the Java emulation and the C generator read these, so
 * they cannot disagree on what runs. The records copy their arrays in and hand out copies, so no
 * reader can change what another reads; the emulator reads them once, when it is built.
 */
public sealed interface AffineStep {

    /** The C function called (for the report), e.g. {@code arm_convolve_wrapper_s8}. */
    String function();

    /** Hands this step to the visitor's method for its record type. */
    <R> R accept(Visitor<R> visitor);

    /** The int8 weights and bias the call reads, or null for a call without weights. */
    default Weights weightsOrNull() {
        return null;
    }

    /**
     * One method per step record, so that a new record, or a reader that forgets one, fails to
     * compile instead of falling through a runtime type test.
     */
    interface Visitor<R> {
        R convolution(Convolution s);

        R fullyConnected(FullyConnected s);

        R pool(Pool s);

        R softmax(Softmax s);

        R softmaxS16(SoftmaxS16 s);

        R add(Add s);

        R table(Table s);

        R clamp(Clamp s);

        R concatSlice(ConcatSlice s);

        R pad(Pad s);

        R leakyRelu(LeakyRelu s);

        R requantize(Requantize s);
    }

    /**
     * A kernel window over the spatial axes, each pair as a {@code cmsis_nn_tile} (width, height):
     * the kernel size, the stride, the dilation, and the padding before the first column and row
     * (the padding after follows from the output shape).
     */
    record Window(Tile kernel, Tile stride, Tile dilation, Tile padding) {
        private static final Tile ONE = new Tile(1, 1);
        private static final Tile ZERO = new Tile(0, 0);

        /** A {@code kh x kw} window with stride and dilation 1 and no padding. */
        public static Window of(int kh, int kw) {
            return new Window(new Tile(kw, kh), ONE, ONE, ZERO);
        }

        public Window strided(int strideH, int strideW) {
            return new Window(kernel, new Tile(strideW, strideH), dilation, padding);
        }

        public Window dilated(int dilationH, int dilationW) {
            return new Window(kernel, stride, new Tile(dilationW, dilationH), padding);
        }

        public Window padded(int top, int left) {
            return new Window(kernel, stride, dilation, new Tile(left, top));
        }
    }

    /**
     * How a weighted kernel turns its accumulators into output codes: the offsets added to the
     * input and output codes, one multiplier and shift per output channel (a per-tensor call reads
     * the first), and the clamp of the result.
     */
    record Requantization(int inputOffset, int outputOffset, int[] multipliers, int[] shifts, Activation activation) {
        public Requantization {
            if (multipliers.length != shifts.length) {
                throw new IllegalArgumentException(multipliers.length + " multipliers for " + shifts.length + " shifts");
            }
            multipliers = multipliers.clone();
            shifts = shifts.clone();
        }

        /** A copy. */
        @Override
        public int[] multipliers() {
            return multipliers.clone();
        }

        /** A copy. */
        @Override
        public int[] shifts() {
            return shifts.clone();
        }

        /** Output channels, one multiplier and shift each. */
        public int channels() {
            return multipliers.length;
        }
    }

    /**
     * A weighted kernel's int8 weights, in the order it reads them, and its bias: int32 for s8,
     * int64 ({@code bias64}) for s16, the other null; {@code perChannel} when each output channel
     * has a weight scale of its own, else one scale serves the whole tensor.
     */
    record Weights(byte[] values, int[] bias, long[] bias64, boolean perChannel) {
        public Weights {
            if ((bias == null) == (bias64 == null)) {
                throw new IllegalArgumentException("a bias is int32 or int64, not " + (bias == null ? "neither" : "both"));
            }
            values = values.clone();
            bias = bias == null ? null : bias.clone();
            bias64 = bias64 == null ? null : bias64.clone();
        }

        /** A copy. */
        @Override
        public byte[] values() {
            return values.clone();
        }

        /** A copy; null for an int64 bias. */
        @Override
        public int[] bias() {
            return bias == null ? null : bias.clone();
        }

        /** A copy; null for an int32 bias. */
        @Override
        public long[] bias64() {
            return bias64 == null ? null : bias64.clone();
        }

        /** Whether the bias is int64 (the s16 kernels'). */
        public boolean int64Bias() {
            return bias64 != null;
        }
    }

    /**
     * {@code arm_convolve_wrapper_s8/_s16} or, when {@code depthwise}, {@code arm_depthwise_conv_wrapper_s8/_s16}.
     * Weights [out][ky][kx][in] (depthwise: [ky][kx][in * chMult]).
     */
    record Convolution(boolean depthwise, boolean int16, Shape input, Shape output, Window window, Requantization requantization,
                       Weights weights) implements AffineStep {
        public Convolution {
            checkWeighted(int16, output.c(), requantization, weights);
            if (depthwise && output.c() % input.c() != 0) {
                throw new IllegalArgumentException("a depthwise convolution of " + input.c() + " to " + output.c() + " channels");
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.convolution(this);
        }

        @Override
        public Weights weightsOrNull() {
            return weights;
        }

        @Override
        public String function() {
            return (depthwise ? "arm_depthwise_conv_wrapper_" : "arm_convolve_wrapper_") + (int16 ? "s16" : "s8");
        }

        /** Output channels per input channel of a depthwise convolution (1 otherwise). */
        public int chMult() {
            return depthwise ? output.c() / input.c() : 1;
        }

        public Dims inputDims() {
            return new Dims(1, input.h(), input.w(), input.c());
        }

        /** Convolution [C_OUT, HK, WK, C_IN]; depthwise [1, HK, WK, C_OUT]. */
        public Dims filterDims() {
            Tile k = window.kernel();
            return depthwise ? new Dims(1, k.h(), k.w(), output.c()) : new Dims(output.c(), k.h(), k.w(), input.c());
        }

        public Dims biasDims() {
            return new Dims(1, 1, 1, output.c());
        }

        public Dims outputDims() {
            return new Dims(1, output.h(), output.w(), output.c());
        }

        public ConvParams convParams() {
            return new ConvParams(requantization.inputOffset(), requantization.outputOffset(), window.stride(), window.padding(),
                    window.dilation(), requantization.activation());
        }

        public DwConvParams dwParams() {
            return new DwConvParams(requantization.inputOffset(), requantization.outputOffset(), chMult(), window.stride(),
                    window.padding(), window.dilation(), requantization.activation());
        }
    }

    /**
     * {@code arm_fully_connected_per_channel_s8}, {@code arm_fully_connected_s8} (one multiplier) or
     * {@code arm_fully_connected_s16} (one multiplier; a dense layer with per-channel int16 weights is a
     * 1x1 {@link Convolution} instead): {@code batches} rows of {@code depth} inputs, weights [outputs][depth].
     */
    record FullyConnected(boolean int16, boolean perChannel, int batches, int depth, int outputs, Requantization requantization,
                          Weights weights) implements AffineStep {
        public FullyConnected {
            checkWeighted(int16, outputs, requantization, weights);
            if (weights.perChannel() != perChannel) {
                throw new IllegalArgumentException("a " + (perChannel ? "per-channel" : "per-tensor") + " call with weights quantized per "
                        + (weights.perChannel() ? "channel" : "tensor"));
            }
            if (int16 && perChannel) {
                throw new IllegalArgumentException("arm_fully_connected_s16 takes one multiplier: per-channel s16 weights run as a "
                        + "1x1 convolution");
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.fullyConnected(this);
        }

        @Override
        public Weights weightsOrNull() {
            return weights;
        }

        @Override
        public String function() {
            return int16 ? "arm_fully_connected_s16" : perChannel ? "arm_fully_connected_per_channel_s8" : "arm_fully_connected_s8";
        }

        public Dims inputDims() {
            return new Dims(batches, 1, 1, depth);
        }

        /** [depth][outputs] as upstream names it (n the input depth, c the outputs). */
        public Dims filterDims() {
            return new Dims(depth, 1, 1, outputs);
        }

        public Dims biasDims() {
            return new Dims(1, 1, 1, outputs);
        }

        public Dims outputDims() {
            return new Dims(batches, 1, 1, outputs);
        }

        public FcParams fcParams() {
            return new FcParams(requantization.inputOffset(), 0, requantization.outputOffset(), requantization.activation());
        }
    }

    /** A weighted call's parts agree: one rescale per output channel, the bias of its word size. */
    private static void checkWeighted(boolean int16, int channels, Requantization requantization, Weights weights) {
        if (requantization.channels() != channels) {
            throw new IllegalArgumentException(requantization.channels() + " multipliers for " + channels + " output channels");
        }
        if (weights.int64Bias() != int16) {
            throw new IllegalArgumentException((int16 ? "s16" : "s8") + " kernel with an int" + (weights.int64Bias() ? 64 : 32) + " bias");
        }
    }

    /** {@code arm_max_pool_s8/_s16} or {@code arm_avgpool_s8/_s16}; the output keeps the input's quantization. */
    record Pool(boolean max, boolean int16, Shape input, Shape output, Window window, Activation activation) implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.pool(this);
        }

        @Override
        public String function() {
            return (max ? "arm_max_pool_" : "arm_avgpool_") + (int16 ? "s16" : "s8");
        }

        public Dims inputDims() {
            return new Dims(1, input.h(), input.w(), input.c());
        }

        public Dims filterDims() {
            return new Dims(1, window.kernel().h(), window.kernel().w(), 1);
        }

        public Dims outputDims() {
            return new Dims(1, output.h(), output.w(), output.c());
        }

        /** The window's stride and padding; a pool has no dilation. */
        public PoolParams poolParams() {
            return new PoolParams(window.stride(), window.padding(), activation);
        }
    }

    /** {@code arm_softmax_s8} over {@code rows} rows of {@code rowSize}; output scale 1/256, zero point -128. */
    record Softmax(int rows, int rowSize, int multiplier, int shift, int diffMin) implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.softmax(this);
        }

        @Override
        public String function() {
            return "arm_softmax_s8";
        }
    }

    /**
     * {@code arm_softmax_s16} over {@code rows} rows of {@code rowSize}, with TFLM's 513-entry exp and
     * 1/(1+x) tables ({@link Int16SoftmaxTables}); output scale 1/32768, zero point 0.
     */
    record SoftmaxS16(int rows, int rowSize, int multiplier, int shift, short[] expTable, short[] oneOverOnePlusXTable)
            implements AffineStep {
        public SoftmaxS16 {
            if (expTable.length != Int16SoftmaxTables.SIZE || oneOverOnePlusXTable.length != Int16SoftmaxTables.SIZE) {
                throw new IllegalArgumentException("the s16 softmax tables have " + Int16SoftmaxTables.SIZE + " entries");
            }
            expTable = expTable.clone();
            oneOverOnePlusXTable = oneOverOnePlusXTable.clone();
        }

        /** A copy. */
        @Override
        public short[] expTable() {
            return expTable.clone();
        }

        /** A copy. */
        @Override
        public short[] oneOverOnePlusXTable() {
            return oneOverOnePlusXTable.clone();
        }
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.softmaxS16(this);
        }

        @Override
        public String function() {
            return "arm_softmax_s16";
        }
    }

    /** One operand of {@code arm_elementwise_add_s8/_s16}: the offset added to its codes and its rescale. */
    record Operand(int offset, QuantizedMultiplier rescale) {
    }

    /**
     * {@code arm_elementwise_add_s8/_s16} of two tensors of {@code size} elements: both inputs shifted
     * left by {@code leftShift} and rescaled, summed, the sum rescaled to the output and clamped.
     */
    record Add(boolean int16, int size, Operand input1, Operand input2, int leftShift, Operand output, Activation activation)
            implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.add(this);
        }

        @Override
        public String function() {
            return int16 ? "arm_elementwise_add_s16" : "arm_elementwise_add_s8";
        }
    }

    /** A generated loop: {@code out[i] = table[in[i] + 128]} over {@code size} int8 values (sigmoid, tanh). */
    record Table(int size, byte[] table) implements AffineStep {
        public Table {
            if (table.length != 256) {
                throw new IllegalArgumentException("an int8 table has 256 entries, not " + table.length);
            }
            table = table.clone();
        }

        /** A copy. */
        @Override
        public byte[] table() {
            return table.clone();
        }
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.table(this);
        }

        @Override
        public String function() {
            return "generated int8 lookup table";
        }
    }

    /** A generated loop clamping {@code size} values to {@code range} (a standalone ReLU; quantization unchanged). */
    record Clamp(boolean int16, int size, Activation range) implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.clamp(this);
        }

        @Override
        public String function() {
            return "generated clamp loop";
        }
    }

    /**
     * What a generated requantize loop does around its rescale: {@code clamp(outputZeroPoint +
     * rescale(q - inputZeroPoint), range)}, the rescale with {@code arm_nn_requantize}'s rounding.
     */
    record Recode(int inputZeroPoint, int outputZeroPoint, Activation range) {
    }

    /** The axis a concatenation joins along, named as upstream's {@code arm_concatenation_s8_x/_y/_z}. */
    enum ConcatAxis {
        /** Channels. */
        X,
        /** Width. */
        Y,
        /** Height. */
        Z;

        /** The function's suffix. */
        public char letter() {
            return Character.toLowerCase(name().charAt(0));
        }
    }

    /**
     * One input of a concatenation written into its slice of the output: input {@code input}, of
     * {@code shape}, holds {@code axisIn()} of the output's {@code axisOut} entries along {@code axis},
     * from {@code axisOffset}. Both tensors are viewed as [outer][axis][inner] ({@code inner} 1 on
     * channels). With equal quantization a copy ({@code arm_concatenation_s8_x/y/z} for s8, a
     * generated loop for s16); else, when {@code rescale}, a generated loop that requantizes each
     * value by {@code recode} and {@code multiplier}.
     */
    record ConcatSlice(boolean int16, int input, ConcatAxis axis, Shape shape, int axisOut, int axisOffset, boolean rescale,
                       Recode recode, QuantizedMultiplier multiplier) implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.concatSlice(this);
        }

        @Override
        public String function() {
            if (rescale) {
                return "generated requantize loop";
            }
            return int16 ? "generated copy loop" : "arm_concatenation_s8_" + axis.letter();
        }

        /** Upstream's input_x: channels. */
        public int x() {
            return shape.c();
        }

        /** Upstream's input_y: width. */
        public int y() {
            return shape.w();
        }

        /** Upstream's input_z: height. */
        public int z() {
            return shape.h();
        }

        /** Entries of the input along the axis. */
        public int axisIn() {
            return switch (axis) {
                case X -> shape.c();
                case Y -> shape.w();
                case Z -> shape.h();
            };
        }

        /** Blocks before the axis. */
        public int outer() {
            return switch (axis) {
                case X -> shape.h() * shape.w();
                case Y -> shape.h();
                case Z -> 1;
            };
        }

        /** Elements after the axis. */
        public int inner() {
            return switch (axis) {
                case X -> 1;
                case Y -> shape.c();
                case Z -> shape.w() * shape.c();
            };
        }

        /** Elements of one contiguous block of the input (one outer row). */
        public int block() {
            return axisIn() * inner();
        }

        /** Where outer row {@code o} of this input starts in the output. */
        public int outputStart(int o) {
            return (o * axisOut + axisOffset) * inner();
        }
    }

    /**
     * Constant padding around the spatial axes, the border holding the code {@code padValue}
     * ({@code arm_pad_s8}; s16 a generated loop).
     */
    record Pad(boolean int16, Shape input, Shape output, Padding padding, int padValue) implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.pad(this);
        }

        @Override
        public String function() {
            return int16 ? "generated pad loop" : "arm_pad_s8";
        }
    }

    /**
     * A generated loop as TFLite's int8/int16 LeakyRelu ({@code reference_ops::QuantizeLeakyRelu}):
     * {@code recode} with the {@code identity} rescale for {@code q - inputZeroPoint >= 0}, else with
     * the {@code alpha} rescale.
     */
    record LeakyRelu(boolean int16, int size, Recode recode, QuantizedMultiplier identity, QuantizedMultiplier alpha)
            implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.leakyRelu(this);
        }

        @Override
        public String function() {
            return "generated leaky ReLU loop";
        }
    }

    /**
     * A generated loop that moves a tensor between int8 and int16 where the precision of an s8
     * network changes (TFLite's requantize op): for each of {@code size} codes q,
     * {@code out = clamp(recode.outputZeroPoint + requantize(q - recode.inputZeroPoint, multiplier), recode.range)},
     * where {@code requantize} is {@code arm_nn_requantize} in the build's rounding mode and
     * {@code multiplier} is TFLM's {@code QuantizeMultiplier(input_scale / output_scale)}; the
     * subtraction and the addition are int32, and the clamp is the output type's whole range, so
     * values beyond it saturate. The emulation and the C loop both follow this sentence. No scratch.
     */
    record Requantize(int size, boolean fromInt16, boolean toInt16, Recode recode, QuantizedMultiplier multiplier)
            implements AffineStep {
        public Requantize {
            if (fromInt16 == toInt16) {
                throw new IllegalArgumentException("a requantize step changes the word size, not " + (toInt16 ? "int16" : "int8")
                        + " to itself");
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.requantize(this);
        }

        @Override
        public String function() {
            return "generated requantize loop";
        }
    }
}
