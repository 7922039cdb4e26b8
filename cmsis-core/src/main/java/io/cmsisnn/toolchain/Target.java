package io.cmsisnn.toolchain;

import java.util.Locale;

/**
 * Where {@code verify} runs the compiled network (the parameter {@code target}): the host, or a
 * Cortex-M CPU under qemu-system-arm.
 *
 * @param cortexM the Cortex-M CPU, or null for the host
 */
public record Target(CortexMTarget cortexM) {
    /** The host, built with the host compiler and run directly. */
    public static final Target HOST = new Target(null);

    /**
     * The parameter value: {@code host} (also for null or blank) or a {@link CortexMTarget#all() Cortex-M
     * name}, in any case and with blanks around it.
     *
     * @throws io.cmsisnn.ConfigurationException naming the valid targets for anything else
     */
    public static Target parse(String value) {
        if (value == null || value.isBlank() || value.strip().toLowerCase(Locale.ROOT).equals("host")) {
            return HOST;
        }
        return new Target(CortexMTarget.named(value));
    }

    public boolean isHost() {
        return cortexM == null;
    }

    /** The user's spelling: {@code host} or e.g. {@code cortex-m4}. */
    public String id() {
        return cortexM == null ? "host" : cortexM.name();
    }
}
