package io.cmsisnn.quant;

import java.util.List;

/**
 * One C statement of a q7/q15 network's run function, with every argument named and typed. The C
 * generator and the Java emulation both read these through a {@link Visitor}, so a step one of them
 * does not handle is a compile error rather than a string that fails to match. Word sizes of the
 * generated loops ({@link GeneratedLoop}) are the network's. The {@link ConstArray}s are the
 * network's own, shared and only read.
 */
public sealed interface LegacyStep {

    /** The C function called, as the report names it ({@code cnn_ops_*} for the generated loops). */
    String function();

    <R> R accept(Visitor<R> visitor);

    /** One method per step: adding a step without it, or a visitor without one, does not compile. */
    interface Visitor<R> {
        R visit(Copy s);

        R visit(Convolution s);

        R visit(DepthwiseConvolution s);

        R visit(FullyConnected s);

        R visit(Pool s);

        R visit(Relu s);

        R visit(TableActivation s);

        R visit(Softmax s);

        R visit(SoftmaxWithBatch s);

        R visit(GeneratedConv s);

        R visit(GeneratedDepthwise s);

        R visit(GeneratedDense s);

        R visit(GeneratedPool s);

        R visit(GlobalPool s);

        R visit(ScaleShift s);

        R visit(Add s);

        R visit(Concat s);

        R visit(Requantize s);

        R visit(Clamp s);

        R visit(LeakyRelu s);

        R visit(Pad s);

        R visit(Upsample s);
    }

    /** A pointer {@code offset} elements into a tensor's buffer. */
    record TensorRef(String tensor, int offset) {
        public static TensorRef of(String tensor) {
            return new TensorRef(tensor, 0);
        }
    }

    /**
     * Sizes of a legacy convolution in the API's x (width) and y (height) terms. The square
     * functions take the x values only, so a square kernel needs the y values equal.
     */
    record ConvGeometry(int inX, int inY, int chIn, int chOut, int kernelX, int kernelY, int padX, int padY, int strideX,
                        int strideY, int outX, int outY) {
        public boolean square() {
            return inX == inY && kernelX == kernelY && padX == padY && strideX == strideY && outX == outY;
        }
    }

    /** The legacy convolution functions the quantizer chooses from. */
    enum ConvKernel {
        Q7_BASIC("arm_convolve_HWC_q7_basic", true),
        Q7_FAST("arm_convolve_HWC_q7_fast", true),
        Q7_RGB("arm_convolve_HWC_q7_RGB", true),
        Q7_BASIC_NONSQUARE("arm_convolve_HWC_q7_basic_nonsquare", false),
        Q7_FAST_NONSQUARE("arm_convolve_HWC_q7_fast_nonsquare", false),
        Q7_1X1_FAST_NONSQUARE("arm_convolve_1x1_HWC_q7_fast_nonsquare", false),
        Q15_BASIC("arm_convolve_HWC_q15_basic", true),
        Q15_FAST("arm_convolve_HWC_q15_fast", true),
        Q15_FAST_NONSQUARE("arm_convolve_HWC_q15_fast_nonsquare", false);

        private final String function;
        private final boolean square;

        ConvKernel(String function, boolean square) {
            this.function = function;
            this.square = square;
        }

        public String function() {
            return function;
        }

        /** Whether it takes one size per dimension (square) or x and y apart. */
        public boolean square() {
            return square;
        }
    }

