package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.codegen.GeneratedNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target table against the compiler's own feature macros, and the errors of unknown or mismatched targets. */
class CortexMTargetTest {
    @TempDir
    Path dir;

    @Test
    void namesAreFoundAndAnUnknownOneListsTheValidOnes() {
        assertThat(CortexMTarget.named(" Cortex-M4 ").qemuMachine()).isEqualTo("mps2-an386");
        assertThat(CortexMTarget.all()).extracting(CortexMTarget::name).containsExactly("cortex-m3", "cortex-m4", "cortex-m7", "cortex-m55");
        assertThatThrownBy(() -> CortexMTarget.named("cortex-m33")).isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown target 'cortex-m33': use one of cortex-m3, cortex-m4, cortex-m7, cortex-m55 (or host)");
    }

    /** DSP, Helium and FPU as arm-none-eabi-gcc itself predefines them for each target's flags. */
    @Test
    void featuresAreThoseTheCompilerSees() {
        CrossTools.assumeInstalled();
        for (CortexMTarget t : CortexMTarget.all()) {
            List<String> command = new ArrayList<>(List.of("arm-none-eabi-gcc"));
            command.addAll(t.compilerFlags());
            command.addAll(List.of("-dM", "-E", "-x", "c", "/dev/null"));
            String macros = CrossTools.output(command.toArray(new String[0]));
            assertThat(macros.contains("#define __ARM_FEATURE_DSP 1")).as(t.name() + " DSP").isEqualTo(t.dsp());
            assertThat(macros.contains("#define __ARM_FEATURE_MVE")).as(t.name() + " MVE").isEqualTo(t.mve());
            assertThat(macros.contains("#define __ARM_FP ")).as(t.name() + " FPU").isEqualTo(t.fpu());
            assertThat(t.definitions().contains("ARM_MATH_DSP")).isEqualTo(t.dsp());
            assertThat(t.definitions().contains("ARM_MATH_MVEI")).isEqualTo(t.mve());
        }
        assertThat(CortexMTarget.named("cortex-m4").legacyDspPath()).isTrue();
        assertThat(CortexMTarget.named("cortex-m55").legacyDspPath()).isFalse();
        assertThat(CortexMTarget.named("cortex-m3").legacyDspPath()).isFalse();
    }

    /** q7 pooling differs on the DSP path: a legacy network generated for the other path is refused before compiling. */
    @Test
    void aLegacyNetworkForTheOtherKernelPathIsRefused() {
        GeneratedNetwork f = CrossTools.spinner();
        GeneratedNetwork plain = new GeneratedNetwork(f.name(), "q7", f.files(), f.inputShape(), f.outputShape(), 0, 0, 0, f.functions(),
                List.of(), false);
        GeneratedNetwork dsp = new GeneratedNetwork(f.name(), "q7", f.files(), f.inputShape(), f.outputShape(), 0, 0, 0, f.functions(),
                List.of("ARM_MATH_DSP"), false);
        assertThatThrownBy(() -> new CrossToolchain(CortexMTarget.named("cortex-m4")).build(plain, dir))
                .isInstanceOf(ToolchainException.class)
                .hasMessageContaining("generated for the kernels' plain-C path, but cortex-m4 builds take the DSP path")
                .hasMessageContaining("armMathDsp true");
        assertThatThrownBy(() -> new CrossToolchain(CortexMTarget.named("cortex-m55")).build(dsp, dir))
                .isInstanceOf(ToolchainException.class)
                .hasMessageContaining("generated for the kernels' DSP path, but cortex-m55 builds take the plain-C path");
    }
}
