package io.cmsisnn.toolchain;

import java.nio.file.Path;

/**
 * A generated network linked into a Cortex-M test program.
 *
 * @param elf       the program, for {@link QemuRunner}
 * @param target    the CPU it was built for
 * @param footprint what the network takes in the program's memory
 */
public record CrossBuild(Path elf, CortexMTarget target, MemoryFootprint footprint) {
}
