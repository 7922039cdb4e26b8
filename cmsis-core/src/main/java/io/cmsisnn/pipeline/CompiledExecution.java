package io.cmsisnn.pipeline;

import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.toolchain.BundledKernels;
import io.cmsisnn.toolchain.CortexMTarget;
import io.cmsisnn.toolchain.CrossBuild;
import io.cmsisnn.toolchain.CrossToolchain;
import io.cmsisnn.toolchain.HostToolchain;
import io.cmsisnn.toolchain.KernelSource;
import io.cmsisnn.toolchain.MemoryFootprint;
import io.cmsisnn.toolchain.NetworkRunner;
import io.cmsisnn.toolchain.QemuRunner;
import io.cmsisnn.toolchain.TargetRun;
import io.cmsisnn.toolchain.UpstreamKernels;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the generated network for the verification target, the host ({@code gcc}) or a Cortex-M
 * CPU ({@code arm-none-eabi-gcc}, run under {@code qemu-system-arm}), and runs the test inputs
 * through it.
 */
final class CompiledExecution {
    /** The Cortex-M compiler when the user left {@code toolchain} at its host default. */
    static final String CROSS_COMPILER = "arm-none-eabi-gcc";

    /**
     * What the compiled network gave.
     *
     * @param outputs    per sample, as the harness wrote them (raw integers for fixed point)
     * @param toolchain  the compiler that built it
     * @param kernels    {@link KernelSource#description()}
     * @param targetRun  instruction counts on a Cortex-M target (per layer too when profiled), null on the host
     * @param footprint  sizes read from the target's ELF file, null on the host
     */
    record Result(float[][] outputs, String toolchain, String kernels, TargetRun targetRun, MemoryFootprint footprint) {
    }

    private final BuildLog log;

    CompiledExecution(BuildLog log) {
        this.log = log;
    }

    /**
     * The q7/q15 kernels take their DSP path on a core with the DSP extension (and not Helium), and
     * pool differently there: the network and its emulation must be made for the path the target
     * takes, whatever {@code armMathDsp} says.
     */
    ConversionSettings forTarget(ConversionSettings settings, VerificationSettings v) {
        CortexMTarget target = v.target().cortexM();
        ConversionSettings.Quantization q = settings.quantization();
        if (target == null || q.armMathDsp() == target.legacyDspPath()) {
            return settings;
        }
        log.info("cmsis: " + target.name() + " builds the kernels " + (target.legacyDspPath() ? "with" : "without")
                + " ARM_MATH_DSP, so the network is made with armMathDsp " + target.legacyDspPath());
        return settings.toBuilder().quantization(q.withArmMathDsp(target.legacyDspPath())).build();
    }

    /** The compiler driver: {@code toolchain} as given, except that a Cortex-M target turns the host default into {@link #CROSS_COMPILER}. */
    static String compiler(VerificationSettings v) {
        boolean hostDefault = v.toolchain() == null || v.toolchain().isBlank() || "gcc".equals(v.toolchain());
        return v.target().cortexM() != null && hostDefault ? CROSS_COMPILER : v.toolchain();
    }

    /** Fails at once when the compiler (and for a Cortex-M target newlib and QEMU) is not installed. */
    void requireInstalled(ConversionSettings settings, VerificationSettings v) {
        CortexMTarget target = v.target().cortexM();
        if (target == null) {
            new HostToolchain(v.toolchain()).requireInstalled();
            return;
        }
        String compiler = compiler(v);
        new CrossToolchain(target, compiler, Duration.ofMinutes(1), new BundledKernels()).requireInstalled();
        new QemuRunner().requireInstalled();
    }

    Result run(GeneratedNetwork network, boolean fixedPoint, float[][] inputs, int outputSize, VerificationSettings v) {
        return run(network, fixedPoint, inputs, outputSize, v, null);
    }

    /** @param progress hears how many samples the compiled network has done (host runs), or null */
    Result run(GeneratedNetwork network, boolean fixedPoint, float[][] inputs, int outputSize, VerificationSettings v,
               Progress progress) {
        KernelSource kernels = kernels(fixedPoint, network, v);
        Path work = v.workDirectory();
        CortexMTarget target = v.target().cortexM();
        if (target == null) {
            if (v.profile()) {
                log.warn("cmsis: profile counts instructions per layer on a Cortex-M target only (e.g. <target>cortex-m4</target>, "
                        + "run under qemu-system-arm); the host build is verified without them");
            }
            HostToolchain toolchain = new HostToolchain(v.toolchain(), kernels);
            Path executable = toolchain.build(network, work);
            float[][] outputs = new NetworkRunner().run(executable, inputs, outputSize, work, progress == null ? null : progress::at);
            if (progress != null) {
                progress.finish();
            }
            return new Result(outputs, toolchain.compiler(), kernels.description(), null, null);
        }
        String compiler = compiler(v);
        boolean profile = v.profile();
        if (profile && network.profiledLayers().isEmpty()) {
            log.warn("cmsis: the " + network.scheme() + " code of network '" + network.name() + "' has no per-layer marks, "
                    + "so profile counts whole inferences only");
            profile = false;
        }
        CrossBuild build = new CrossToolchain(target, compiler, Duration.ofMinutes(30), kernels).build(network, work, profile);
        for (String file : build.leftOut()) {
            log.warn("cmsis: " + compiler + " could not compile " + file + " of " + kernels.description()
                    + " for " + target.name() + "; the network does not call it, so it was left out");
        }
        TargetRun run = new QemuRunner().run(build, inputs, outputSize, work, profile ? network.profiledLayers().size() : 0,
                progress == null ? null : progress::at);
        if (progress != null) {
            progress.finish();
        }
        return new Result(run.outputs(), compiler, kernels.description(), run, build.footprint());
    }

    /** CMSIS-NN has no float kernels: f32 networks always call the plugin's own. */
    private KernelSource kernels(boolean fixedPoint, GeneratedNetwork network, VerificationSettings v) {
        if (v.cmsisNnDirectory() == null) {
            return new BundledKernels();
        }
        if (!fixedPoint) {
            log.warn("cmsis: cmsisNnDirectory is not used for scheme " + network.scheme()
                    + ": CMSIS-NN has no float kernels, so f32 networks are built with the plugin's own");
            return new BundledKernels();
        }
        return new UpstreamKernels(v.cmsisNnDirectory());
    }
}
