package io.cmsisnn.graph;

import io.cmsisnn.CmsisException;

/** A graph that is not well formed: shapes that do not fit, unknown tensors, cycles. */
public class GraphException extends CmsisException {
    public GraphException(String message) {
        super(message);
    }
}
