package io.cmsisnn.toolchain;

import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.testing.Needs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Skips tests when the Cortex-M tools are absent; small hand-written networks for the target harness. */
final class CrossTools {
    private CrossTools() {
    }

    static void assumeInstalled() {
        Needs.that(runs("arm-none-eabi-gcc", "--version") && runs("qemu-system-arm", "--version"),
                "arm-none-eabi-gcc or qemu-system-arm is not installed");
    }

    /** Output of a tool the test uses as an independent reference. */
    static String output(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A float "network" named {@code name} of one output and one input whose run function executes
     * {@code body} (C statements that may use {@code input} and {@code output}).
     */
    static GeneratedNetwork handWritten(String name, String body) {
        return handWritten(name, 1, body);
    }

    static GeneratedNetwork handWritten(String name, int inputSize, String body) {
        return handWritten(name, inputSize, "", body);
    }

    /** @param fileScope C declarations placed before the run function */
    static GeneratedNetwork handWritten(String name, int inputSize, String fileScope, String body) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        Map<String, String> files = new LinkedHashMap<>();
        files.put(name + ".h", """
                #ifndef %2$s_H
                #define %2$s_H
                #define %2$s_INPUT_SIZE %3$d
                #define %2$s_OUTPUT_SIZE 1
                typedef float %1$s_input_t;
                typedef float %1$s_output_t;
                void %1$s_run(const %1$s_input_t *input, %1$s_output_t *output);
                #endif
                """.formatted(name, upper, inputSize));
        files.put(name + ".c", """
                #include <stdint.h>
                #include "%1$s.h"
                %3$s
                void %1$s_run(const %1$s_input_t *input, %1$s_output_t *output)
                {
                %2$s
                }
                """.formatted(name, body, fileScope));
        return new GeneratedNetwork(name, "f32", files, new Shape(1, 1, inputSize), new Shape(1, 1, 1), 0, 0, 0, new LinkedHashMap<>());
    }

    /**
     * Runs exactly 2·input[0] instructions in a loop (subs, bne) and outputs 2·input[0]: the rest of
     * the call (float to integer conversion, the multiply, call and return) is a few dozen
     * instructions, a few hundred with soft float.
     */
    static GeneratedNetwork spinner() {
        return handWritten("spin", """
                    uint32_t n = (uint32_t)input[0];
                    __asm__ volatile("1:\\n subs %0, %0, #1\\n bne 1b\\n" : "+r"(n) : : "cc");
                    output[0] = input[0] * 2.0f;
                """);
    }

    static float[][] column(float... values) {
        List<float[]> rows = new ArrayList<>();
        for (float v : values) {
            rows.add(new float[] {v});
        }
        return rows.toArray(new float[0][]);
    }
}
