package io.cmsisnn.emulation;

import io.cmsisnn.quant.NnTypes;
import io.cmsisnn.quant.NnTypes.Status;
import io.cmsisnn.quant.RoundingMode;

/**
 * {@code arm_elementwise_add_s8/s16}, {@code arm_elementwise_mul_s8/s16} (equal shapes) and
 * {@code arm_relu6_s8}. add: each (offset) input times 2^leftShift is requantized to the common
 * scale, the sum requantized to the output scale, offset (s8) and clamped. mul: the product of the
 * (offset) inputs is requantized once. The s16 variants ignore the offsets.
 */
public final class S8Elementwise {
    private S8Elementwise() {
    }

    public static Status addS8(byte[] in1, byte[] in2, int in1Offset, int in1Mult, int in1Shift, int in2Offset,
            int in2Mult, int in2Shift, int leftShift, byte[] output, int outOffset, int outMult, int outShift,
            int actMin, int actMax, int blockSize, RoundingMode mode) {
        return addS8(in1, in2, in1Offset, in1Mult, in1Shift, in2Offset, in2Mult, in2Shift, leftShift, output, outOffset, outMult,
                outShift, actMin, actMax, blockSize, mode, null);
    }

    /** As the kernel; {@code counter} (null: none) counts the outputs clamped to activation_min/max. */
    public static Status addS8(byte[] in1, byte[] in2, int in1Offset, int in1Mult, int in1Shift, int in2Offset,
            int in2Mult, int in2Shift, int leftShift, byte[] output, int outOffset, int outMult, int outShift,
            int actMin, int actMax, int blockSize, RoundingMode mode, SaturationCounter counter) {
        for (int i = 0; i < blockSize; i++) {
            int v = addOne(in1[i] + in1Offset, in2[i] + in2Offset, in1Mult, in1Shift, in2Mult, in2Shift, leftShift,
                    outMult, outShift, mode) + outOffset;
            if (counter != null) {
                counter.clamp(v, actMin, actMax);
            }
            output[i] = (byte) Math.min(Math.max(v, actMin), actMax);
        }
        return Status.SUCCESS;
    }

    public static Status addS16(short[] in1, short[] in2, int in1Mult, int in1Shift, int in2Mult, int in2Shift,
            int leftShift, short[] output, int outMult, int outShift, int actMin, int actMax, int blockSize,
            RoundingMode mode) {
        return addS16(in1, in2, in1Mult, in1Shift, in2Mult, in2Shift, leftShift, output, outMult, outShift, actMin, actMax, blockSize,
                mode, null);
    }

    /** As the kernel; {@code counter} (null: none) counts the outputs clamped to activation_min/max. */
    public static Status addS16(short[] in1, short[] in2, int in1Mult, int in1Shift, int in2Mult, int in2Shift,
            int leftShift, short[] output, int outMult, int outShift, int actMin, int actMax, int blockSize,
            RoundingMode mode, SaturationCounter counter) {
        for (int i = 0; i < blockSize; i++) {
            int v = addOne(in1[i], in2[i], in1Mult, in1Shift, in2Mult, in2Shift, leftShift, outMult, outShift, mode);
            if (counter != null) {
                counter.clamp(v, actMin, actMax);
            }
            output[i] = (short) Math.min(Math.max(v, actMin), actMax);
        }
        return Status.SUCCESS;
    }

    private static int addOne(int a, int b, int aMult, int aShift, int bMult, int bShift, int leftShift, int outMult,
            int outShift, RoundingMode mode) {
        int ra = S8Arith.requantize(a << leftShift, aMult, aShift, mode);
        int rb = S8Arith.requantize(b << leftShift, bMult, bShift, mode);
        return S8Arith.requantize(ra + rb, outMult, outShift, mode);
    }

    public static Status mulS8(byte[] in1, byte[] in2, int in1Offset, int in2Offset, byte[] output, int outOffset,
            int outMult, int outShift, int actMin, int actMax, int blockSize, RoundingMode mode) {
        NnTypes.Activation act = new NnTypes.Activation(actMin, actMax);
        for (int i = 0; i < blockSize; i++) {
            int product = (in1[i] + in1Offset) * (in2[i] + in2Offset);
            output[i] = (byte) S8Arith.output(product, outMult, outShift, outOffset, act, mode);
        }
        return Status.SUCCESS;
    }

    public static Status mulS16(short[] in1, short[] in2, short[] output, int outMult, int outShift, int actMin,
            int actMax, int blockSize, RoundingMode mode) {
        for (int i = 0; i < blockSize; i++) {
            int v = S8Arith.requantize(in1[i] * in2[i], outMult, outShift, mode);
            output[i] = (short) Math.min(Math.max(v, actMin), actMax);
        }
        return Status.SUCCESS;
    }

    /** Raw clamp of int8 values to [0, 6], in place. */
    public static void relu6S8(byte[] data, int size) {
        for (int i = 0; i < size; i++) {
            data[i] = (byte) Math.min(Math.max(data[i], 0), 6);
        }
    }
}
