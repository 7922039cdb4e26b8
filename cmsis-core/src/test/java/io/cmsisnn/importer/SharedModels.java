package io.cmsisnn.importer;


import io.cmsisnn.testing.Needs;
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
        Needs.that(Files.isRegularFile(p), "shared test model not available: " + p);
        return p;
    }
}
