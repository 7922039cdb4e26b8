package io.cmsisnn.quant;

import io.cmsisnn.CmsisException;

/** A layer or a setting the legacy scheme cannot represent. */
public final class QuantizationException extends CmsisException {
    public QuantizationException(String message) {
        super(message);
    }
}
