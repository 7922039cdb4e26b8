package io.cmsisnn.toolchain;

import java.nio.file.Path;
import java.util.List;

/**
 * A generated network linked into a Cortex-M test program.
 *
 * @param elf       the program, for {@link QemuRunner}
 * @param target    the CPU it was built for
 * @param footprint what the network takes in the program's memory
 * @param leftOut   files of an upstream CMSIS-NN tree the compiler could not build, each with its
 *                  error, left out because the network did not need them
 */
public record CrossBuild(Path elf, CortexMTarget target, MemoryFootprint footprint, List<String> leftOut) {
    public CrossBuild {
        leftOut = List.copyOf(leftOut);
    }
}
