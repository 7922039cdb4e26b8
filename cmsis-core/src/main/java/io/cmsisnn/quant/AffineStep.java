package io.cmsisnn.quant;

import io.cmsisnn.graph.Shape;

/**
 * One kernel call (or generated loop) of an s8/s16 network with every argument the call takes,
 * already derived as TFLM derives it. Both the Java emulation and the C generator read these, so
 * they cannot disagree on what runs. Arrays are shared, never written after the quantizer.
 */
public sealed interface AffineStep {

    /** The C function called (for the report), e.g. {@code arm_convolve_wrapper_s8}. */
    String function();

    /** Hands this step to the visitor's method for its record type. */
    <R> R accept(Visitor<R> visitor);

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
    }

    /**
     * {@code arm_convolve_wrapper_s8/_s16} or, when {@code depthwise}, {@code arm_depthwise_conv_wrapper_s8/_s16}.
     * Weights [out][ky][kx][in] (depthwise: [ky][kx][in * chMult]); bias int32 for s8, int64 for s16.
     */
    record Convolution(boolean depthwise, boolean int16, Shape input, Shape output, int kh, int kw, int chMult,
                       int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft, int inputOffset,
                       int outputOffset, int actMin, int actMax, byte[] weights, int[] bias, long[] bias64,
                       int[] multipliers, int[] shifts) implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.convolution(this);
        }

        @Override
        public String function() {
            return (depthwise ? "arm_depthwise_conv_wrapper_" : "arm_convolve_wrapper_") + (int16 ? "s16" : "s8");
        }
    }

    /**
     * {@code arm_fully_connected_per_channel_s8}, {@code arm_fully_connected_s8} (one multiplier) or
     * {@code arm_fully_connected_s16}: {@code batches} rows of {@code depth} inputs, weights [outputs][depth].
     */
    record FullyConnected(boolean int16, boolean perChannel, int batches, int depth, int outputs, int inputOffset,
                          int outputOffset, int actMin, int actMax, byte[] weights, int[] bias, long[] bias64,
                          int[] multipliers, int[] shifts) implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.fullyConnected(this);
        }

        @Override
        public String function() {
            return int16 ? "arm_fully_connected_s16" : perChannel ? "arm_fully_connected_per_channel_s8" : "arm_fully_connected_s8";
        }
    }

    /** {@code arm_max_pool_s8/_s16} or {@code arm_avgpool_s8/_s16}; the output keeps the input's quantization. */
    record Pool(boolean max, boolean int16, Shape input, Shape output, int kh, int kw, int strideH, int strideW, int padTop,
                int padLeft, int actMin, int actMax) implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.pool(this);
        }

        @Override
        public String function() {
            return (max ? "arm_max_pool_" : "arm_avgpool_") + (int16 ? "s16" : "s8");
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
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.softmaxS16(this);
        }

        @Override
        public String function() {
            return "arm_softmax_s16";
        }
    }

    /** {@code arm_elementwise_add_s8/_s16} of two tensors of {@code size} elements. */
    record Add(boolean int16, int size, int input1Offset, int input1Multiplier, int input1Shift, int input2Offset,
               int input2Multiplier, int input2Shift, int leftShift, int outputOffset, int outputMultiplier, int outputShift,
               int actMin, int actMax) implements AffineStep {
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
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.table(this);
        }

        @Override
        public String function() {
            return "generated int8 lookup table";
        }
    }

    /** A generated loop clamping {@code size} values to [min, max] (a standalone ReLU; quantization unchanged). */
    record Clamp(boolean int16, int size, int min, int max) implements AffineStep {
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
     * One input of a concatenation written into its slice of the output. Both tensors are viewed as
     * [outer][axis][inner] ({@code inner} 1 on channels): input {@code input} holds {@code axisIn} of the
     * output's {@code axisOut} entries, from {@code axisOffset}. With equal quantization a copy
     * ({@code arm_concatenation_s8_x/y/z} for s8, a generated loop for s16); else a generated loop that
     * requantizes each value: {@code clamp(outputZeroPoint + requantize(q - inputZeroPoint, multiplier,
     * shift), qmin, qmax)} with {@code arm_nn_requantize}'s rounding.
     */
    record ConcatSlice(boolean int16, int input, char cmsisAxis, int x, int y, int z, int outAxis, int axisOffset, int outer,
                       int axisIn, int axisOut, int inner, boolean rescale, int inputZeroPoint, int multiplier, int shift,
                       int outputZeroPoint, int qmin, int qmax) implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.concatSlice(this);
        }

        @Override
        public String function() {
            if (rescale) {
                return "generated requantize loop";
            }
            return int16 ? "generated copy loop" : "arm_concatenation_s8_" + cmsisAxis;
        }

        /** Elements of one contiguous block of the input (one outer row). */
        public int block() {
            return axisIn * inner;
        }

        /** Where outer row {@code o} of this input starts in the output. */
        public int outputStart(int o) {
            return (o * axisOut + axisOffset) * inner;
        }
    }

    /**
     * Constant padding around the spatial axes, the border holding the code {@code padValue}
     * ({@code arm_pad_s8}; s16 a generated loop).
     */
    record Pad(boolean int16, Shape input, Shape output, int top, int bottom, int left, int right, int padValue)
            implements AffineStep {
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
     * {@code x = q - inputZeroPoint}; {@code out = outputZeroPoint + requantize(x, identity)} for
     * x >= 0, else with the alpha rescale; clamped to [qmin, qmax].
     */
    record LeakyRelu(boolean int16, int size, int inputZeroPoint, int outputZeroPoint, int identityMultiplier, int identityShift,
                     int alphaMultiplier, int alphaShift, int qmin, int qmax) implements AffineStep {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.leakyRelu(this);
        }

        @Override
        public String function() {
            return "generated leaky ReLU loop";
        }
    }
}
