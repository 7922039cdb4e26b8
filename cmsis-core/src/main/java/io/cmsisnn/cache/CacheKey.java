package io.cmsisnn.cache;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one piece of work depends on, as named values (file fingerprints, settings, the
 * plugin's identity). Two keys with the same entries name the same result; {@link #changes} says
 * which inputs differ from an earlier key, so the log can tell a user why work is redone.
 */
public final class CacheKey {
    private final Map<String, String> entries;

    private CacheKey(Map<String, String> entries) {
        this.entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static Builder builder(String kind) {
        return new Builder().put("kind", kind);
    }

    public Map<String, String> entries() {
        return entries;
    }

    /** A short stable hash of the entries, for file names. */
    public String hash() {
        return FileFingerprints.Hashes.sha256(text().getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    /** The entries as {@code name=value} lines in the order they were put. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (String name : entries.keySet()) {
            sb.append(name).append('=').append(entries.get(name).replace('\n', ' ')).append('\n');
        }
        return sb.toString();
    }

    /** Parses {@link #text()}; null when the text is not a key. */
    static CacheKey parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m.isEmpty() ? null : new CacheKey(m);
    }

    /** Names of the entries whose value differs from (or is absent in) {@code earlier}, in this key's order. */
    public String changes(CacheKey earlier) {
        StringBuilder sb = new StringBuilder();
        for (String name : entries.keySet()) {
            if (earlier == null || !Objects.equals(entries.get(name), earlier.entries.get(name))) {
                sb.append(sb.length() == 0 ? "" : ", ").append(name);
            }
        }
        if (earlier != null) {
            for (String name : earlier.entries.keySet()) {
                if (!entries.containsKey(name)) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(name);
                }
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k && k.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** Collects entries; null values are recorded as {@code -}. */
    public static final class Builder {
        private final Map<String, String> entries = new LinkedHashMap<>();

        public Builder put(String name, Object value) {
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException("key entry '" + name + "' given twice");
            }
            entries.put(name, value == null ? "-" : String.valueOf(value));
            return this;
        }

        /** Every entry of another key (e.g. what generation depended on), prefixed. */
        public Builder putAll(String prefix, CacheKey other) {
            for (Map.Entry<String, String> e : other.entries.entrySet()) {
                put(prefix + e.getKey(), e.getValue());
            }
            return this;
        }

        public CacheKey build() {
            return new CacheKey(entries);
        }
    }
}
