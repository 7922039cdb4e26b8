package io.cmsisnn.calibration;

import io.cmsisnn.CmsisException;

/**
 * Calibration could not produce ranges: the calibration set is empty or malformed, holds NaN or
 * infinite values, or drives a layer of the float network to NaN or infinity. The message names
 * the sample and, where it applies, the layer.
 */
public class CalibrationException extends CmsisException {
    public CalibrationException(String message) {
        super(message);
    }

    public CalibrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
