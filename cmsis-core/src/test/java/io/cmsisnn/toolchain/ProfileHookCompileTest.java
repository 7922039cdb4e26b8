package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The profiling marks of ST's HAR network as firmware compiles it (gcc, and arm-none-eabi-gcc for
 * the M4 when installed), under the project's {@code -std=c99 -Wall -Wextra -Werror}: with
 * {@code CMSIS_NN_PROFILE_LAYER} left undefined the object file is byte for byte the one of the same
 * source with the marks deleted, and a firmware header that defines the hook compiles too.
 */
class ProfileHookCompileTest {
    /** A hook a firmware author might write: one bit per layer reached. */
    private static final String FIRMWARE_HOOK = """
            extern volatile unsigned long firmware_layers_reached;
            #define CMSIS_NN_PROFILE_LAYER(layer) (firmware_layers_reached |= 1ul << (layer))
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"f32, gcc", "q7, gcc", "f32, arm-none-eabi-gcc", "q7, arm-none-eabi-gcc"})
    void undefinedTheHookLeavesTheObjectCodeAsWithoutMarks(String scheme, String compiler) throws IOException {
        CNetworks.assumeGcc();
        boolean cross = compiler.startsWith("arm-");
        if (cross) {
            CrossTools.assumeInstalled();
        }
        CortexMTarget m4 = CortexMTarget.named("cortex-m4");
        GeneratedNetwork network = HarNetworks.generate(scheme, cross && m4.legacyDspPath());
        String source = network.files().get("har.c");
        String withoutMarks = source.replaceAll("(?m)^ *CMSIS_NN_PROFILE_LAYER\\(\\d+\\);\\n", "");
        // one mark per layer of the report, deleted
        assertThat(source.length() - withoutMarks.length()).isPositive();
        assertThat(source.split("CMSIS_NN_PROFILE_LAYER\\(\\d+\\);", -1)).hasSize(network.profiledLayers().size() + 1);
        assertThat(withoutMarks).doesNotContainPattern("CMSIS_NN_PROFILE_LAYER\\(\\d");

        List<String> flags = cross ? m4.compilerFlags() : List.of();
        byte[] marked = compile(compiler, flags, network, source, "marked", List.of());
        byte[] unmarked = compile(compiler, flags, network, withoutMarks, "unmarked", List.of());
        assertThat(marked).isEqualTo(unmarked);

        Path header = dir.resolve("firmware_profile.h");
        Files.writeString(header, FIRMWARE_HOOK, StandardCharsets.UTF_8);
        byte[] hooked = compile(compiler, flags, network, source, "hooked", List.of("-include", header.toString()));
        assertThat(hooked).isNotEqualTo(marked);
    }

    /** {@code compiler -c har.c} among the network's other files, with the bundled kernels' headers; the object's bytes. */
    private byte[] compile(String compiler, List<String> targetFlags, GeneratedNetwork network, String source, String name,
                           List<String> extra) throws IOException {
        Path src = dir.resolve(name);
        Files.createDirectories(src);
        for (Map.Entry<String, String> f : network.files().entrySet()) {
            Files.writeString(src.resolve(f.getKey()), f.getKey().equals("har.c") ? source : f.getValue(), StandardCharsets.UTF_8);
        }
        KernelSource.KernelFiles kernels = new BundledKernels().prepare(network, dir.resolve("kernels-" + name));
        List<String> command = new ArrayList<>(List.of(compiler));
        command.addAll(HostToolchain.FLAGS);
        command.addAll(targetFlags);
        for (String d : network.compileDefinitions()) {
            command.add("-D" + d);
        }
        for (Path include : kernels.includeDirectories()) {
            command.add("-I" + include);
        }
        command.addAll(extra);
        // same file name in every directory: the object names its source file
        command.addAll(List.of("-c", "har.c", "-o", "har.o"));
        ProcessResult result = ProcessResult.run(command, src, src.resolve("compile.log"), java.time.Duration.ofMinutes(2));
        assertThat(result.exitCode()).as("%s:\n%s", String.join(" ", command), result.output()).isZero();
        return Files.readAllBytes(src.resolve("har.o"));
    }
}
