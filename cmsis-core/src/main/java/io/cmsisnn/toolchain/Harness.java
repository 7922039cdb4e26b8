package io.cmsisnn.toolchain;

import java.util.Locale;
import java.util.Map;

/**
 * The test program linked with a generated network on the host: reads samples of
 * {@code N_INPUT_SIZE} little-endian float32 values from argv[1], runs the network on each and
 * writes {@code N_OUTPUT_SIZE} little-endian float32 values per sample to argv[2]. For a network
 * with fixed-point I/O (q7, q15) it converts each sample with {@code n_quantize_input} first and
 * writes the raw output integers, each exactly as a float32. The C is {@code host_harness_c.ftl}.
 */
final class Harness {
    static final String FILE = "cmsis_harness_main.c";

    private Harness() {
    }

    /** The harness of a float network. */
    static String source(String networkName) {
        return source(networkName, false);
    }

    /** @param fixedPointIo the network takes and gives integers and has {@code n_quantize_input} */
    static String source(String networkName, boolean fixedPointIo) {
        return HarnessTemplates.render("host_harness_c.ftl", Map.of("name", networkName,
                "upper", networkName.toUpperCase(Locale.ROOT), "fixed", fixedPointIo));
    }
}
