package io.cmsisnn.importer;

import io.cmsisnn.CmsisException;

/**
 * A model file that cannot be turned into a graph: missing, unreadable, or using something the
 * converter does not support. The message names the file, the layer (name and class) where there
 * is one, and what the user can do about it.
 */
public class ModelImportException extends CmsisException {
    public ModelImportException(String message) {
        super(message);
    }

    public ModelImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
