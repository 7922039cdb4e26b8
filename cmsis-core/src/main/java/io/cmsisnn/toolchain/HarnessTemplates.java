package io.cmsisnn.toolchain;

import io.cmsisnn.codegen.Templates;
import java.util.Map;

/** The C of the test harnesses, kept as templates under {@code io/cmsisnn/toolchain/}. */
final class HarnessTemplates {
    private HarnessTemplates() {
    }

    static String render(String name, Map<String, Object> model) {
        // a Templates holds FreeMarker's parsed-template cache; harnesses are written once per build
        return new Templates("/io/cmsisnn/toolchain/").render(name, model);
    }
}
