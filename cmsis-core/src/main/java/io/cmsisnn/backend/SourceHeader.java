package io.cmsisnn.backend;

import io.cmsisnn.codegen.RawInput;
import java.util.List;

/**
 * What every family's C names and states besides the network itself.
 *
 * @param name      the network's C name
 * @param modelFile the model file's name, for the header comment
 * @param notes     lines for the header comment (input order, replaced outputs)
 * @param raw       how raw input values map to model inputs
 */
public record SourceHeader(String name, String modelFile, List<String> notes, RawInput raw) {
    public SourceHeader {
        notes = List.copyOf(notes);
    }
}
