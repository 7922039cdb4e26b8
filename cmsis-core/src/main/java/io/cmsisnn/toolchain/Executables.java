package io.cmsisnn.toolchain;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a program as the shell would: a path as given, a bare name on {@code PATH}. */
public final class Executables {
    private Executables() {
    }

    /** The program's file with links resolved, or empty when it is not there. */
    public static Optional<Path> find(String program) {
        if (program == null || program.isBlank()) {
            return Optional.empty();
        }
        if (program.contains(File.separator)) {
            return executable(Path.of(program));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Optional<Path> p = executable(Path.of(dir, program));
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path p) {
        try {
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toRealPath()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
