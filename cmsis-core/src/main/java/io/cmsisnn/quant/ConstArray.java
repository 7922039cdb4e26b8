package io.cmsisnn.quant;

/**
 * A constant array of the generated network, already in the order the kernel reads it. The values
 * are copied in and out, so that no step, emulator or generator can change what another reads.
 *
 * @param name    C name suffix, unique in the network (e.g. {@code L3_WT})
 * @param bits    element size: 8 ({@code q7_t}) or 16 ({@code q15_t})
 * @param values  the integers, each within the word
 * @param comment what it holds, for the header
 */
public record ConstArray(String name, int bits, int[] values, String comment) {
    public ConstArray {
        values = values.clone();
    }

    /** A copy of the integers. */
    @Override
    public int[] values() {
        return values.clone();
    }

    public int length() {
        return values.length;
    }

    public long bytes() {
        return (long) values.length * (bits / 8);
    }
}
