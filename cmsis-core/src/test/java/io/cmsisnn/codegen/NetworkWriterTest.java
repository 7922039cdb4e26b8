package io.cmsisnn.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkWriterTest {
    @TempDir
    Path dir;

    private static GeneratedNetwork network(String name) {
        return new CodeGenerator().generate(CodeGeneratorTest.convNet("conv2d", CodeGeneratorTest.weights()), name, name + ".h5");
    }

    private static Stream<String> names(Path d) throws IOException {
        return Files.list(d).map(p -> p.getFileName().toString()).sorted();
    }

    @Test
    void writesEveryFileIntoANewDirectory() throws IOException {
        GeneratedNetwork n = network("kws");
        Path out = dir.resolve("target/generated-sources/cmsis");
        new NetworkWriter().write(n, out);
        for (Map.Entry<String, String> e : n.files().entrySet()) {
            assertThat(Files.readString(out.resolve(e.getKey()))).isEqualTo(e.getValue());
        }
        assertThat(names(out)).containsExactly(".cmsis-generated", "kws.c", "kws.h", "kws_parameters.h", "kws_weights.h");
        assertThat(names(out.getParent())).containsExactly("cmsis");
    }

    @Test
    void replacesThePreviousNetworkAndKeepsOtherFiles() throws IOException {
        Path out = dir.resolve("cmsis");
        new NetworkWriter().write(network("first"), out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        new NetworkWriter().write(network("second"), out);
        assertThat(names(out)).containsExactly(".cmsis-generated", "notes.txt", "second.c", "second.h", "second_parameters.h",
                "second_weights.h");
        assertThat(Files.readString(out.resolve("second.c"))).isEqualTo(network("second").files().get("second.c"));
    }

    @Test
    void rewritingTheSameNetworkGivesTheSameBytes() throws IOException {
        Path out = dir.resolve("cmsis");
        new NetworkWriter().write(network("kws"), out);
        byte[] before = Files.readAllBytes(out.resolve("kws_weights.h"));
        new NetworkWriter().write(network("kws"), out);
        assertThat(Files.readAllBytes(out.resolve("kws_weights.h"))).isEqualTo(before);
    }

    @Test
    void failureLeavesNothingBehind() throws IOException {
        Path out = dir.resolve("cmsis");
        Files.writeString(out, "a regular file where the directory should be");
        assertThatThrownBy(() -> new NetworkWriter().write(network("kws"), out)).isInstanceOf(CodegenException.class)
                .hasMessageContaining(out.toString());
        assertThat(names(dir)).containsExactly("cmsis");
        assertThat(Files.readString(out)).startsWith("a regular file");
    }

    @Test
    void failureWhileWritingLeavesNoStagingDirectory() throws IOException {
        Path out = dir.resolve("cmsis");
        Map<String, String> files = new LinkedHashMap<>(network("kws").files());
        files.put("sub/dir.h", "x");
        GeneratedNetwork bad = new GeneratedNetwork("kws", "f32", files, null, null, 0, 0, 0, Map.of());
        assertThatThrownBy(() -> new NetworkWriter().write(bad, out)).isInstanceOf(CodegenException.class);
        assertThat(names(dir)).isEmpty();
    }
}
