package io.cmsisnn.data;

import io.cmsisnn.ConfigurationException;
import java.util.Locale;

/**
 * The order of the values of one sample in a data file (test data, calibration data, expected
 * outputs). The generated network takes HWC (channels last); PyTorch keeps images channels first.
 */
public enum DataLayout {
    /** Channels first ([N, C, H, W], or [N, C, L] for 1-D data) when the model is ONNX and the samples have its input's shape; HWC otherwise. */
    AUTO,
    /** Channels first: rearranged to HWC sample by sample. */
    NCHW,
    /** Channels last, the network's own order: used as it is. */
    NHWC;

    /** The parameter value: {@code auto} (also for null or blank), {@code nchw} or {@code nhwc}, in any case. */
    public static DataLayout parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("dataLayout '" + value + "' is not one of auto, nchw, nhwc: use nchw for data "
                    + "stored channels first ([N, C, H, W], as PyTorch keeps it), nhwc for channels last ([N, H, W, C]), "
                    + "or auto to decide from the model");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
