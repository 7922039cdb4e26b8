package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Padding;

import java.util.Arrays;
import java.util.List;

/** Pad with a constant around the spatial axes of a 1-D or 2-D tensor. */
final class PadOps {
    private PadOps() {
    }

    static void pad(ConversionContext c, OnnxNode n) {
        String mode = n.string("mode", "constant");
        if (!mode.equals("constant")) {
            throw new NodeProblem("pads in '" + mode + "' mode; only constant padding is supported "
                    + "(nn.ZeroPad2d, nn.ConstantPad2d, or F.pad(x, p) with mode='constant')");
        }
        DataTensor x = SlidingWindow.requireImage(c.data(n, 0), "Pad");
        int rank = x.rank() + 1;
        long[] pads;
        float value;
        if (n.opset() < 11) {
            pads = n.longs("pads", null);
            value = n.real("value", 0f);
        } else {
            pads = c.constant(n, 1, "pads").asLongs();
            ConstantTensor v = c.optionalConstant(n, 2, "constant_value");
            value = v == null ? 0f : v.scalar("constant_value");
            ConstantTensor axes = c.optionalConstant(n, 3, "axes");
            if (axes != null) {
                pads = spreadOverAxes(pads, axes.asLongs(), rank);
            }
        }
        if (!Float.isFinite(value)) {
            throw new NodeProblem("pads with the value " + value + "; the value must be finite");
        }
        if (pads == null || pads.length != 2 * rank) {
            throw new NodeProblem("has pads " + Arrays.toString(pads) + " where " + 2 * rank + " values are expected");
        }
        for (long p : pads) {
            if (p < 0) {
                throw new NodeProblem("has negative pads " + Arrays.toString(pads) + "; cropping is not supported");
            }
        }
        if (pads[0] != 0 || pads[1] != 0 || pads[rank] != 0 || pads[rank + 1] != 0) {
            throw new NodeProblem("pads the batch or channel axis (pads " + Arrays.toString(pads) + "); only the spatial axes "
                    + "can be padded");
        }
        Padding padding = rank == 3
                ? new Padding(0, 0, (int) pads[2], (int) pads[5])
                : new Padding((int) pads[2], (int) pads[6], (int) pads[3], (int) pads[7]);
        c.emitNatural(n, new Op.Pad(padding, value), List.of(x.node()), x.rank());
    }

    /** Opset 18 pads listed for some axes only, widened to all axes. */
    private static long[] spreadOverAxes(long[] pads, long[] axes, int rank) {
        if (pads.length != 2 * axes.length) {
            throw new NodeProblem("has " + pads.length + " pads for " + axes.length + " axes");
        }
        long[] all = new long[2 * rank];
        for (int i = 0; i < axes.length; i++) {
            int a = (int) (axes[i] < 0 ? axes[i] + rank : axes[i]);
            if (a < 0 || a >= rank) {
                throw new NodeProblem("has pad axis " + axes[i] + " out of range");
            }
            all[a] = pads[i];
            all[a + rank] = pads[i + axes.length];
        }
        return all;
    }
}
