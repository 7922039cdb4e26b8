package io.cmsisnn.pipeline;

import io.cmsisnn.ConfigurationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Number format of the generated network. */
public enum Scheme {
    F32(true), Q7(true), Q15(true), S8(true), S16(true);

    private final boolean available;

    Scheme(boolean available) {
        this.available = available;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a user's {@code scheme} value; fails for unknown values and for schemes not built yet. */
    public static Scheme parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Scheme s : values()) {
            if (s.id().equals(v)) {
                if (!s.available) {
                    throw new ConfigurationException("scheme '" + v + "' is not yet supported by this version of "
                            + "cmsis-maven-plugin; use f32, q7 or q15 for now");
                }
                return s;
            }
        }
        throw new ConfigurationException("scheme '" + value + "' does not exist; set <scheme> (or -Dcmsis.scheme) to one of "
                + Arrays.stream(values()).map(Scheme::id).collect(Collectors.joining(", "))
                + ", or auto / auto-legacy to let the plugin choose by accuracy and cost");
    }
}
