package io.cmsisnn;

/**
 * A problem the user can fix (bad file, unsupported layer, wrong data shape, missing toolchain).
 * Each pipeline stage has its own subclass (a wrong configuration, {@link ConfigurationException},
 * sits beside this class); the message names the file or layer and what to do.
 */
public abstract class CmsisException extends RuntimeException {
    protected CmsisException(String message) {
        super(message);
    }

    protected CmsisException(String message, Throwable cause) {
        super(message, cause);
    }
}
