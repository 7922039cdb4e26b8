package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The target harness, start-up code and instruction counting, on hand-written networks. */
class CortexMHarnessTest {
    @TempDir
    Path dir;

    /**
     * A loop of 2·N instructions is counted as 2·N plus the call's small fixed cost, to within a
     * SysTick tick, and SysTick ticks at the board's documented clock (MPS2 25 MHz, AN547 32 MHz).
     */
    @ParameterizedTest
    @ValueSource(strings = {"cortex-m3", "cortex-m4", "cortex-m7", "cortex-m55"})
    void instructionsOfAKnownLoopAreCounted(String name) {
        CrossTools.assumeInstalled();
        CortexMTarget target = CortexMTarget.named(name);
        CrossBuild build = new CrossToolchain(target).build(CrossTools.spinner(), dir.resolve("build"));
        float[] n = {1_000, 100_000, 1_000_000};
        TargetRun run = new QemuRunner().run(build, CrossTools.column(n), 1, dir.resolve("run"));

        double tick = name.equals("cortex-m55") ? 1e9 / 32e6 : 1e9 / 25e6;
        // 2,000,000 instructions of calibration loop, each end read to one tick
        assertThat(run.measuredInstructionsPerTick()).isCloseTo(tick, within(tick * 3 / (2e6 / tick)));
        assertThat(run.instructionsPerTick()).isEqualTo(tick);
        // soft-float conversion and multiply on the M3 cost a few hundred instructions at most
        long overhead = target.fpu() ? 60 : 400;
        for (int i = 0; i < n.length; i++) {
            assertThat(run.outputs()[i][0]).isEqualTo(2 * n[i]);
            assertThat(run.instructions()[i]).as("sample %d", i).isBetween((long) (2 * n[i] - tick), (long) (2 * n[i] + overhead + tick));
        }
        // the fixed cost cancels in the difference
        assertThat(run.instructions()[2] - run.instructions()[1]).isCloseTo(2 * 900_000L, within((long) (2 * tick + 1)));
    }

    /** Past 2^24 ticks (524 million instructions on the AN547) SysTick wraps; the wraps are counted. */
    @Test
    void countsBeyondOneSysTickPeriod() {
        CrossTools.assumeInstalled();
        CortexMTarget target = CortexMTarget.named("cortex-m55");
        CrossBuild build = new CrossToolchain(target).build(CrossTools.spinner(), dir);
        float n = 3e8f; // exact in float
        long counted = new QemuRunner().run(build, CrossTools.column(n), 1, dir).instructions()[0];
        assertThat(2L * (long) n).isGreaterThan((1L << 24) * 125 / 4); // one period of 31.25-instruction ticks
        assertThat(counted).isBetween(2L * (long) n - 32, 2L * (long) n + 60 + 32);
    }

    @Test
    void aCpuFaultIsReportedWithItsExitCode() {
        CrossTools.assumeInstalled();
        GeneratedNetwork faulting = CrossTools.handWritten("bad", """
                    output[0] = input[0];
                    __asm__ volatile("udf #0");
                """);
        CrossBuild build = new CrossToolchain(CortexMTarget.named("cortex-m4")).build(faulting, dir);
        assertThatThrownBy(() -> new QemuRunner().run(build, CrossTools.column(1f), 1, dir))
                .isInstanceOf(ToolchainException.class).hasMessageContaining("CPU fault")
                .hasMessageContaining("fault, exception 3").hasMessageContaining("cortex-m4");
    }

    @Test
    void aProgramThatNeverEndsIsStoppedAtTheTimeout() {
        CrossTools.assumeInstalled();
        GeneratedNetwork endless = CrossTools.handWritten("endless", """
                    output[0] = input[0];
                    for (;;) {
                        __asm__ volatile("");
                    }
                """);
        CrossBuild build = new CrossToolchain(CortexMTarget.named("cortex-m3")).build(endless, dir);
        assertThatThrownBy(() -> new QemuRunner("qemu-system-arm", Duration.ofSeconds(2)).run(build, CrossTools.column(1f), 1, dir))
                .isInstanceOf(ToolchainException.class).hasMessageContaining("did not finish within 2 s");
    }

    @Test
    void anIncompleteSampleIsReported() {
        CrossTools.assumeInstalled();
        GeneratedNetwork pair = CrossTools.handWritten("pair", 2, "    output[0] = input[0] + input[1];");
        CrossBuild build = new CrossToolchain(CortexMTarget.named("cortex-m4")).build(pair, dir);
        assertThat(new QemuRunner().run(build, new float[][] {{1f, 2f}, {3f, 4f}}, 1, dir).outputs()).isDeepEqualTo(new float[][] {{3f}, {7f}});
        // three values are not a whole number of samples of two
        assertThatThrownBy(() -> new QemuRunner().run(build, new float[][] {{1f, 2f, 3f}}, 1, dir))
                .isInstanceOf(ToolchainException.class).hasMessageContaining("exit code 4")
                .hasMessageContaining("12 bytes in inputs.bin are not a whole number of samples of 2 float32 values");
    }

