package io.cmsisnn.graph;

/**
 * An element-wise activation. ReLU, ReLU6 and bounded ReLU are all {@link Kind#CLAMP} so that
 * they fuse into a kernel's output clamp (CMSIS-NN's activation_min/max); the others need a
 * kernel of their own.
 */
public record Activation(Kind kind, float low, float high, float alpha) {
    public enum Kind { LINEAR, CLAMP, SIGMOID, TANH, LEAKY_RELU }

    public static final Activation LINEAR = new Activation(Kind.LINEAR, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f);
    public static final Activation RELU = clamp(0f, Float.POSITIVE_INFINITY);
    public static final Activation RELU6 = clamp(0f, 6f);
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f);
    public static final Activation TANH = new Activation(Kind.TANH, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f);

    public static Activation clamp(float low, float high) {
        return new Activation(Kind.CLAMP, low, high, 0f);
    }

    public static Activation leakyRelu(float alpha) {
        return new Activation(Kind.LEAKY_RELU, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, alpha);
    }

    /** True where a convolution or dense kernel can apply it as its output clamp. */
    public boolean isFusable() {
        return kind == Kind.LINEAR || kind == Kind.CLAMP;
    }

    public float apply(float v) {
        return switch (kind) {
            case LINEAR -> v;
            case CLAMP -> Math.min(Math.max(v, low), high);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-v)));
            case TANH -> (float) Math.tanh(v);
            case LEAKY_RELU -> v >= 0 ? v : alpha * v;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LINEAR -> "linear";
            case CLAMP -> low == 0f && high == Float.POSITIVE_INFINITY ? "relu"
                    : low == 0f && high == 6f ? "relu6" : "clamp(" + low + "," + high + ")";
            case SIGMOID -> "sigmoid";
            case TANH -> "tanh";
            case LEAKY_RELU -> "leaky_relu(" + alpha + ")";
        };
    }
}
