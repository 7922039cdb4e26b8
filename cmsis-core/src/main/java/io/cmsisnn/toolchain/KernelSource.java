package io.cmsisnn.toolchain;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.nio.file.Path;
import java.util.List;

/** Where the CMSIS-NN functions a generated network calls come from: the bundled kernels or an upstream tree. */
public interface KernelSource {

    /**
     * The files of one build.
     *
     * @param includeDirectories searched in this order
     * @param sources            C files to compile and link
     * @param ownCode            the project's own kernels, held to the generated code's warning flags;
     *                           upstream code is compiled as its authors ship it
     */
    record KernelFiles(List<Path> includeDirectories, List<Path> sources, boolean ownCode) {
        public KernelFiles {
            includeDirectories = List.copyOf(includeDirectories);
            sources = List.copyOf(sources);
        }
    }

    /**
     * Makes the kernels ready for building {@code network}, using {@code workDirectory} for any copy.
     *
     * @throws ToolchainException when the kernels cannot serve this network
     */
    KernelFiles prepare(GeneratedNetwork network, Path workDirectory);

    /** For reports: {@code bundled}, or {@code upstream <directory>}. */
    String description();
}
