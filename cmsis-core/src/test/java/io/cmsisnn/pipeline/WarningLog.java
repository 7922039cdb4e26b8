package io.cmsisnn.pipeline;

import java.util.ArrayList;
import java.util.List;

/** A build log for tests that keeps the warnings, in order, and drops the info lines. */
final class WarningLog implements BuildLog {
    private final List<String> warnings = new ArrayList<>();

    @Override
    public void info(String message) {
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
    }

    List<String> warnings() {
        return warnings;
    }
}
