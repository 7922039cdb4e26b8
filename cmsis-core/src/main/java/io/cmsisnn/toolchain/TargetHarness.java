package io.cmsisnn.toolchain;

import io.cmsisnn.codegen.ProfileHook;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The test program linked with a generated network for a Cortex-M target under QEMU. Same contract
 * as the host {@link Harness}, through semihosting files in QEMU's working directory: reads samples
 * of {@code N_INPUT_SIZE} little-endian float32 values from {@value #INPUTS}, runs the network on
 * each and writes {@code N_OUTPUT_SIZE} little-endian float32 values per sample to
 * {@value #OUTPUTS} (fixed-point networks: quantized with {@code n_quantize_input}, raw output
 * integers written as float32). It also writes {@value #TICKS}: four little-endian uint32 values
 * (the two calibration loops' iteration counts and SysTick ticks, see {@link QemuRunner}), then per
 * sample the ticks of the {@code n_run} call as a little-endian uint64.
 *
 * <p>Built for profiling ({@code layers} > 0), every source is compiled with {@code -include}
 * {@value #PROFILE_HEADER}, which defines the network's {@code CMSIS_NN_PROFILE_LAYER(i)} as a call
 * that adds the ticks since the previous mark (or since the start of {@code n_run}) to layer i. The
 * calibration record is then followed by three uint32 values: {@value #HOOK_CALLS}, and the ticks of
 * that many and of twice that many calls of the hook (their difference is the hook's own cost), and
 * each sample's record by the ticks of each layer as uint32.
 *
 * <p>Exit status: 0 done, 3 a file cannot be opened, read or closed, 4 an incomplete sample, 5 an
 * output cannot be written, 70 a CPU fault. The C is {@code target_harness_c.ftl} and
 * {@code profile_h.ftl}.
 */
final class TargetHarness {
    static final String FILE = "cmsis_target_main.c";
    static final String INPUTS = "inputs.bin";
    static final String OUTPUTS = "outputs.bin";
    static final String TICKS = "ticks.bin";
    /** Iterations of the two calibration loops (2 instructions each): they differ by 2,000,000 instructions. */
    static final long SHORT_SPIN = 100_000;
    static final long LONG_SPIN = 1_100_000;
    /** The profiling hook, forced into every source of a profiling build. */
    static final String PROFILE_HEADER = "cmsis_profile.h";
    /** Calls of the profiling hook per calibration loop: its cost is then known to 1/25 of an instruction. */
    static final long HOOK_CALLS = 1_000;

    private TargetHarness() {
    }

    /** The harness without profiling. */
    static String source(String networkName, boolean fixedPointIo) {
        return source(networkName, fixedPointIo, 0);
    }

    /** {@value #PROFILE_HEADER}: defines the network's profiling hook as a call of the harness's counter. */
    static String profileHeader() {
        return HarnessTemplates.render("profile_h.ftl", Map.of("macro", ProfileHook.MACRO));
    }

    /**
     * @param fixedPointIo the network takes and gives integers and has {@code n_quantize_input}
     * @param layers       the network's profiling marks, to count the ticks of each layer; 0 counts whole inferences only
     */
    static String source(String networkName, boolean fixedPointIo, int layers) {
        if (layers < 0) {
            throw new IllegalArgumentException("negative layer count " + layers);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("name", networkName);
        model.put("upper", networkName.toUpperCase(Locale.ROOT));
        model.put("fixed", fixedPointIo);
        model.put("profile", layers > 0);
        model.put("layers", layers);
        model.put("hookCalls", HOOK_CALLS);
        model.put("shortSpin", SHORT_SPIN);
        model.put("longSpin", LONG_SPIN);
        model.put("inputs", INPUTS);
        model.put("outputs", OUTPUTS);
        model.put("ticks", TICKS);
        return HarnessTemplates.render("target_harness_c.ftl", model);
    }
}
