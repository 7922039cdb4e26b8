package io.cmsisnn.pipeline;

import io.cmsisnn.graph.TensorLayout;

/** The sentence in {@code <name>.h} that tells firmware how the ONNX input's NCHW order maps to the network's HWC. */
final class InputOrderNote {
    private InputOrderNote() {
    }

    /** The note for an ONNX input, or null when the model is not ONNX. */
    static String of(TensorLayout input) {
        if (input == null) {
            return null;
        }
        int[] d = input.dims();
        StringBuilder onnx = new StringBuilder("[N");
        for (int v : d) {
            onnx.append(", ").append(v);
        }
        onnx.append(']');
        String head = "The ONNX model's input '" + input.name() + "' is " + onnx;
        if (d.length == 3 && !input.isSameOrder()) {
            return head + " (N, C, H, W, as PyTorch orders it). This network takes the same values in HWC order: element "
                    + "(c, h, w) goes to index (h*" + d[2] + "+w)*" + d[0] + "+c. cmsis:verify and calibration "
                    + "rearrange NCHW data files themselves (parameter dataLayout).";
        }
        if (d.length == 2 && !input.isSameOrder()) {
            return head + " (N, C, L, as PyTorch orders it). This network takes the same values channels last: element "
                    + "(c, l) goes to index l*" + d[0] + "+c. cmsis:verify and calibration rearrange such data files "
                    + "themselves (parameter dataLayout).";
        }
        boolean oneChannel = d.length >= 2 && d[0] == 1 && input.shape().c() == 1;
        return head + (oneChannel ? ": with one channel, its NCHW order and this network's HWC order are the same."
                : ": this network takes its values in the same order.");
    }
}
