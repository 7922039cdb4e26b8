package io.cmsisnn.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one node contributes to the generated files: parameters, constant arrays and calls. */
final class LayerCode {
    private final String node;
    private final String comment;
    private final String macroPrefix;
    private final List<Map<String, Object>> defines = new ArrayList<>();
    private final List<Map<String, Object>> arrays = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final Set<String> functions = new LinkedHashSet<>();
    private long weightValues;

    LayerCode(String node, String comment, String macroPrefix) {
        this.node = node;
        this.comment = comment;
        this.macroPrefix = macroPrefix;
    }

    String node() {
        return node;
    }

    /** Adds {@code #define PREFIX_SUFFIX value} and returns the macro name. */
    String define(String suffix, String value) {
        String name = macroPrefix + "_" + suffix;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("value", value);
        defines.add(d);
        return name;
    }

    String define(String suffix, long value) {
        return define(suffix, Long.toString(value));
    }

    void array(String name, String arrayComment, List<String> lines, int length) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", name);
        a.put("comment", arrayComment);
        a.put("length", Integer.toString(length));
        a.put("lines", lines);
        arrays.add(a);
        weightValues += length;
    }

    /** Adds one call statement; {@code function} is the C function it calls. */
    void call(String function, String... arguments) {
        functions.add(function);
        calls.add(function + "(" + String.join(", ", arguments) + ");");
    }

    void note(String text) {
        calls.add("/* " + CText.comment(text) + " */");
    }

    long weightValues() {
        return weightValues;
    }

    String functions() {
        return functions.isEmpty() ? "none" : String.join("+", functions);
    }

    Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("comment", comment);
        m.put("defines", defines);
        m.put("arrays", arrays);
        m.put("calls", calls);
        return m;
    }
}
