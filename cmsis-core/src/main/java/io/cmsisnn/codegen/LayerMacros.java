package io.cmsisnn.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The macros of one layer of a q7/q15 network, prefix {@code NAME_L<i>}: a label defined twice with
 * different values gets a suffix, an equal one is reused. {@code taken} is the network's namespace,
 * shared by all its layers.
 */
final class LayerMacros {
    private final String prefix;
    private final Set<String> taken;
    private final Map<String, String> byLabelAndValue = new HashMap<>();
    private final List<Map<String, Object>> defines = new ArrayList<>();

    LayerMacros(String prefix, Set<String> taken) {
        this.prefix = prefix;
        this.taken = taken;
    }

    /** Defines {@code PREFIX_LABEL value} (or reuses an equal one) and returns the macro; a null value defines nothing. */
    String define(String label, String value) {
        if (value == null) {
            return null;
        }
        String key = label + "\u0000" + value;
        String existing = byLabelAndValue.get(key);
        if (existing != null) {
            return existing;
        }
        String macro = prefix + "_" + label;
        for (int n = 2; !taken.add(macro); n++) {
            macro = prefix + "_" + label + "_" + n;
        }
        byLabelAndValue.put(key, macro);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", macro);
        d.put("value", value);
        defines.add(d);
        return macro;
    }

    /** The definitions in the order made, for the parameters template (a read-only view). */
    List<Map<String, Object>> defines() {
        return Collections.unmodifiableList(defines);
    }
}
