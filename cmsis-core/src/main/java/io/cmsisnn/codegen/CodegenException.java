package io.cmsisnn.codegen;

import io.cmsisnn.CmsisException;

/** Code generation failed: a layer or value C cannot express, or the output could not be written. */
public class CodegenException extends CmsisException {
    public CodegenException(String message) {
        super(message);
    }

    public CodegenException(String message, Throwable cause) {
        super(message, cause);
    }
}
