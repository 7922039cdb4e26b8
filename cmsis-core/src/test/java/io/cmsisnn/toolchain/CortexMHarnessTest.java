package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.nio.file.Path;
import java.time.Duration;
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

    @Test
    void missingQemuNamesThePackage() {
        Path elf = dir.resolve("any.elf");
        assertThatThrownBy(() -> new QemuRunner(dir.resolve("no/such/qemu-system-arm").toString(), Duration.ofMinutes(1))
                .run(elf, CortexMTarget.named("cortex-m4"), CrossTools.column(1f), 1, dir))
                .isInstanceOf(ToolchainException.class)
                .hasMessageStartingWith("qemu-system-arm not found: install the Debian package qemu-system-arm");
    }
}
