package io.cmsisnn.importer;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared test models (../shared beside the checkout); tests skip where they are absent. */
public final class SharedModels {
    private SharedModels() {
    }

    public static Path sharedDir() {
        String configured = System.getProperty("cmsis.shared.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        return dir.toAbsolutePath().normalize();
    }

    /** A model under shared/models/keras, or a skipped test when it is not there. */
    public static Path keras(String fileName) {
        Path p = sharedDir().resolve("models").resolve("keras").resolve(fileName);
        Assumptions.assumeTrue(Files.isRegularFile(p), "shared test model not available: " + p);
        return p;
    }
}
