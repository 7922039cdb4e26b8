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
        files.put("../escape.h", "x");
        GeneratedNetwork bad = new GeneratedNetwork("kws", "f32", files, null, null, 0, 0, 0, Map.of());
        assertThatThrownBy(() -> new NetworkWriter().write(bad, out)).isInstanceOf(CodegenException.class);
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void writesSubdirectoriesAndRemovesWhatTheNextRunNoLongerWrites() throws IOException {
        Path out = dir.resolve("cmsis");
        Map<String, String> first = new LinkedHashMap<>(network("kws").files());
        first.put("cmsis-nn/Include/a.h", "a");
        first.put("cmsis-nn/Source/S8/b.c", "b");
        new NetworkWriter().write("kws", first, out);
        assertThat(Files.readString(out.resolve("cmsis-nn/Source/S8/b.c"))).isEqualTo("b");
        assertThat(Files.readAllLines(out.resolve(NetworkWriter.MANIFEST))).contains("cmsis-nn/Include/a.h", "cmsis-nn/Source/S8/b.c");

        Map<String, String> second = new LinkedHashMap<>(network("kws").files());
        second.put("cmsis-nn/Include/a.h", "a2");
        new NetworkWriter().write("kws", second, out);
        assertThat(Files.readString(out.resolve("cmsis-nn/Include/a.h"))).isEqualTo("a2");
        assertThat(out.resolve("cmsis-nn/Source")).doesNotExist(); // emptied folders go too
        assertThat(names(dir)).containsExactly("cmsis"); // no staging directory left
    }

    @Test
    void clearRemovesTheListedFilesOnly() throws IOException {
        Path out = dir.resolve("cmsis");
        Map<String, String> files = new LinkedHashMap<>(network("kws").files());
        files.put("cmsis-nn/Include/a.h", "a");
        new NetworkWriter().write("kws", files, out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertThat(new NetworkWriter().clear(out)).containsExactlyInAnyOrderElementsOf(files.keySet());
        assertThat(names(out)).containsExactly("notes.txt");
    }
}
