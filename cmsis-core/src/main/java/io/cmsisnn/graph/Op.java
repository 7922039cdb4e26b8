package io.cmsisnn.graph;

import java.util.List;

/**
 * What a node computes. Tensors are HWC floats (see {@link Shape}); weights are stored in the
 * layouts CMSIS-NN wants, so every later stage reads them as they are:
 * convolution {@code [out][ky][kx][in/groups]}, depthwise {@code [ky][kx][in*multiplier]}
 * (output channel {@code ci*multiplier+m}), dense {@code [out][in]}.
 */
public sealed interface Op {

    /** Short name used in reports and messages. */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** Hands this op to the visitor's method for its record type. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per op record, so that a new record, or a stage that forgets one, fails to
     * compile instead of falling through a runtime type test.
     */
    interface Visitor<R> {
        R conv2D(Conv2D op);

        R depthwiseConv2D(DepthwiseConv2D op);

        R dense(Dense op);

        R pool2D(Pool2D op);

        R globalPool(GlobalPool op);

        R activationOp(ActivationOp op);

        R softmax(Softmax op);

        R logSoftmax(LogSoftmax op);

        R scaleShift(ScaleShift op);

        R add(Add op);

        R concat(Concat op);

        R pad(Pad op);

        R upsample(Upsample op);

        R reshape(Reshape op);

        R identity(Identity op);
    }

    /** The ops with weights, a bias per output channel and a fused activation: convolution, depthwise, dense. */
    sealed interface Weighted extends Op permits Conv2D, DepthwiseConv2D, Dense {
        /** The weights in the layout of the op's record; a copy. */
        float[] weights();

        /** One per output channel; a copy. */
        float[] bias();

        /** Applied to the op's own output, so that a kernel's output clamp can do it. */
        Activation activation();

        /** The same op with other weights and bias (same lengths). */
        Weighted withParameters(float[] weights, float[] bias);
    }

    /** Convolution over H and W; a 1-D convolution is one with {@code kh == 1}. */
    record Conv2D(int kh, int kw, int strideH, int strideW, int dilationH, int dilationW, Padding padding,
                  int inChannels, int outChannels, int groups, float[] weights, float[] bias,
                  Activation activation) implements Weighted {
        public Conv2D {
            weights = weights.clone();
            bias = bias.clone();
            if (weights.length != outChannels * kh * kw * (inChannels / groups)) {
                throw new IllegalArgumentException("conv weights: expected " + outChannels * kh * kw * (inChannels / groups)
                        + " values, got " + weights.length);
            }
            if (bias.length != outChannels) {
                throw new IllegalArgumentException("conv bias: expected " + outChannels + " values, got " + bias.length);
            }
        }

        @Override
        public float[] weights() {
            return weights.clone();
        }

        @Override
        public float[] bias() {
            return bias.clone();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.conv2D(this);
        }

        public Conv2D withActivation(Activation a) {
            return new Conv2D(kh, kw, strideH, strideW, dilationH, dilationW, padding, inChannels, outChannels, groups, weights, bias, a);
        }

        public Conv2D withParameters(float[] w, float[] b) {
            return new Conv2D(kh, kw, strideH, strideW, dilationH, dilationW, padding, inChannels, outChannels, groups, w, b, activation);
        }
    }

    /** Depthwise convolution: each input channel convolved with {@code multiplier} filters of its own. */
    record DepthwiseConv2D(int kh, int kw, int strideH, int strideW, int dilationH, int dilationW, Padding padding,
                           int inChannels, int multiplier, float[] weights, float[] bias,
                           Activation activation) implements Weighted {
        public DepthwiseConv2D {
            weights = weights.clone();
            bias = bias.clone();
            if (weights.length != kh * kw * inChannels * multiplier) {
                throw new IllegalArgumentException("depthwise weights: expected " + kh * kw * inChannels * multiplier
                        + " values, got " + weights.length);
            }
            if (bias.length != inChannels * multiplier) {
                throw new IllegalArgumentException("depthwise bias: expected " + inChannels * multiplier + " values, got " + bias.length);
            }
        }

        @Override
        public float[] weights() {
            return weights.clone();
        }

        @Override
        public float[] bias() {
            return bias.clone();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.depthwiseConv2D(this);
        }

        public int outChannels() {
            return inChannels * multiplier;
        }

        public DepthwiseConv2D withActivation(Activation a) {
            return new DepthwiseConv2D(kh, kw, strideH, strideW, dilationH, dilationW, padding, inChannels, multiplier, weights, bias, a);
        }

        public DepthwiseConv2D withParameters(float[] w, float[] b) {
            return new DepthwiseConv2D(kh, kw, strideH, strideW, dilationH, dilationW, padding, inChannels, multiplier, w, b, activation);
        }
    }

