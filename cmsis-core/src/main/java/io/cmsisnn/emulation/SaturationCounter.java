package io.cmsisnn.emulation;

import io.cmsisnn.quant.NnTypes;
import io.cmsisnn.quant.RoundingMode;

/**
 * What one layer's outputs (multiply-accumulate kernels and element-wise adds) lost to saturation and overflow, summed over the runs
 * that counted them ({@link AffineNetworkEmulator#runAll(int[], SaturationCounter[])},
 * {@link LegacyNetworkEmulator#runAll(int[], SaturationCounter[])}). The plain runs pass no counter
 * and count nothing. Not thread-safe: one per layer and counting thread.
 *
 * <ul>
 * <li>{@link #clipped()}: outputs whose unclamped value lies beyond the clamp, so the code is
 * activation_min or activation_max (s8/s16) or the {@code __SSAT} bound (q7/q15), except at a bound
 * the layer's float activation clamps at as well (a ReLU's zero, a ReLU6's six, or a bound the
 * separate q7/q15 ReLU after the call maps to the same value): those are
 * {@link #activationClips()}, the activation doing its job, not saturation.</li>
 * <li>{@link #requantOverflows()} (s8/s16): outputs whose requantization leaves its 32-bit range
 * before the clamp: {@code acc << shift} losing bits, the doubling high multiply's INT32_MIN *
 * INT32_MIN, the output offset added past int32, or the 64-bit path's result truncated to 32 bits.
 * The kernels wrap there as the C does, so such an output is garbage, clipped or not.</li>
 * <li>{@link #wrappedSums()} (q7/q15): accumulators whose exact sum (bias and rounding included)
 * leaves int32, where the C's 32-bit sum wraps.</li>
 * <li>{@link #biasBitsDropped()} (q7/q15): outputs whose channel's {@code bias << bias_shift} has set
 * bits below out_shift, which the final {@code >> out_shift} rounds away, or leaves int32. CMSIS 5
 * only ever shifts the bias left, so no right shift of the bias itself drops bits.</li>
 * </ul>
 */
public final class SaturationCounter {
    private final boolean lowByActivation;
    private final boolean highByActivation;
    private long activationClips;
    private long outputs;
    private long saturated;
    private long clipped;
    private long requantOverflows;
    private long wrappedSums;
    private long biasBitsDropped;

    /** A counter for which every clip is saturation (a layer without a clamping activation). */
    public SaturationCounter() {
        this(false, false);
    }

    /**
     * @param lowByActivation  whether a clip at the lower bound is what the layer's float activation
     *                         does too (it clamps at or above that bound's real value)
     * @param highByActivation the same for the upper bound
     */
    public SaturationCounter(boolean lowByActivation, boolean highByActivation) {
        this.lowByActivation = lowByActivation;
        this.highByActivation = highByActivation;
    }

    /** Outputs counted (each output of each counted run once). */
    public long outputs() {
        return outputs;
    }

    /** Outputs that clipped, overflowed or wrapped, each once. */
    public long saturated() {
        return saturated;
    }

    public long clipped() {
        return clipped;
    }

    /** Clips at a bound where the float activation clamps too: not saturation. */
    public long activationClips() {
        return activationClips;
    }

    /** Counts a clip below ({@code low}) or above the clamp; whether it is saturation. */
    private boolean clip(boolean low) {
        if (low ? lowByActivation : highByActivation) {
            activationClips++;
            return false;
        }
        clipped++;
        return true;
    }

    public long requantOverflows() {
        return requantOverflows;
    }

    public long wrappedSums() {
        return wrappedSums;
    }

    public long biasBitsDropped() {
        return biasBitsDropped;
    }

    /**
     * One s8 output of {@link S8Arith#output}: {@code acc} the accumulator, {@code unclamped} the
     * requantized value plus the offset as the kernel computed it (wrapped).
     */
    void affine(int acc, int multiplier, int shift, int offset, int unclamped, NnTypes.Activation act, RoundingMode mode) {
        outputs++;
        boolean clip = (unclamped < act.min() || unclamped > act.max()) && clip(unclamped < act.min());
        boolean overflow = requantOverflows(acc, multiplier, shift, offset, mode);
        requantOverflows += overflow ? 1 : 0;
        saturated += clip || overflow ? 1 : 0;
    }

    /**
     * One output of a kernel without a multiply-accumulate (an element-wise add, a q7/q15 sum of
     * shifted inputs): {@code unclamped} is the value before the clamp to {@code [min, max]}.
     */
    void clamp(long unclamped, long min, long max) {
        outputs++;
        boolean clip = (unclamped < min || unclamped > max) && clip(unclamped < min);
        saturated += clip ? 1 : 0;
    }

    /** Whether {@code requantize(acc, ...) + offset} leaves int32 anywhere on its way. */
    static boolean requantOverflows(int acc, int multiplier, int shift, int offset, RoundingMode mode) {
        long requantized;
        if (mode == RoundingMode.SINGLE) {
            requantized = ((((long) acc * multiplier) >> (30 - shift)) + 1) >> 1;
            if (requantized != (int) requantized) {
                return true;
            }
        } else {
            int left = Math.max(shift, 0);
            long shifted = (long) acc << left;
            if (shifted != (int) shifted || (shifted == Integer.MIN_VALUE && multiplier == Integer.MIN_VALUE)) {
                return true;
            }
            requantized = S8Arith.requantize(acc, multiplier, shift, mode);
        }
        long withOffset = requantized + offset;
        return withOffset != (int) withOffset;
    }

    /** One s16 output from the 64-bit path: {@code acc} with the bias, {@code unclamped} the requantized value. */
    void s64(long acc, int reducedMultiplier, int shift, int unclamped, NnTypes.Activation act) {
        outputs++;
        boolean clip = (unclamped < act.min() || unclamped > act.max()) && clip(unclamped < act.min());
        long truncated = (acc * reducedMultiplier) >> (14 - shift);
        boolean overflow = truncated != (int) truncated;
        requantOverflows += overflow ? 1 : 0;
        saturated += clip || overflow ? 1 : 0;
    }

    /** One s16 output from the 32-bit path (int32 bias): as {@link #affine} with offset 0. */
    void s32(int acc, int multiplier, int shift, int unclamped, NnTypes.Activation act, RoundingMode mode) {
        affine(acc, multiplier, shift, 0, unclamped, act, mode);
    }

    /**
     * One q7/q15 output: {@code exact} the accumulator's exact sum including {@code (bias <<
     * bias_shift) + NN_ROUND(out_shift)}, {@code biasDropped} whether its channel's shifted bias loses
     * bits; {@code bits} 8 or 16.
     */
    void legacy(long exact, int outShift, int bits, boolean biasDropped) {
        outputs++;
        int acc = (int) exact; // what the C's wrapping 32-bit sum holds
        boolean wrapped = acc != exact;
        int shifted = acc >> outShift;
        int hi = (1 << (bits - 1)) - 1;
        boolean clip = (shifted > hi || shifted < -hi - 1) && clip(shifted < 0);
        wrappedSums += wrapped ? 1 : 0;
        saturated += wrapped || clip ? 1 : 0;
        biasBitsDropped += biasDropped ? 1 : 0;
    }

    /**
     * Whether {@code bias << biasShift} has set bits below {@code outShift} (rounded away by the final
     * shift) or leaves int32.
     */
    static boolean biasBitsDropped(int bias, int biasShift, int outShift) {
        long shifted = (long) bias << biasShift;
        return shifted != (int) shifted || (shifted & ((1L << outShift) - 1)) != 0;
    }
}
