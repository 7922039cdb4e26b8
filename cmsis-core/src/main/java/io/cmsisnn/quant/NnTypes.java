package io.cmsisnn.quant;

/**
 * Java twins of the {@code arm_nn_types.h} structs and status codes the s8/s16 kernels take, with
 * upstream's field names. Arrays stand for the C pointers; a null array is a NULL pointer.
 */
public final class NnTypes {
    private NnTypes() {
    }

    /** {@code arm_cmsis_nn_status}. */
    public enum Status {
        SUCCESS(0), ARG_ERROR(-1), NO_IMPL_ERROR(-2), FAILURE(-3);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        /** The C enum value. */
        public int code() {
            return code;
        }
    }

    /** {@code cmsis_nn_dims}: batch (or output channels of a filter), height, width, channels. */
    public record Dims(int n, int h, int w, int c) {
        /** Number of elements of a tensor with these dimensions. */
        public int size() {
            return n * h * w * c;
        }
    }

    /** {@code cmsis_nn_tile}. */
    public record Tile(int w, int h) {
    }

    /** {@code cmsis_nn_activation}: the clamp of the offset-added output. */
    public record Activation(int min, int max) {
    }

    /** {@code cmsis_nn_context}: whether {@code buf} is non-NULL, and {@code size}. */
    public record Context(boolean hasBuffer, int size) {
        /** A NULL buffer. */
        public static final Context NONE = new Context(false, 0);

        public static Context ofSize(int size) {
            return new Context(true, size);
        }
    }

    /** {@code cmsis_nn_conv_params}. */
    public record ConvParams(int inputOffset, int outputOffset, Tile stride, Tile padding, Tile dilation,
            Activation activation) {
    }

    /** {@code cmsis_nn_dw_conv_params}. */
    public record DwConvParams(int inputOffset, int outputOffset, int chMult, Tile stride, Tile padding, Tile dilation,
            Activation activation) {
    }

    /** {@code cmsis_nn_pool_params}. */
    public record PoolParams(Tile stride, Tile padding, Activation activation) {
    }

    /** {@code cmsis_nn_fc_params}. */
    public record FcParams(int inputOffset, int filterOffset, int outputOffset, Activation activation) {
    }

    /** {@code cmsis_nn_per_channel_quant_params}: one multiplier and shift per output channel. */
    public record ChannelQuant(int[] multiplier, int[] shift) {
    }

    /** {@code cmsis_nn_bias_data} of the s16 convolution: int32 data when isInt32Bias, else int64; either may be null. */
    public record Bias16(boolean isInt32Bias, int[] int32Data, long[] int64Data) {
        public static Bias16 int32(int[] data) {
            return new Bias16(true, data, null);
        }

        public static Bias16 int64(long[] data) {
            return new Bias16(false, null, data);
        }
    }

    /** {@code cmsis_nn_softmax_lut_s16}: 513-entry exp and 1/(1+x) tables, either may be null. */
    public record SoftmaxLut16(short[] expLut, short[] oneByOneLut) {
    }
}
