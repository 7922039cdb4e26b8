package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Padding;

import java.util.Arrays;

/**
 * Kernel, strides, dilations and padding of a Conv or pooling node over a 1-D ([C, L]) or 2-D
 * ([C, H, W]) input, as 2-D numbers: a 1-D window has height 1 and works along W.
 */
record SlidingWindow(int kh, int kw, int strideH, int strideW, int dilationH, int dilationW, Padding padding) {

    /**
     * Reads strides, dilations, pads and auto_pad.
     *
     * @param kernel the spatial kernel size (one or two entries)
     * @param x      the input, natural, of rank 2 or 3
     */
    static SlidingWindow of(OnnxNode n, DataTensor x, int[] kernel) {
        int spatial = x.rank() - 1;
        if (kernel.length != spatial) {
            throw new NodeProblem("has a " + kernel.length + "-D kernel " + Arrays.toString(kernel) + " for a "
                    + spatial + "-D input " + x.describe());
        }
        int[] ones = spatial == 1 ? new int[] {1} : new int[] {1, 1};
        int[] strides = n.ints("strides", ones);
        int[] dilations = n.ints("dilations", ones);
        checkLength(n, "strides", strides, spatial);
        checkLength(n, "dilations", dilations, spatial);
        for (int i = 0; i < spatial; i++) {
            if (strides[i] < 1 || dilations[i] < 1 || kernel[i] < 1) {
                throw new NodeProblem("has kernel " + Arrays.toString(kernel) + ", strides " + Arrays.toString(strides)
                        + " and dilations " + Arrays.toString(dilations) + "; all must be positive");
            }
        }
        int[] in = spatial == 1 ? new int[] {x.dims()[1]} : new int[] {x.dims()[1], x.dims()[2]};
        int[] pads = pads(n, in, kernel, strides, dilations);
        if (spatial == 1) {
            return new SlidingWindow(1, kernel[0], 1, strides[0], 1, dilations[0], new Padding(0, 0, pads[0], pads[1]));
        }
        return new SlidingWindow(kernel[0], kernel[1], strides[0], strides[1], dilations[0], dilations[1],
                new Padding(pads[0], pads[2], pads[1], pads[3]));
    }

    /** ONNX pads in [begin..., end...] order, from the pads attribute or auto_pad. */
    private static int[] pads(OnnxNode n, int[] in, int[] kernel, int[] strides, int[] dilations) {
        int spatial = in.length;
        String auto = n.string("auto_pad", "NOTSET");
        switch (auto) {
            case "NOTSET":
            case "": {
                int[] pads = n.ints("pads", new int[2 * spatial]);
                checkLength(n, "pads", pads, 2 * spatial);
                for (int p : pads) {
                    if (p < 0) {
                        throw new NodeProblem("has negative pads " + Arrays.toString(pads) + "; cropping is not supported");
                    }
                }
                return pads;
            }
            case "VALID":
                return new int[2 * spatial];
            case "SAME_UPPER":
            case "SAME_LOWER": {
                int[] pads = new int[2 * spatial];
                for (int i = 0; i < spatial; i++) {
                    int out = (in[i] + strides[i] - 1) / strides[i];
                    int total = Math.max((out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in[i], 0);
                    // SAME_UPPER puts the odd element at the end, SAME_LOWER at the beginning
                    int small = total / 2;
                    pads[i] = auto.equals("SAME_UPPER") ? small : total - small;
                    pads[i + spatial] = total - pads[i];
                }
                return pads;
            }
            default:
                throw new NodeProblem("has auto_pad '" + auto + "'; expected NOTSET, SAME_UPPER, SAME_LOWER or VALID");
        }
    }

    private static void checkLength(OnnxNode n, String attribute, int[] v, int expected) {
        if (v.length != expected) {
            throw new NodeProblem("has " + attribute + " " + Arrays.toString(v) + " where " + expected + " values are expected");
        }
    }

    /** The input's spatial sizes as (height, width); a 1-D input has height 1. */
    static int[] spatialSize(DataTensor x) {
        return x.rank() == 2 ? new int[] {1, x.dims()[1]} : new int[] {x.dims()[1], x.dims()[2]};
    }

    /** Requires a natural 1-D or 2-D input with channels first, as convolutions and pools take. */
    static DataTensor requireImage(DataTensor x, String opType) {
        if (x.rank() != 2 && x.rank() != 3) {
            throw new NodeProblem("reads a tensor of shape " + x.describe() + "; " + opType
                    + " is supported on [N, C, L] (1-D) and [N, C, H, W] (2-D) inputs only" + (x.rank() == 4 ? " (3-D data is not)" : ""));
        }
        if (!x.isNatural()) {
            throw new NodeProblem("reads a tensor of shape " + x.describe() + " whose elements are not in [N, C, ...] order "
                    + "after earlier Transpose/Reshape nodes; the converter cannot run " + opType + " on it without moving data");
        }
        return x;
    }
}