    /** {@code memcpy} of {@code size} elements. */
    record Copy(TensorRef destination, TensorRef source, int size) implements LegacyStep {
        @Override
        public String function() {
            return "memcpy";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** A legacy HWC convolution; weights [out][ky][kx][in]; the scratch buffer as bufferA, NULL as bufferB. */
    record Convolution(ConvKernel kernel, TensorRef input, ConvGeometry geometry, ConstArray weights, ConstArray bias,
                       int biasShift, int outShift, TensorRef output) implements LegacyStep {
        public Convolution {
            requireSquare(kernel.square(), geometry);
        }

        @Override
        public String function() {
            return kernel.function();
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code arm_depthwise_separable_conv_HWC_q7(_nonsquare)}, depth multiplier 1; weights [ky][kx][channel]. */
    record DepthwiseConvolution(boolean square, TensorRef input, ConvGeometry geometry, ConstArray weights, ConstArray bias,
                                int biasShift, int outShift, TensorRef output) implements LegacyStep {
        public DepthwiseConvolution {
            requireSquare(square, geometry);
        }

        @Override
        public String function() {
            return "arm_depthwise_separable_conv_HWC_q7" + (square ? "" : "_nonsquare");
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** The legacy fully connected functions and the weight order each reads. */
    enum FcKernel {
        Q7("arm_fully_connected_q7", FcWeightOrder.Layout.ROW_MAJOR),
        Q7_OPT("arm_fully_connected_q7_opt", FcWeightOrder.Layout.Q7_OPT),
        Q15("arm_fully_connected_q15", FcWeightOrder.Layout.ROW_MAJOR),
        Q15_OPT("arm_fully_connected_q15_opt", FcWeightOrder.Layout.Q15_OPT);

        private final String function;
        private final FcWeightOrder.Layout layout;

        FcKernel(String function, FcWeightOrder.Layout layout) {
            this.function = function;
            this.layout = layout;
        }

        public String function() {
            return function;
        }

        public FcWeightOrder.Layout layout() {
            return layout;
        }
    }

    /** A legacy fully connected layer of {@code rows} outputs over {@code dimVec} inputs; the scratch buffer as vec_buffer. */
    record FullyConnected(FcKernel kernel, TensorRef input, ConstArray weights, int dimVec, int rows, int biasShift,
                          int outShift, ConstArray bias, TensorRef output) implements LegacyStep {
        @Override
        public String function() {
            return kernel.function();
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code arm_maxpool_q7_HWC} (no buffer) or {@code arm_avepool_q7_HWC} (the scratch buffer); square only. */
    record Pool(boolean max, TensorRef input, int dimIn, int channels, int kernel, int padding, int stride, int dimOut,
                TensorRef output) implements LegacyStep {
        @Override
        public String function() {
            return max ? "arm_maxpool_q7_HWC" : "arm_avepool_q7_HWC";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code arm_relu_q7/_q15} in place. */
    record Relu(int bits, TensorRef data, int size) implements LegacyStep {
        @Override
        public String function() {
            return bits == 8 ? "arm_relu_q7" : "arm_relu_q15";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** The table functions' {@code arm_nn_activation_type}. */
    enum TableFunction {
        SIGMOID("ARM_SIGMOID"),
        TANH("ARM_TANH");

        private final String constant;

        TableFunction(String constant) {
            this.constant = constant;
        }

        /** The C enumerator. */
        public String constant() {
            return constant;
        }
    }

    /** {@code arm_nn_activations_direct_q7/_q15} in place, input with {@code intWidth} integer bits. */
    record TableActivation(int bits, TensorRef data, int size, int intWidth, TableFunction type) implements LegacyStep {
        @Override
        public String function() {
            return bits == 8 ? "arm_nn_activations_direct_q7" : "arm_nn_activations_direct_q15";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code arm_softmax_q7/_q15} over one vector of {@code dimVec}. */
    record Softmax(int bits, TensorRef input, int dimVec, TensorRef output) implements LegacyStep {
        @Override
        public String function() {
            return bits == 8 ? "arm_softmax_q7" : "arm_softmax_q15";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** {@code arm_softmax_with_batch_q7} over {@code batches} vectors of {@code dimVec}. */
    record SoftmaxWithBatch(TensorRef input, int batches, int dimVec, TensorRef output) implements LegacyStep {
        @Override
        public String function() {
            return "arm_softmax_with_batch_q7";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /**
     * One of the network's own loops ({@code cnn_ops.c}), for layers no legacy function takes. Each
     * also takes the network's word size as its last argument. Whole tensors only.
     */
    sealed interface GeneratedLoop extends LegacyStep {
        /** The loop's name after {@code cnn_ops_}. */
        String loop();

        @Override
        default String function() {
            return "cnn_ops_" + loop();
        }
    }

    /** Convolution with groups, dilation and any padding; weights [out][ky][kx][in / groups]. */
    record GeneratedConv(TensorRef input, int inH, int inW, int inC, ConstArray weights, ConstArray bias, int outC, int kH,
                         int kW, int strideH, int strideW, int dilH, int dilW, int padTop, int padLeft, int groups,
                         int biasShift, int outShift, TensorRef output, int outH, int outW) implements GeneratedLoop {
        @Override
        public String loop() {
            return "conv";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** Depthwise convolution with any multiplier, dilation and padding; weights [ky][kx][channel]. */
    record GeneratedDepthwise(TensorRef input, int inH, int inW, int inC, ConstArray weights, ConstArray bias,
                              int multiplier, int kH, int kW, int strideH, int strideW, int dilH, int dilW, int padTop,
                              int padLeft, int biasShift, int outShift, TensorRef output, int outH, int outW)
            implements GeneratedLoop {
        @Override
        public String loop() {
            return "depthwise";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** A dense layer at each of {@code positions} positions; weights [out][in]. */
    record GeneratedDense(TensorRef input, int positions, int inFeatures, ConstArray weights, ConstArray bias,
                          int outFeatures, int biasShift, int outShift, TensorRef output) implements GeneratedLoop {
        @Override
        public String loop() {
            return "dense";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** Max or average pooling of any shape; the average rounds to nearest. */
    record GeneratedPool(TensorRef input, int inH, int inW, int channels, int kH, int kW, int strideH, int strideW,
                         int padTop, int padLeft, boolean max, boolean countIncludePad, TensorRef output, int outH,
                         int outW) implements GeneratedLoop {
        @Override
        public String loop() {
            return "pool";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** Max or average over all {@code hw} positions of each channel. */
    record GlobalPool(TensorRef input, int hw, int channels, boolean max, TensorRef output) implements GeneratedLoop {
        @Override
        public String loop() {
            return "global_pool";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** A per-channel {@code x * scale + shift} (an unfolded batch normalization). */
    record ScaleShift(TensorRef input, int hw, int channels, ConstArray scale, ConstArray shift, int biasShift, int outShift,
                      TensorRef output) implements GeneratedLoop {
        @Override
        public String loop() {
            return "scale_shift";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** The sum of {@code size}-element inputs, each shifted by its entry of {@code shifts} first. */
    record Add(List<TensorRef> inputs, List<Integer> shifts, int size, TensorRef output) implements GeneratedLoop {
        public Add {
            inputs = List.copyOf(inputs);
            shifts = List.copyOf(shifts);
            requireOnePerInput(inputs, shifts);
        }

        @Override
        public String loop() {
            return "add";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** Concatenation of {@code outer} rows, input k giving {@code inner[k]} elements of each, shifted by {@code shifts[k]}. */
    record Concat(List<TensorRef> inputs, List<Integer> inner, List<Integer> shifts, int outer, TensorRef output)
            implements GeneratedLoop {
        public Concat {
            inputs = List.copyOf(inputs);
            inner = List.copyOf(inner);
            shifts = List.copyOf(shifts);
            requireOnePerInput(inputs, inner);
            requireOnePerInput(inputs, shifts);
        }

        @Override
        public String loop() {
            return "concat";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** Moves {@code size} values to another format by {@code shift} bits (the loops' rounding {@code rshift}), saturating. */
    record Requantize(TensorRef input, int size, int shift, TensorRef output) implements GeneratedLoop {
        @Override
        public String loop() {
            return "requantize";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** Clamps {@code size} values to [lo, hi] (a bounded ReLU); input and output may be one tensor. */
    record Clamp(TensorRef input, int size, int lo, int hi, TensorRef output) implements GeneratedLoop {
        @Override
        public String loop() {
            return "clamp";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** Leaky ReLU with slope {@code alpha / 2^alphaFrac}. */
    record LeakyRelu(TensorRef input, int size, int alpha, int alphaFrac, TensorRef output) implements GeneratedLoop {
        @Override
        public String loop() {
            return "leaky_relu";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** Zero padding around the spatial axes. */
    record Pad(TensorRef input, int inH, int inW, int channels, int top, int bottom, int left, int right, TensorRef output)
            implements GeneratedLoop {
        @Override
        public String loop() {
            return "pad";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    /** Nearest-neighbour upsampling by whole factors. */
    record Upsample(TensorRef input, int inH, int inW, int channels, int factorH, int factorW, TensorRef output)
            implements GeneratedLoop {
        @Override
        public String loop() {
            return "upsample";
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visit(this);
        }
    }

    private static void requireSquare(boolean square, ConvGeometry g) {
        if (square && !g.square()) {
            throw new IllegalArgumentException("a square convolution function cannot take " + g);
        }
    }

    private static void requireOnePerInput(List<TensorRef> inputs, List<Integer> values) {
        if (values.size() != inputs.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + values.size() + " values");
        }
    }
}
