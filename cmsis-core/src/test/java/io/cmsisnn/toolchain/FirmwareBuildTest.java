package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.backend.SampleMap;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.NdArray;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.Conversion;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.pipeline.Scheme;
import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.testing.Needs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a small firmware program, written here in C, from nothing but what {@code generate} wrote:
 * with its CMake fragment and the host gcc, with its Make fragment and arm-none-eabi-gcc for a
 * Cortex-M4 run under QEMU, and with the CMake fragment linking upstream CMSIS-NN. The program reads
 * raw accelerometer values in mg, converts them with the recorded raw-input scale, quantizes, runs
 * and prints each output. Its printout must match the Java emulation bit for bit (cross-checked
 * against upstream kernels by other tests, and here directly by the upstream build) and the
 * dataset's labels. A missing tool skips the test naming its package, or fails it under
 * {@code -Dcmsis.requireAll=true}, as CI runs.
 */
class FirmwareBuildTest {
    private static final int SAMPLES = 48;
    /** The HAR frames in ../shared are accelerometer mg / 4000 (../shared/models/README.md). */
    private static final double MG = 4000.0;
    private static final Pattern LINE = Pattern.compile("sample (\\d+) class (\\d+) codes((?: -?\\d+)+)");

    @TempDir
    Path dir;

    /** The inputs the firmware sees, what the emulation outputs for them, and the dataset's labels. */
    private record Expected(short[][] raw, int[][] codes, int[] labels) {
    }

    private static Path shared(String relative) {
        Path file = Path.of(System.getProperty("cmsis.shared.dir", "../../shared")).resolve(relative);
        Needs.that(Files.exists(file), "needs ../shared (test models and data): " + file);
        return file;
    }

    @Test
    void cmakeHostBuildPrintsTheEmulatedOutputs() throws IOException {
        requireTool("gcc", "gcc");
        requireTool("cmake", "cmake");
        requireTool("make", "make");
        Path net = dir.resolve("net");
        Expected expected = generate("s8", net);
        Path app = writeApp(expected);
        Files.writeString(app.resolve("CMakeLists.txt"), cmakeLists(net));
        String out = cmakeBuildAndRun(app, "-DCMAKE_C_FLAGS=-O2 -ffp-contract=off");
        check(out, expected);
    }

    @Test
    void cmakeFragmentCarriesTheSingleRoundingDefinition() throws IOException {
        requireTool("gcc", "gcc");
        requireTool("cmake", "cmake");
        requireTool("make", "make");
        Path net = dir.resolve("net");
        Expected expected = generate("s8", net, true, "single", false);
        // har.c stops with #error unless it and the kernels see CMSIS_NN_USE_SINGLE_ROUNDING: the fragment must pass it on
        assertThat(Files.readString(net.resolve("har_sources.cmake"))).contains("set(HAR_DEFINITIONS CMSIS_NN_USE_SINGLE_ROUNDING)");
        Path app = writeApp(expected);
        Files.writeString(app.resolve("CMakeLists.txt"), cmakeLists(net));
        check(cmakeBuildAndRun(app, "-DCMAKE_C_FLAGS=-O2 -ffp-contract=off"), expected);
    }

    @Test
    void makeCortexM4BuildRunsUnderQemu() throws IOException {
        Path net = dir.resolve("net");
        runOnCortexM4(generate("s8", net));
    }

    @Test
    void q7WithArmMathDspRunsOnCortexM4() throws IOException {
        Path net = dir.resolve("net");
        // the M4 takes the kernels' DSP paths, whose q7 pooling differs: the network is made for them
        Expected expected = generate("q7", net, true, "default", true);
        assertThat(Files.readString(net.resolve("har_sources.mk"))).contains("HAR_DEFINES := ARM_MATH_DSP");
        runOnCortexM4(expected);
    }

