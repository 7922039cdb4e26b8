package io.cmsisnn.pipeline;

import io.cmsisnn.CmsisException;

/** The compiled network is less accurate than allowed, or does not compute what the emulation does. */
public class VerificationException extends CmsisException {
    public VerificationException(String message) {
        super(message);
    }
}