    /**
     * A "network" of three marked layers: a loop of 2·a instructions, one of 2·b, and nothing. Profiled,
     * each layer counts its loop, the hooks' own instructions are taken out of the layers and of the
     * whole inference, and the outputs are the unprofiled build's.
     */
    @Test
    void profiledLayersCountTheirOwnInstructions() {
        CrossTools.assumeInstalled();
        GeneratedNetwork loops = CrossTools.handWritten("loops", 2, """
                #ifndef CMSIS_NN_PROFILE_LAYER
                #define CMSIS_NN_PROFILE_LAYER(layer) ((void)0)
                #endif
                static void loops_spin(uint32_t n)
                {
                    __asm__ volatile("1:\\n subs %0, %0, #1\\n bne 1b\\n" : "+r"(n) : : "cc");
                }
                """, """
                    loops_spin((uint32_t)input[0]);
                    CMSIS_NN_PROFILE_LAYER(0);
                    loops_spin((uint32_t)input[1]);
                    CMSIS_NN_PROFILE_LAYER(1);
                    CMSIS_NN_PROFILE_LAYER(2);
                    output[0] = input[0] + input[1];
                """);
        GeneratedNetwork marked = new GeneratedNetwork(loops.name(), loops.scheme(), loops.files(), loops.inputShape(), loops.outputShape(),
                0, 0, 0, loops.functions(), List.of(), false, List.of("first", "second", "empty"));
        CortexMTarget target = CortexMTarget.named("cortex-m4");
        float a = 10_000;
        float b = 30_000;
        float[][] inputs = new float[8][];
        Arrays.fill(inputs, new float[] {a, b});

        TargetRun plain = new QemuRunner().run(new CrossToolchain(target).build(marked, dir.resolve("plain")), inputs, 1, dir.resolve("p"));
        CrossBuild build = new CrossToolchain(target).build(marked, dir.resolve("profiled"), true);
        TargetRun run = new QemuRunner().run(build, inputs, 1, dir.resolve("run"), 3);

        assertThat(run.outputs()).isDeepEqualTo(plain.outputs());
        assertThat(plain.profiled()).isFalse();
        assertThat(run.profiled()).isTrue();
        double tick = target.instructionsPerTick();
        // the hook: the call, a SysTick read (a short loop of loads), a 64-bit subtraction and two stores
        assertThat(run.hookInstructions()).isBetween(10.0, 80.0);
        double[] layers = run.layerInstructions();
        assertThat(layers).hasSize(3);
        // layer 0 also holds the start of the call and two float-to-integer conversions; layer 1 a
        // conversion and the call of the loop; each mean good to a tick
        assertThat(layers[0]).isBetween(2 * a - tick, 2 * a + 30 + tick);
        assertThat(layers[1]).isBetween(2 * b - tick, 2 * b + 20 + tick);
        assertThat(layers[2]).isBetween(-tick, tick);
        // the whole inference as without profiling: only the harness noting the start and the calls' register moves differ
        assertThat(run.meanInstructions()).isCloseTo(plain.meanInstructions(), within(tick + 10));
        assertThatThrownBy(() -> new QemuRunner().run(build, inputs, 1, dir.resolve("run"), 2))
                .isInstanceOf(ToolchainException.class).hasMessageContaining("was the program built with profiling for 2 layers?");
    }

    @Test
    void aNetworkWithoutMarksCannotBeProfiled() {
        assertThatThrownBy(() -> new CrossToolchain(CortexMTarget.named("cortex-m4")).build(CrossTools.spinner(), dir, true))
                .isInstanceOf(ToolchainException.class).hasMessageContaining("'spin'").hasMessageContaining("no CMSIS_NN_PROFILE_LAYER marks");
        assertThat(dir.resolve("network")).doesNotExist();
    }

    @Test
    void missingQemuNamesThePackage() {
        Path elf = dir.resolve("any.elf");
        assertThatThrownBy(() -> new QemuRunner(dir.resolve("no/such/qemu-system-arm").toString(), Duration.ofMinutes(1))
                .run(elf, CortexMTarget.named("cortex-m4"), CrossTools.column(1f), 1, dir))
                .isInstanceOf(ToolchainException.class)
                .hasMessageStartingWith("qemu-system-arm not found: install the Debian package qemu-system-arm");
    }
}
