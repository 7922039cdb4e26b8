package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ST's HAR network in f32 and q7 built for Cortex-M targets and run under QEMU: outputs equal the
 * host build's bit for bit, instruction counts are within hand-derived bounds, and the memory read
 * from the ELF file equals what the code generator planned.
 */
class HarOnCortexMTest {
    private static final int SAMPLES = 20;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"f32, cortex-m4", "f32, cortex-m55", "q7, cortex-m4", "q7, cortex-m55", "f32, cortex-m3", "q7, cortex-m7"})
    void outputsAreBitIdenticalWithTheHostBuild(String scheme, String targetName) {
        CrossTools.assumeInstalled();
        CNetworks.assumeGcc();
        CortexMTarget target = CortexMTarget.named(targetName);
        GeneratedNetwork network = HarNetworks.generate(scheme, target.legacyDspPath());
        float[][] inputs = HarNetworks.inputs(network, SAMPLES);
        int outputs = network.outputShape().size();

        Path exe = new HostToolchain("gcc").build(network, dir.resolve("host"));
        float[][] host = new NetworkRunner().run(exe, inputs, outputs, dir.resolve("host"));
        CrossBuild build = new CrossToolchain(target).build(network, dir.resolve("target"));
        TargetRun run = new QemuRunner().run(build, inputs, outputs, dir.resolve("run"));

        for (int i = 0; i < SAMPLES; i++) {
            for (int j = 0; j < outputs; j++) {
                assertThat(Float.floatToRawIntBits(run.outputs()[i][j])).as("sample %d output %d: %s on %s, host %s", i, j,
                        run.outputs()[i][j], targetName, host[i][j]).isEqualTo(Float.floatToRawIntBits(host[i][j]));
            }
        }
        // the outputs are the model's: ../shared/models/README.md gives it 98.9 % top-1 on these frames
        assertThat(correct(run.outputs(), HarNetworks.labels(SAMPLES))).isGreaterThanOrEqualTo(SAMPLES - 2);

        // no core does more MACs per instruction than its widest multiply-accumulate: MLA 1, SMLAD 2,
        // a 128-bit MVE VMLADAV on int8 lanes 16; and none spends 500 instructions per MAC (soft float ~100)
        long widest = target.mve() ? 16 : target.dsp() ? 2 : 1;
        for (long count : run.instructions()) {
            assertThat(count).isGreaterThan(HarNetworks.MACS / widest).isLessThan(500 * HarNetworks.MACS);
        }

        // memory as the generator planned it, and the weights as the model holds them
        MemoryFootprint m = build.footprint();
        assertThat(m.weightBytes()).isEqualTo(network.weightBytes());
        assertThat(m.weightBytes()).isBetween(HarNetworks.PARAMETERS * (scheme.equals("f32") ? 4 : 1),
                HarNetworks.PARAMETERS * (scheme.equals("f32") ? 4 : 1) + 64);
        assertThat(m.activationBytes()).isEqualTo(network.activationBytes());
        assertThat(m.scratchBytes()).isEqualTo(network.scratchBytes());
        assertThat(m.codeBytes()).isPositive().isLessThan(m.program().code());
    }

    private static int correct(float[][] outputs, int[] labels) {
        int ok = 0;
        for (int i = 0; i < outputs.length; i++) {
            int best = 0;
            for (int j = 1; j < outputs[i].length; j++) {
                if (outputs[i][j] > outputs[i][best]) {
                    best = j;
                }
            }
            ok += best == labels[i] ? 1 : 0;
        }
        return ok;
    }
}
