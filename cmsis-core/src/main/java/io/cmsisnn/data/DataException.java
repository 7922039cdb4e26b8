package io.cmsisnn.data;

import io.cmsisnn.CmsisException;

/**
 * A data or label file that cannot be used: missing, of an unknown type, damaged, or of a shape
 * or content that does not fit the model. The message names the file (and key) and what to do.
 */
public class DataException extends CmsisException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
