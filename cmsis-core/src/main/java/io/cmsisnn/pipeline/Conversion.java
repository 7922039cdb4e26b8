package io.cmsisnn.pipeline;

import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.graph.Graph;

/**
 * One model taken through import, lowering and code generation.
 *
 * @param scheme   the number format
 * @param imported the graph as the model file describes it (the float reference)
 * @param lowered  the graph the C code implements
 * @param network  the generated C files
 */
public record Conversion(Scheme scheme, Graph imported, Graph lowered, GeneratedNetwork network) {
}
