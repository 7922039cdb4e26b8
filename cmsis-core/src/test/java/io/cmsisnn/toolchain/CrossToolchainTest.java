package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Build errors of the Cortex-M build, each with one message that says what to do. */
class CrossToolchainTest {
    @TempDir
    Path dir;

    private CrossToolchain toolchain(String target, String compiler) {
        return new CrossToolchain(CortexMTarget.named(target), compiler, Duration.ofMinutes(1), new BundledKernels());
    }

    @Test
    void missingCrossCompilerNamesThePackages() {
        GeneratedNetwork n = CrossTools.spinner();
        assertThatThrownBy(() -> toolchain("cortex-m4", dir.resolve("no/such/arm-none-eabi-gcc").toString()).build(n, dir))
                .isInstanceOf(ToolchainException.class)
                .hasMessageStartingWith("arm-none-eabi-gcc not found: install the Debian packages gcc-arm-none-eabi and "
                        + "libnewlib-arm-none-eabi (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi)");
    }

    /** A compiler without newlib beside it fails on the C library's headers (here a stand-in script says so). */
    @Test
    void missingNewlibNamesThePackage() throws IOException {
        Path fake = dir.resolve("arm-none-eabi-gcc");
        Files.writeString(fake, "#!/bin/sh\necho 'cmsis_startup.h:8:10: fatal error: stddef.h: No such file or directory' >&2\nexit 1\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        assertThatThrownBy(() -> toolchain("cortex-m4", fake.toString()).build(CrossTools.spinner(), dir.resolve("work")))
                .isInstanceOf(ToolchainException.class)
                .hasMessageStartingWith("newlib for arm-none-eabi not found: install the Debian packages gcc-arm-none-eabi and "
                        + "libnewlib-arm-none-eabi").hasMessageContaining("stddef.h: No such file");
    }

    @Test
    void compileErrorsCarryTheCompilerOutput() {
        CrossTools.assumeInstalled();
        GeneratedNetwork bad = CrossTools.handWritten("bad", "    int unused_here = 0;\n    output[0] = input[0];");
        assertThatThrownBy(() -> new CrossToolchain(CortexMTarget.named("cortex-m7")).build(bad, dir))
                .isInstanceOf(ToolchainException.class).hasMessageStartingWith("compiling network 'bad' for cortex-m7")
                .hasMessageContaining("unused_here").hasMessageContaining("bad.c");
    }

    /** 800 KB of weights do not fit the AN547's 512 KB of code memory (ITCM); they fit the MPS2's 4 MB. */
    /**
     * A kernel tree that is not the project's own (as an upstream checkout) is compiled apart,
     * without -Werror: its unused variable fails the build only when the tree claims to be own code.
     */
    @Test
    void anUpstreamStyleTreeIsCompiledWithoutTheWarningFlags() throws IOException {
        CrossTools.assumeInstalled();
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("Include"));
        Files.createDirectories(tree.resolve("Source"));
        Files.writeString(tree.resolve("Include/fake_nn.h"), "float fake_nn_twice(float x);\n");
        Path source = Files.writeString(tree.resolve("Source/fake_nn.c"),
                "#include \"fake_nn.h\"\nfloat fake_nn_twice(float x)\n{\n    int unused_upstream;\n    return x + x;\n}\n");
        GeneratedNetwork calls = CrossTools.handWritten("calls", 1, "#include \"fake_nn.h\"", "    output[0] = fake_nn_twice(input[0]);");

        CrossBuild build = new CrossToolchain(CortexMTarget.named("cortex-m4"), "arm-none-eabi-gcc", Duration.ofMinutes(1),
                fakeTree(tree, source, false)).build(calls, dir.resolve("upstream"));
        assertThat(new QemuRunner().run(build, CrossTools.column(1.5f), 1, dir.resolve("run")).outputs()[0][0]).isEqualTo(3f);
        long kernelFunction = ElfFile.read(build.elf()).symbols().stream().filter(sym -> sym.name().equals("fake_nn_twice"))
                .mapToLong(ElfFile.Symbol::size).sum();
        assertThat(kernelFunction).isPositive();
        assertThat(build.footprint().codeBytes()).isGreaterThan(kernelFunction);

        assertThatThrownBy(() -> new CrossToolchain(CortexMTarget.named("cortex-m4"), "arm-none-eabi-gcc", Duration.ofMinutes(1),
                fakeTree(tree, source, true)).build(calls, dir.resolve("own"))).isInstanceOf(ToolchainException.class)
                .hasMessageContaining("unused_upstream");
    }

    private static KernelSource fakeTree(Path tree, Path source, boolean ownCode) {
        return new KernelSource() {
            @Override
            public KernelFiles prepare(GeneratedNetwork network, Path workDirectory) {
                return new KernelFiles(java.util.List.of(tree.resolve("Include")), java.util.List.of(source), ownCode);
            }

            @Override
            public String description() {
                return "upstream " + tree;
            }
        };
    }

    @Test
    void aNetworkTooLargeForTheBoardSaysSo() {
        CrossTools.assumeInstalled();
        // 4,400,000 B of weights: more than the AN547's 4 MB constants SRAM and the MPS2 boards' 4 MB code SSRAM
        GeneratedNetwork big = CrossTools.handWritten("big", 1, "static const float big_weights[1100000] = {1.0f};",
                "    output[0] = big_weights[(unsigned)input[0] % 1100000u];");
        assertThatThrownBy(() -> new CrossToolchain(CortexMTarget.named("cortex-m55")).build(big, dir.resolve("m55")))
                .isInstanceOf(ToolchainException.class).hasMessageStartingWith(
                        "network 'big' does not fit the memory of cortex-m55 on QEMU mps3-an547 (code 512 KB, RAM 512 KB, constants 4096 KB)");
        assertThatThrownBy(() -> new CrossToolchain(CortexMTarget.named("cortex-m4")).build(big, dir.resolve("m4")))
                .isInstanceOf(ToolchainException.class).hasMessageStartingWith(
                        "network 'big' does not fit the memory of cortex-m4 on QEMU mps2-an386 (code 4096 KB, RAM 4096 KB)");
        // 800,000 B, too large for the AN547's ITCM before the constants region: now it links, all of it weights
        GeneratedNetwork fits = CrossTools.handWritten("fits", 1, "static const float fits_weights[200000] = {1.0f};",
                "    output[0] = fits_weights[(unsigned)input[0] % 200000u];");
        assertThat(new CrossToolchain(CortexMTarget.named("cortex-m55")).build(fits, dir.resolve("m55b")).footprint().weightBytes())
                .isEqualTo(800_000);
    }

    @Test
    void activationsTooLargeForTheRamSaySo() {
        CrossTools.assumeInstalled();
        // 512,000 B of arena fit the AN547's 512 KiB DTCM (524,288 B) but leave no room for the 16 KiB stack
        GeneratedNetwork big = CrossTools.handWritten("wide", 1, "static float wide_arena[128000];",
                "    wide_arena[(unsigned)input[0] % 128000u] = input[0];\n    output[0] = wide_arena[0];");
        assertThatThrownBy(() -> new CrossToolchain(CortexMTarget.named("cortex-m55")).build(big, dir))
                .isInstanceOf(ToolchainException.class).hasMessageContaining("does not fit the memory of cortex-m55")
                .hasMessageContaining(LinkerScript.NO_ROOM);
    }
}