    /** Builds the app with the Make fragment for a Cortex-M4, runs it under QEMU and checks its printout. */
    private void runOnCortexM4(Expected expected) throws IOException {
        requireTool("make", "make");
        requireTool("arm-none-eabi-gcc", "gcc-arm-none-eabi");
        requireTool("qemu-system-arm", "qemu-system-arm");
        CortexMTarget m4 = CortexMTarget.named("cortex-m4");
        try {
            new CrossToolchain(m4).requireInstalled(); // newlib-nano, named when missing
        } catch (ToolchainException e) {
            Needs.missing(e.getMessage());
        }
        Path app = writeApp(expected);
        copyResource("cmsis_startup.c", app);
        copyResource("cmsis_startup.h", app);
        Files.writeString(app.resolve("board.ld"), LinkerScript.source(m4));
        Files.writeString(app.resolve("Makefile"), """
                include ../net/har_sources.mk
                CC := arm-none-eabi-gcc
                CPU := %s
                CFLAGS := $(CPU) -std=c99 -O2 -ffp-contract=off -Wall -Wextra -Werror -ffunction-sections -fdata-sections \\
                  -DFW_SEMIHOSTING $(HAR_CFLAGS)
                firmware.elf: main.c cmsis_startup.c $(HAR_SOURCES)
                \t$(CC) $(CFLAGS) -T board.ld --specs=nano.specs -nostartfiles -Wl,--gc-sections $^ -o $@ $(HAR_LDLIBS)
                """.formatted(String.join(" ", m4.compilerFlags())));
        run(app, List.of("make", "firmware.elf"), 600);
        String out = run(app, new QemuRunner().command(app.resolve("firmware.elf"), m4), 600);
        check(out, expected);
    }

