package io.cmsisnn.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a tool, ../shared, a Debian data package). On a developer's
 * machine a missing need skips the test; with {@code -Dcmsis.requireAll=true}, which CI sets, it
 * fails it, so CI can never pass by skipping.
 */
public final class Needs {
    private Needs() {
    }

    /** Goes on when {@code present}; otherwise skips, or fails under cmsis.requireAll. */
    public static void that(boolean present, String what) {
        if (!present) {
            missing(what);
        }
    }

    /** Skips, or fails under cmsis.requireAll, saying what is missing. */
    public static void missing(String what) {
        if (Boolean.getBoolean("cmsis.requireAll")) {
            Assertions.fail("missing (and -Dcmsis.requireAll=true forbids skipping): " + what);
        }
        Assumptions.abort(what);
    }
}
