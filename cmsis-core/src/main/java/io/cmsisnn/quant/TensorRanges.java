package io.cmsisnn.quant;

/**
 * The format calibration suggests for each tensor of the float graph (the quantizer decides
 * which tensors may have their own; the others inherit their input's).
 */
@FunctionalInterface
public interface TensorRanges {

    /**
     * @param frac fractional bits that cover the tensor's calibrated range
     * @param note why, when unusual (a zero range, saturation), else null
     */
    record Suggested(int frac, String note) {
    }

    Suggested suggest(String tensor, int bits);
}