    /**
     * Fully connected over the channel axis. On an input with {@code h*w > 1} it is applied at
     * every position (as Keras Dense does on a rank-3 tensor).
     */
    record Dense(int inFeatures, int outFeatures, float[] weights, float[] bias, Activation activation) implements Weighted {
        public Dense {
            weights = weights.clone();
            bias = bias.clone();
            if (weights.length != inFeatures * outFeatures) {
                throw new IllegalArgumentException("dense weights: expected " + inFeatures * outFeatures + " values, got " + weights.length);
            }
            if (bias.length != outFeatures) {
                throw new IllegalArgumentException("dense bias: expected " + outFeatures + " values, got " + bias.length);
            }
        }

        @Override
        public float[] weights() {
            return weights.clone();
        }

        @Override
        public float[] bias() {
            return bias.clone();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.dense(this);
        }

        public Dense withActivation(Activation a) {
            return new Dense(inFeatures, outFeatures, weights, bias, a);
        }

        public Dense withParameters(float[] w, float[] b) {
            return new Dense(inFeatures, outFeatures, w, b, activation);
        }
    }

    enum PoolKind { MAX, AVERAGE }

    /**
     * Max or average pooling; padded positions never win a max, and an average divides by the
     * valid count unless {@code countIncludePad} (ONNX's option; Keras excludes them).
     */
    record Pool2D(PoolKind pool, int kh, int kw, int strideH, int strideW, Padding padding,
                  boolean countIncludePad) implements Op {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.pool2D(this);
        }
    }

    /** Max or average over all positions: output {@code 1x1xC}. */
    record GlobalPool(PoolKind pool) implements Op {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.globalPool(this);
        }
    }

    /** A standalone element-wise activation. */
    record ActivationOp(Activation activation) implements Op {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.activationOp(this);
        }

        @Override
        public String kind() {
            return "Activation(" + activation + ")";
        }
    }

    /** Softmax over the channel axis at each position. */
    record Softmax() implements Op {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.softmax(this);
        }
    }

    /**
     * Log of the softmax over the channel axis at each position: {@code x - max - log(sum(exp(x - max)))}.
     * Its arg-max is the softmax's.
     */
    record LogSoftmax() implements Op {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.logSoftmax(this);
        }
    }

    /** Per-channel {@code x*scale + shift}: a batch normalization that could not be folded. */
    record ScaleShift(float[] scale, float[] shift) implements Op {
        public ScaleShift {
            scale = scale.clone();
            shift = shift.clone();
            if (scale.length != shift.length) {
                throw new IllegalArgumentException("scale and shift lengths differ");
            }
        }

        @Override
        public float[] scale() {
            return scale.clone();
        }

        @Override
        public float[] shift() {
            return shift.clone();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.scaleShift(this);
        }
    }

    /** Element-wise sum of two or more inputs of one shape. */
    record Add() implements Op {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.add(this);
        }
    }

    enum Axis { H, W, C }

    /** Concatenation of the inputs along one axis. */
    record Concat(Axis axis) implements Op {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.concat(this);
        }
    }

    /** Constant padding: {@code value} (0 for Keras' ZeroPadding and PyTorch's ZeroPad2d) around the spatial axes. */
    record Pad(Padding padding, float value) implements Op {
        /** Zero padding. */
        public Pad(Padding padding) {
            this(padding, 0f);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.pad(this);
        }
    }

    /** Nearest-neighbour upsampling by integer factors. */
    record Upsample(int factorH, int factorW) implements Op {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.upsample(this);
        }
    }

    /**
     * Same data, new shape (Flatten, Reshape). HWC row-major order is Keras's own order, so no
     * element moves.
     */
    record Reshape(Shape target) implements Op {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.reshape(this);
        }
    }

    /** Passes its input on (Dropout at inference); removed by the passes. */
    record Identity() implements Op {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.identity(this);
        }
    }

    /** All op kinds, for messages that list what is supported. */
    static List<String> kinds() {
        return List.of("Conv2D", "DepthwiseConv2D", "Dense", "Pool2D", "GlobalPool", "Activation", "Softmax",
                "LogSoftmax", "ScaleShift", "Add", "Concat", "Pad", "Upsample", "Reshape", "Identity");
    }
}
