package io.cmsisnn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The unmodified upstream archives of {@code ../shared/upstream}, unpacked once into
 * {@code target/upstream} (never into the source tree) and shared by the tests that build against them.
 */
public final class UpstreamTrees {
    private static final Path UNPACKED = Path.of("target/upstream");

    private UpstreamTrees() {
    }

    /**
     * The tree of one archive: {@code 99f736a6}, {@code v7.0.0} (CMSIS-NN roots) or {@code 5.9.0}
     * (CMSIS 5's CMSIS/NN).
     */
    public static synchronized Path root(String version) throws IOException, InterruptedException {
        String archive = version.equals("5.9.0") ? "cmsis5-5.9.0-nn.tar.gz" : "cmsis-nn-" + version + ".tar.gz";
        Path dir = UNPACKED.resolve(version).toAbsolutePath();
        Path root = version.equals("5.9.0") ? dir.resolve("CMSIS_5/CMSIS/NN") : dir.resolve("CMSIS-NN");
        if (!Files.isRegularFile(dir.resolve(".unpacked"))) {
            Path file = Needs.sharedFile("upstream/" + archive);
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("tar", "xzf", file.toAbsolutePath().toString(), "-C", dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as("tar xzf " + file + ": " + out).isZero();
            Files.writeString(dir.resolve(".unpacked"), archive + "\n");
        }
        assertThat(root.resolve("Include/arm_nnfunctions.h")).exists();
        return root;
    }
}
