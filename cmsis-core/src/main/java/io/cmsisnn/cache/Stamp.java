package io.cmsisnn.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one finished piece of work depended on and what it wrote: its key, the SHA-256 of every
 * output file, and short values worth keeping (e.g. the summary line of a verification).
 *
 * @param key     the inputs
 * @param outputs output file (absolute path) to its {@code sha256:} fingerprint
 * @param values  other recorded values
 */
public record Stamp(CacheKey key, Map<String, String> outputs, Map<String, String> values) {
    private static final String OUTPUTS = "--outputs";
    private static final String VALUES = "--values";

    public Stamp {
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    String text() {
        StringBuilder sb = new StringBuilder(key.text()).append(OUTPUTS).append('\n');
        outputs.forEach((f, h) -> sb.append(h).append(' ').append(f).append('\n'));
        sb.append(VALUES).append('\n');
        values.forEach((k, v) -> sb.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
        return sb.toString();
    }

    /** Null when the text is not a stamp (a damaged file is treated as no stamp). */
    static Stamp parse(String text) {
        int o = text.indexOf(OUTPUTS + "\n");
        int v = text.indexOf(VALUES + "\n");
        if (o < 0 || v < o) {
            return null;
        }
        CacheKey key = CacheKey.parse(text.substring(0, o));
        if (key == null) {
            return null;
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String line : text.substring(o + OUTPUTS.length() + 1, v).split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                outputs.put(line.substring(sp + 1), line.substring(0, sp));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.substring(v + VALUES.length() + 1).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Stamp(key, outputs, values);
    }
}
