package io.cmsisnn.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** A file of the shared models and data beside the checkout ({@code cmsis.shared.dir}), which must exist. */
    public static Path sharedFile(String relative) {
        Path file = Path.of(System.getProperty("cmsis.shared.dir", "../../shared")).resolve(relative);
        that(Files.exists(file), "needs ../shared: " + file);
        return file;
    }

    /** arm-none-eabi-gcc and qemu-system-arm, both of which must run. */
    public static void crossTools() {
        for (String tool : new String[] {"arm-none-eabi-gcc", "qemu-system-arm"}) {
            try {
                Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                that(p.waitFor() == 0, tool + " does not run");
            } catch (IOException e) {
                missing(tool + " is not installed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                missing(tool + " did not answer");
            }
        }
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
