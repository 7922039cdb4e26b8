package io.cmsisnn.quant;

/** The float range calibration gives each tensor of the graph, for the s8/s16 scheme. */
@FunctionalInterface
public interface ActivationRanges {

    /**
     * @param min  smallest value to represent
     * @param max  largest value to represent
     * @param note why, when unusual (clipped by a percentile, ...), else null
     */
    record Range(float min, float max, String note) {
    }

    Range range(String tensor);

    /**
     * The range of a tensor held in {@code bits}-bit codes (an int16 tensor of an s8 network with
     * widened layers); the same as {@link #range(String)} unless the range method depends on the word size.
     */
    default Range range(String tensor, int bits) {
        return range(tensor);
    }
}
