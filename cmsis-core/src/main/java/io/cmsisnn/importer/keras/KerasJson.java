package io.cmsisnn.importer.keras;

import io.cmsisnn.importer.ModelImportException;

/** Parses a Keras configuration text, reporting malformed JSON against the file it came from. */
final class KerasJson {
    private KerasJson() {
    }

    static Object parse(String file, String what, String json) {
        try {
            return JsonParser.parse(json);
        } catch (JsonParser.JsonException e) {
            throw new ModelImportException(file + ": " + what + " is not valid JSON (" + e.getMessage()
                    + "). The file may be damaged; save the model again.", e);
        }
    }
}
