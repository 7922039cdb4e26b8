package io.cmsisnn.toolchain;

import io.cmsisnn.CmsisException;

/** Building or running the generated C failed: compiler missing, compile errors, a crash. */
public class ToolchainException extends CmsisException {
    public ToolchainException(String message) {
        super(message);
    }

    public ToolchainException(String message, Throwable cause) {
        super(message, cause);
    }
}
