package io.cmsisnn.toolchain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a network takes on the target, read from the linked ELF file's symbol table: each symbol is
 * attributed to the network's sources or the kernels' by the source file the linker groups it
 * under (local symbols) or the object file that defines it (global symbols).
 *
 * @param codeBytes       functions of the network and the kernels, plus the kernels' constant
 *                        tables; not the C library, the harness or the start-up code
 * @param weightBytes     constant objects of the network's sources (weights, biases, per-channel vectors)
 * @param activationBytes writable objects of the network's sources but the scratch buffer (the activation arena)
 * @param scratchBytes    the kernels' scratch buffer ({@code name_scratch}), 0 when the network has none
 * @param program         the whole test program's allocated sections (harness and C library included)
 */
public record MemoryFootprint(long codeBytes, long weightBytes, long activationBytes, long scratchBytes, ElfFile.SectionSizes program) {

    /**
     * @param elf            the linked program
     * @param networkObjects the objects compiled from the network's sources
     * @param kernelObjects  the objects compiled from the kernels' sources
     * @param networkName    the network's C name, prefix of its scratch buffer
     */
    static MemoryFootprint measure(ElfFile elf, List<ElfFile> networkObjects, List<ElfFile> kernelObjects, String networkName) {
        Owners network = Owners.of(networkObjects);
        Owners kernels = Owners.of(kernelObjects);
        String scratchName = networkName + "_scratch";
        long code = 0;
        long weights = 0;
        long activations = 0;
        long scratch = 0;
        for (ElfFile.Symbol s : elf.symbols()) {
            ElfFile.Section section = elf.sectionOf(s);
            if (section == null || !section.allocated() || !(s.function() || s.object())) {
                continue;
            }
            boolean ofNetwork = network.owns(s);
            boolean ofKernels = kernels.owns(s);
            if (s.function() && (ofNetwork || ofKernels)) {
                code += s.size();
            } else if (s.object() && ofKernels && !section.writable()) {
                code += s.size();
            } else if (s.object() && ofNetwork && !section.writable()) {
                weights += s.size();
            } else if (s.object() && ofNetwork && s.name().equals(scratchName)) {
                scratch += s.size();
            } else if (s.object() && ofNetwork) {
                activations += s.size();
            }
        }
        return new MemoryFootprint(code, weights, activations, scratch, elf.sizes());
    }

    /** The source files and global symbols of a group of object files. */
    private record Owners(Set<String> files, Set<String> globals) {
        static Owners of(List<ElfFile> objects) {
            Set<String> files = new HashSet<>();
            Set<String> globals = new HashSet<>();
            for (ElfFile o : objects) {
                for (ElfFile.Symbol s : o.symbols()) {
                    if (s.local() && s.file() != null) {
                        files.add(s.file());
                    } else if (!s.local() && s.defined()) {
                        globals.add(s.name());
                    }
                }
            }
            return new Owners(files, globals);
        }

        boolean owns(ElfFile.Symbol s) {
            return s.local() ? s.file() != null && files.contains(s.file()) : globals.contains(s.name());
        }
    }
}
