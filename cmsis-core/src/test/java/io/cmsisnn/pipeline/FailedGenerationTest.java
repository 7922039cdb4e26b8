package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed generate leaves no earlier network that a firmware build could still compile. */
class FailedGenerationTest {
    @TempDir
    Path dir;

    private static Path shared(String relative) {
        Path file = Path.of(System.getProperty("cmsis.shared.dir", "../../shared")).resolve(relative);
        io.cmsisnn.testing.Needs.that(Files.exists(file), "needs ../shared: " + file);
        return file;
    }

    @Test
    void aCorruptModelRemovesThePreviousNetwork() throws IOException {
        Path model = dir.resolve("har.h5");
        Files.copy(shared("models/keras/st_har_cnn1d.h5"), model);
        Path out = dir.resolve("generated");
        ConversionSettings settings = ConversionSettings.builder(model).scheme(Scheme.S8)
                .calibrationData(shared("datasets/st_har/har_frames_x.npy")).calibrationSamples(200).build();
        WarningLog log = new WarningLog();
        List<String> warnings = log.warnings();
        new Generator(log).generate(settings, out);
        for (String f : List.of("har.c", "har.h", "har_weights.h", "har_parameters.h", "har_sources.cmake", "har_sources.mk",
                "har_sources.txt", "cmsis-nn/Include/arm_nnfunctions.h")) {
            assertThat(out.resolve(f)).exists();
        }
        Files.writeString(out.resolve("notes.txt"), "the user's own file");

        Files.write(model, "this is not an HDF5 file".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> new Generator(log).generate(settings, out)).hasMessageContaining(model.getFileName().toString());

        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
        }
        assertThat(warnings).anyMatch(w -> w.contains("previous network") && w.contains(out.toString()));
    }

    @Test
    void aDeletedModelRemovesThePreviousNetworkThroughTheCache() throws IOException {
        Path model = dir.resolve("har.h5");
        Files.copy(shared("models/keras/st_har_cnn1d.h5"), model);
        Path out = dir.resolve("generated");
        ConversionSettings settings = ConversionSettings.builder(model).scheme(Scheme.F32).build();
        Generator generator = new Generator(BuildLog.SILENT, new io.cmsisnn.cache.BuildCache(dir.resolve("cache")));
        assertThat(generator.generateIfStale(settings, out, true)).isTrue();
        assertThat(out.resolve("har_sources.cmake")).exists();

        Files.delete(model);
        assertThatThrownBy(() -> generator.generateIfStale(settings, out, true)).hasMessageContaining("har.h5");
        assertThat(out.resolve("har.c")).doesNotExist();
        assertThat(out.resolve("har_sources.cmake")).doesNotExist();
        assertThat(out.resolve("cmsis-nn")).doesNotExist();
    }
}