    @Test
    void cmakeFragmentLinksUpstreamCmsisNn() throws IOException {
        requireTool("gcc", "gcc");
        requireTool("g++", "g++"); // upstream's CMakeLists.txt declares a C and C++ project
        requireTool("cmake", "cmake");
        requireTool("make", "make");
        requireTool("tar", "tar");
        Path upstream = unpackUpstream();
        Path net = dir.resolve("net");
        // the upstream build needs no copied kernels: generate without them, as a firmware with its own CMSIS-NN would
        Expected expected = generate("s8", net, false);
        assertThat(net.resolve(FirmwareFiles.KERNEL_DIRECTORY)).doesNotExist();
        Path app = writeApp(expected);
        Files.writeString(app.resolve("CMakeLists.txt"), cmakeLists(net));
        // upstream's own CMake leaves its f16/f32 sources out unless ARM_NN_ENABLE_F32/F16 is set (they do not
        // build at 99f736a6, issue #13); -fwrapv as verify builds upstream trees
        String out = cmakeBuildAndRun(app, "-DCMAKE_C_FLAGS=-O2 -ffp-contract=off -fwrapv", "-DHAR_USE_UPSTREAM_CMSISNN=ON",
                "-DHAR_CMSISNN_DIR=" + upstream);
        check(out, expected);
        // the network was really linked against upstream: its object files are in the build tree, the bundled ones are not
        try (var walk = Files.walk(app.resolve("build"))) {
            List<String> objects = walk.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".o")).toList();
            assertThat(objects).contains("arm_convolve_wrapper_s8.c.o").noneMatch(f -> f.startsWith("cnn_"));
        }
    }

    @Test
    void makeFragmentCompilesUpstreamCmsisNn() throws IOException {
        requireTool("gcc", "gcc");
        requireTool("make", "make");
        requireTool("tar", "tar");
        Path upstream = unpackUpstream();
        Path net = dir.resolve("net");
        Expected expected = generate("s8", net, false);
        Path app = writeApp(expected);
        // one set of flags for all files, as a plain firmware Makefile has; -fwrapv as verify builds upstream trees
        Files.writeString(app.resolve("Makefile"), """
                include ../net/har_sources.mk
                CFLAGS := -O2 -ffp-contract=off -fwrapv $(HAR_CFLAGS)
                app: main.c $(HAR_SOURCES)
                \tgcc $(CFLAGS) $^ -o $@ $(HAR_LDLIBS)
                """);
        String build = run(app, List.of("make", "HAR_USE_UPSTREAM_CMSISNN=1", "HAR_CMSISNN_DIR=" + upstream), 900);
        // 99f736a6's float sources do not build (issue #13): the fragment must have left them out, and used no bundled kernel
        assertThat(build).contains("ConvolutionFunctions/arm_convolve_wrapper_s8.c").doesNotContain("_f32.c").doesNotContain("cnn_s8_");
        check(run(app, List.of(app.resolve("app").toString()), 120), expected);
    }

    @Test
    void withoutCopiedKernelsBothFragmentsStopWithOneMessage() throws IOException {
        requireTool("gcc", "gcc");
        requireTool("cmake", "cmake");
        requireTool("make", "make");
        Path net = dir.resolve("net");
        generate("s8", net, false);
        Path app = dir.resolve("app");
        Files.createDirectories(app);
        Files.writeString(app.resolve("CMakeLists.txt"), cmakeLists(net));
        Files.writeString(app.resolve("main.c"), "int main(void) { return 0; }\n");
        // CMake wraps its messages: compare with whitespace runs as single blanks
        String cmake = runFailing(app, List.of("cmake", "-S", app.toString(), "-B", app.resolve("build").toString()))
                .replaceAll("\\s+", " ");
        assertThat(cmake).contains("har_sources.cmake").contains("is missing").contains("copyKernels true");
        Files.writeString(app.resolve("Makefile"), "include ../net/har_sources.mk\nall:\n\t@echo built\n");
        String make = runFailing(app, List.of("make"));
        assertThat(make).contains("har_sources.mk: no CMSIS-NN kernels").contains("copyKernels true").doesNotContain("built");
    }

    @Test
    void q7SourcesListBuildsWithGccAlone() throws IOException {
        requireTool("gcc", "gcc");
        Path net = dir.resolve("net");
        generate("q7", net);
        List<String> listed = Files.readAllLines(net.resolve("har_sources.txt"));
        assertThat(listed).contains("Include/arm_nnfunctions.h").noneMatch(f -> f.startsWith("Host/") || f.contains("/S8/"));
        List<String> command = new ArrayList<>(List.of("gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-I" + net,
                "-I" + net.resolve("cmsis-nn/Include"), net.resolve("har.c").toString()));
        if (Files.exists(net.resolve("har_ops.c"))) {
            command.add(net.resolve("har_ops.c").toString());
        }
        for (String f : listed) {
            if (f.endsWith(".c")) {
                command.add(net.resolve("cmsis-nn").resolve(f).toString());
            }
        }
        Path main = dir.resolve("q7main.c");
        Files.writeString(main, """
                #include "har.h"
                int main(void)
                {
                    static har_input_t in[HAR_INPUT_SIZE];
                    static har_output_t out[HAR_OUTPUT_SIZE];
                    har_run(in, out);
                    return out[0] == out[0] ? 0 : 1;
                }
                """);
        command.addAll(List.of(main.toString(), "-o", dir.resolve("q7").toString(), "-lm"));
        run(dir, command, 300);
        run(dir, List.of(dir.resolve("q7").toString()), 60);
    }

    /** The newest upstream CMSIS-NN archive unpacked under the test's directory; its root is {@code CMSIS-NN/}. */
    /** CMSIS-NN 99f736a6 from ../shared/upstream, unpacked once for all tests. */
    private static Path unpackUpstream() {
        try {
            return io.cmsisnn.testing.UpstreamTrees.root("99f736a6");
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Generates HAR into {@code net} with raw mg input (inputScale 1/4000) and computes what the firmware must print. */
    private Expected generate(String scheme, Path net) throws IOException {
        return generate(scheme, net, true);
    }

    private Expected generate(String scheme, Path net, boolean copyKernels) throws IOException {
        return generate(scheme, net, copyKernels, "default", false);
    }

    private Expected generate(String scheme, Path net, boolean copyKernels, String roundingMode, boolean armMathDsp) throws IOException {
        NdArray x = DataFiles.read(shared("datasets/st_har/har_frames_x.npy"), null);
        NdArray y = DataFiles.read(shared("datasets/st_har/har_frames_y.npy"), null);
        int frames = x.dim(0);
        int size = x.size() / frames;
        short[][] allRaw = new short[frames][size];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < size; i++) {
                allRaw[f][i] = (short) Math.round(x.data()[f * size + i] * MG);
            }
        }
        Path calibration = dir.resolve("har_raw_mg.npy");
        writeNpy(calibration, allRaw, x.shape());
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5"))
                .scheme(Scheme.parse(scheme)).networkName("har").calibrationData(calibration).inputScale(1.0 / MG)
                .calibrationSamples(1000).armMathDsp(armMathDsp).roundingMode(RoundingMode.parse(roundingMode)).build();
        Conversion conversion = new Generator(BuildLog.SILENT).generate(settings, net, copyKernels);
        String header = Files.readString(net.resolve("har.h"));
        assertThat(header).contains("#define HAR_RAW_INPUT_SCALE 2.5E-4").contains("#define HAR_RAW_INPUT_OFFSET 0.0");

        short[][] raw = new short[SAMPLES][];
        int[] labels = new int[SAMPLES];
        int[][] codes = new int[SAMPLES][];
        float[][] inputs = new float[SAMPLES][];
        for (int s = 0; s < SAMPLES; s++) {
            int frame = (int) ((long) s * frames / SAMPLES); // the file is sorted by class
            raw[s] = allRaw[frame];
            labels[s] = (int) y.data()[frame];
            float[] in = new float[size];
            for (int i = 0; i < size; i++) {
                in[i] = (float) (raw[s][i] * (1.0 / MG) + 0.0); // as the C does with the recorded defines
            }
            inputs[s] = in;
        }
        float[][] emulated = conversion.backend().emulate(inputs, SampleMap.SEQUENTIAL).raw();
        for (int s = 0; s < SAMPLES; s++) {
            codes[s] = new int[emulated[s].length];
            for (int i = 0; i < codes[s].length; i++) {
                codes[s][i] = (int) emulated[s][i];
            }
        }
        return new Expected(raw, codes, labels);
    }

    /** The firmware program: raw samples as constants, the recorded scaling, quantize, run, print. */
    private Path writeApp(Expected e) throws IOException {
        Path app = dir.resolve("app");
        Files.createDirectories(app);
        StringBuilder samples = new StringBuilder("#define FW_SAMPLES " + e.raw().length + "\nstatic const int16_t fw_raw[FW_SAMPLES][HAR_INPUT_SIZE] = {\n");
        for (short[] r : e.raw()) {
            samples.append("    {");
            for (int i = 0; i < r.length; i++) {
                samples.append(i == 0 ? "" : ", ").append(r[i]);
            }
            samples.append("},\n");
        }
        samples.append("};\n");
        Files.writeString(app.resolve("samples.h"), samples.toString());
        Files.writeString(app.resolve("main.c"), """
                #include <stdint.h>
                #include "har.h"
                #include "samples.h"
                #ifdef FW_SEMIHOSTING
                #include "cmsis_startup.h"
                static void fw_print(const char *s) { cmsis_print(s); }
                #else
                #include <stdio.h>
                static void fw_print(const char *s) { fputs(s, stdout); }
                #endif

                static void fw_print_int(long v)
                {
                    char b[24];
                    int i = 23;
                    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
                    b[i] = 0;
                    do {
                        b[--i] = (char)('0' + (int)(u % 10u));
                        u /= 10u;
                    } while (u != 0u);
                    if (v < 0) {
                        b[--i] = '-';
                    }
                    fw_print(b + i);
                }

                int main(void)
                {
                    static float x[HAR_INPUT_SIZE];
                    static har_input_t q[HAR_INPUT_SIZE];
                    static har_output_t y[HAR_OUTPUT_SIZE];
                    int s, i, best;
                    for (s = 0; s < FW_SAMPLES; s++) {
                        for (i = 0; i < HAR_INPUT_SIZE; i++) {
                            x[i] = (float)(fw_raw[s][i] * HAR_RAW_INPUT_SCALE + HAR_RAW_INPUT_OFFSET);
                        }
                        har_quantize_input(x, q);
                #ifdef HAR_INPUT_ZERO_POINT
                        if (har_run(q, y) != 0) { /* s8/s16: the failing kernel's status */
                            fw_print("har_run failed\\n");
                            return 1;
                        }
                #else
                        har_run(q, y); /* q7/q15 kernels report no status */
                #endif
                        best = 0;
                        for (i = 1; i < HAR_OUTPUT_SIZE; i++) {
                            if (y[i] > y[best]) {
                                best = i;
                            }
                        }
                        fw_print("sample ");
                        fw_print_int(s);
                        fw_print(" class ");
                        fw_print_int(best);
                        fw_print(" codes");
                        for (i = 0; i < HAR_OUTPUT_SIZE; i++) {
                            fw_print(" ");
                            fw_print_int(y[i]);
                        }
                        fw_print("\\n");
                    }
                    return 0;
                }
                """);
        return app;
    }

    private static String cmakeLists(Path net) {
        return """
                cmake_minimum_required(VERSION 3.13)
                project(firmware C)
                include("%s/har_sources.cmake")
                add_executable(app main.c)
                target_compile_options(app PRIVATE -std=c99 -Wall -Wextra -Werror)
                target_compile_options(har_network PRIVATE -std=c99 -Wall -Wextra -Werror)
                target_link_libraries(app PRIVATE har_network)
                """.formatted(net.toAbsolutePath().toString().replace('\\', '/'));
    }

    private String cmakeBuildAndRun(Path app, String... options) {
        List<String> configure = new ArrayList<>(List.of("cmake", "-S", app.toString(), "-B", app.resolve("build").toString()));
        configure.addAll(Arrays.asList(options));
        run(app, configure, 300);
        run(app, List.of("cmake", "--build", app.resolve("build").toString()), 900);
        return run(app, List.of(app.resolve("build/app").toString()), 120);
    }

    /** Every sample printed once, its codes equal to the emulation's, and top-1 as good as the float model on these frames. */
    private static void check(String out, Expected e) {
        List<int[]> printed = new ArrayList<>();
        int correct = 0;
        Matcher m = LINE.matcher(out);
        while (m.find()) {
            int s = Integer.parseInt(m.group(1));
            int cls = Integer.parseInt(m.group(2));
            int[] codes = Arrays.stream(m.group(3).strip().split(" ")).mapToInt(Integer::parseInt).toArray();
            assertThat(s).as("sample index in order").isEqualTo(printed.size());
            assertThat(codes).as("output codes of sample %d against the Java emulation", s).containsExactly(e.codes()[s]);
            assertThat(cls).as("printed top-1 is the largest code").isEqualTo(argmax(e.codes()[s]));
            correct += cls == e.labels()[s] ? 1 : 0;
            printed.add(codes);
        }
        assertThat(printed).as("samples printed by the firmware:\n" + out).hasSize(e.raw().length);
        // the float model gets 98.9 % of all 6,900 frames (../shared/models/README.md): at most 2 of 48 wrong
        assertThat(correct).as("top-1 correct against the dataset labels").isGreaterThanOrEqualTo(SAMPLES - 2);
        System.out.printf(Locale.ROOT, "firmware printed %d samples, %d/%d match the labels, all bit-exact with the emulation; first: %s%n",
                printed.size(), correct, SAMPLES, out.lines().filter(l -> l.startsWith("sample 0 ")).findFirst().orElse(""));
    }

    private static int argmax(int[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Skips without the tool, or fails under -Dcmsis.requireAll=true (as CI runs), naming the package to install. */
    private static void requireTool(String tool, String debianPackage) {
        Needs.that(Executables.find(tool).isPresent(), tool + " is not installed: the firmware build tests need it; install the Debian "
                + "package " + debianPackage + " (apt-get install " + debianPackage + "; .ci/run installs it)");
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = FirmwareBuildTest.class.getResourceAsStream("/io/cmsisnn/toolchain/" + name)) {
            assertThat(in).as(name + " on the classpath").isNotNull();
            Files.copy(in, to.resolve(name));
        }
    }

    /** Raw frames as a float32 .npy file of the original shape (calibration data in raw units). */
    private static void writeNpy(Path file, short[][] rows, int[] shape) throws IOException {
        String dims = String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toList());
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        int values = rows.length * rows[0].length;
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * values).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII));
        for (short[] r : rows) {
            for (short v : r) {
                b.putFloat(v);
            }
        }
        Files.write(file, b.array());
    }

    /** Runs a command that must fail; its output. */
    private static String runFailing(Path workDir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished: " + command).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", command) + " must fail:\n" + out).isNotZero();
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs a command in {@code workDir}; its output, or a failure with the output when it exits non-zero. */
    private static String run(Path workDir, List<String> command, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            String out = new String(bytes, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
