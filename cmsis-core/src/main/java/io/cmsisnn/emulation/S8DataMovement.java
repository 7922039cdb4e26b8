package io.cmsisnn.emulation;

import io.cmsisnn.quant.NnTypes.Dims;
import io.cmsisnn.quant.NnTypes.Status;

/**
 * The int8 kernels that only move data: {@code arm_reshape_s8}, {@code arm_concatenation_s8_x/y/z/w},
 * {@code arm_pad_s8}, {@code arm_transpose_s8}. Concatenation tensors are laid out [w][z][y][x]
 * (x fastest); the output differs from the input only along the concatenation axis.
 */
public final class S8DataMovement {
    private S8DataMovement() {
    }

    public static void reshape(byte[] input, byte[] output, int totalSize) {
        System.arraycopy(input, 0, output, 0, totalSize);
    }

    public static void concatenationX(byte[] input, int inX, int inY, int inZ, int inW, byte[] output, int outX,
            int offsetX) {
        for (int r = 0; r < inY * inZ * inW; r++) {
            System.arraycopy(input, r * inX, output, offsetX + r * outX, inX);
        }
    }

    public static void concatenationY(byte[] input, int inX, int inY, int inZ, int inW, byte[] output, int outY,
            int offsetY) {
        for (int p = 0; p < inZ * inW; p++) {
            System.arraycopy(input, p * inX * inY, output, offsetY * inX + p * inX * outY, inX * inY);
        }
    }

    public static void concatenationZ(byte[] input, int inX, int inY, int inZ, int inW, byte[] output, int outZ,
            int offsetZ) {
        int plane = inX * inY;
        for (int b = 0; b < inW; b++) {
            System.arraycopy(input, b * plane * inZ, output, offsetZ * plane + b * plane * outZ, plane * inZ);
        }
    }

    public static void concatenationW(byte[] input, int inX, int inY, int inZ, int inW, byte[] output, int offsetW) {
        int block = inX * inY * inZ;
        System.arraycopy(input, 0, output, offsetW * block, block * inW);
    }

    /** Output extents input + pre + post per dimension; the border holds padValue. */
    public static Status pad(byte[] input, byte[] output, byte padValue, Dims inputSize, Dims prePad, Dims postPad) {
        int on = prePad.n() + inputSize.n() + postPad.n();
        int oh = prePad.h() + inputSize.h() + postPad.h();
        int ow = prePad.w() + inputSize.w() + postPad.w();
        int oc = prePad.c() + inputSize.c() + postPad.c();
        for (int n = 0; n < on; n++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    for (int c = 0; c < oc; c++) {
                        int iN = n - prePad.n();
                        int iY = y - prePad.h();
                        int iX = x - prePad.w();
                        int iC = c - prePad.c();
                        boolean inside = iN >= 0 && iN < inputSize.n() && iY >= 0 && iY < inputSize.h() && iX >= 0
                                && iX < inputSize.w() && iC >= 0 && iC < inputSize.c();
                        output[((n * oh + y) * ow + x) * oc + c] = inside
                                ? input[((iN * inputSize.h() + iY) * inputSize.w() + iX) * inputSize.c() + iC]
                                : padValue;
                    }
                }
            }
        }
        return Status.SUCCESS;
    }

    /**
     * Output axis k is input axis permutation[k]. numDims 1 copies n values; 2 transposes the n x h
     * matrix whatever the permutation; 3 uses axes n, h, w (output extents outputDims n, h, w);
     * 4 all of n, h, w, c. ARG_ERROR for an out-of-range entry (3 or 4 dimensions).
     */
    public static Status transpose(byte[] input, byte[] output, Dims inputDims, Dims outputDims, int numDims,
            int[] permutation) {
        int[] extent;
        int[] stride = new int[4];
        if (numDims == 1) {
            System.arraycopy(input, 0, output, 0, inputDims.n());
            return Status.SUCCESS;
        }
        if (numDims == 2) {
            extent = new int[] {1, 1, inputDims.n(), inputDims.h()};
            stride[2] = 1;
            stride[3] = inputDims.n();
        } else if (numDims == 3) {
            for (int k = 0; k < 3; k++) {
                if (Integer.compareUnsigned(permutation[k], 2) > 0) {
                    return Status.ARG_ERROR;
                }
            }
            extent = new int[] {1, inputDims.n(), inputDims.h(), inputDims.w()};
            stride[permutation[0] + 1] = outputDims.h() * outputDims.w();
            stride[permutation[1] + 1] = outputDims.w();
            stride[permutation[2] + 1] = 1;
        } else {
            for (int k = 0; k < 4; k++) {
                if (Integer.compareUnsigned(permutation[k], 3) > 0) {
                    return Status.ARG_ERROR;
                }
            }
            extent = new int[] {inputDims.n(), inputDims.h(), inputDims.w(), inputDims.c()};
            stride[permutation[0]] = outputDims.h() * outputDims.w() * outputDims.c();
            stride[permutation[1]] = outputDims.w() * outputDims.c();
            stride[permutation[2]] = outputDims.c();
            stride[permutation[3]] = 1;
        }
        int from = 0;
        for (int i0 = 0; i0 < extent[0]; i0++) {
            for (int i1 = 0; i1 < extent[1]; i1++) {
                for (int i2 = 0; i2 < extent[2]; i2++) {
                    for (int i3 = 0; i3 < extent[3]; i3++) {
                        output[i0 * stride[0] + i1 * stride[1] + i2 * stride[2] + i3 * stride[3]] = input[from++];
                    }
                }
            }
        }
        return Status.SUCCESS;
    }
}
