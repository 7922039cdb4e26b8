package io.cmsisnn.toolchain;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An upstream CMSIS-NN tree given as {@code cmsisNnDirectory}: CMSIS 5's {@code CMSIS/NN} directory
 * (whose headers also need {@code CMSIS/DSP/Include} and {@code CMSIS/Core/Include} beside it), or
 * the root of a CMSIS-NN checkout. The C files under {@code Source/} are compiled as upstream's own
 * CMake builds them by default: its float16/float32 extensions ({@code *_f16.c}, {@code *_f32.c})
 * only with {@code ARM_NN_ENABLE_F16/F32}, which stay off, and the Python bindings
 * ({@code Source/Bindings}, C++) never. The checks here turn what would otherwise be a long compiler
 * or linker error into one sentence saying what is missing.
 */
public final class UpstreamKernels implements KernelSource {
    private static final Pattern QUOTED_INCLUDE = Pattern.compile("(?m)^\\s*#\\s*include\\s+\"([^\"]+)\"");
    private static final Pattern KERNEL_CALL = Pattern.compile("\\b(arm_[A-Za-z0-9_]+)\\s*\\(");

    private final Path directory;

    /** @param directory the {@code CMSIS/NN} directory, or a CMSIS-NN checkout's root */
    public UpstreamKernels(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    private static final Pattern RELEASE = Pattern.compile("<release\\s+version=\"([^\"]+)\"");
    private static final Pattern REVISION = Pattern.compile("\\$Revision:\\s*(\\S+)");

    @Override
    public String description() {
        String version = version();
        return "upstream " + (version == null ? "" : "CMSIS-NN " + version + " ") + directory;
    }

    /**
     * Which upstream this is: the release its pack description names ({@code ARM.CMSIS-NN.pdsc}),
     * or, as a git checkout's says 0.0.0 there, the API revision in {@code arm_nnfunctions.h}
     * (e.g. {@code arm_nnfunctions.h V.18.0.0} for v7.0.0); null when neither says.
     */
    public String version() {
        Path pdsc = directory.resolve("ARM.CMSIS-NN.pdsc");
        if (Files.isRegularFile(pdsc)) {
            Matcher m = RELEASE.matcher(read(pdsc));
            if (m.find() && !m.group(1).equals("0.0.0")) {
                return m.group(1);
            }
        }
        Path api = directory.resolve("Include/arm_nnfunctions.h");
        if (Files.isRegularFile(api)) {
            Matcher m = REVISION.matcher(read(api));
            if (m.find()) {
                return "(arm_nnfunctions.h " + m.group(1) + ")";
            }
        }
        return null;
    }

    /** Whether upstream's default CMake build compiles {@code file}. */
    static boolean builtByDefault(Path source, Path file) {
        String name = file.getFileName().toString();
        Path relative = source.relativize(file);
        return name.endsWith(".c") && !name.endsWith("_f16.c") && !name.endsWith("_f32.c")
                && !(relative.getNameCount() > 1 && relative.getName(0).toString().equals("Bindings"));
    }

    @Override
    public KernelFiles prepare(GeneratedNetwork network, Path workDirectory) {
        Path include = directory.resolve("Include");
        Path source = directory.resolve("Source");
        if (!Files.isDirectory(directory)) {
            throw new ToolchainException("cmsisNnDirectory " + directory + " does not exist: give CMSIS_5's CMSIS/NN directory "
                    + "(CMSIS 5.9) or the root of a CMSIS-NN checkout");
        }
        if (!Files.isRegularFile(include.resolve("arm_nnfunctions.h")) || !Files.isDirectory(source)) {
            throw new ToolchainException("cmsisNnDirectory " + directory + " is not a CMSIS-NN tree: it needs Include/arm_nnfunctions.h "
                    + "and Source/; give CMSIS_5's CMSIS/NN directory or the root of a CMSIS-NN checkout");
        }
        List<Path> includes = new ArrayList<>(List.of(include));
        // CMSIS 5 keeps the types and the compiler header in sibling packs of the same tree.
        for (String sibling : List.of("DSP/Include", "Core/Include")) {
            Path p = directory.resolveSibling(sibling);
            if (Files.isDirectory(p)) {
                includes.add(p);
            }
        }
        Map<Path, String> headers = headers(include);
        checkHeadersResolve(include, headers, includes);
        checkDeclares(network, headers);
        List<Path> sources;
        try (Stream<Path> files = Files.walk(source)) {
            sources = files.filter(f -> builtByDefault(source, f) && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ToolchainException("cannot list the C files under " + source + ": " + e.getMessage(), e);
        }
        if (sources.isEmpty()) {
            throw new ToolchainException("cmsisNnDirectory " + directory + " has no C files under Source/");
        }
        return new KernelFiles(includes, sources, false);
    }

    /** The CMSIS 5 packs the public headers include (DSP types, Core compiler header) must be found, or the user gave half a tree. */
    private void checkHeadersResolve(Path include, Map<Path, String> headers, List<Path> includes) {
        Set<String> missing = new TreeSet<>();
        for (Map.Entry<Path, String> h : headers.entrySet()) {
            Path header = h.getKey();
            Matcher m = QUOTED_INCLUDE.matcher(h.getValue());
            while (m.find()) {
                String name = m.group(1);
                if (!name.startsWith("arm_math") && !name.startsWith("cmsis_")) {
                    continue; // compiler headers (intrin.h, arm_mve.h) are the compiler's, behind #if
                }
                boolean found = Files.exists(header.resolveSibling(name)) || includes.stream().anyMatch(d -> Files.exists(d.resolve(name)));
                if (!found) {
                    missing.add(name);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ToolchainException("the CMSIS-NN headers in " + include + " include " + String.join(", ", missing)
                    + ", which is not in the tree: for CMSIS 5 give the CMSIS/NN directory of a whole CMSIS_5 checkout, "
                    + "so that CMSIS/DSP/Include and CMSIS/Core/Include are beside it");
        }
    }

    /** The generated network may only call functions the tree declares (CMSIS-NN 4 dropped the q7/q15 API). */
    private void checkDeclares(GeneratedNetwork network, Map<Path, String> headers) {
        String declared = String.join("\n", headers.values());
        Set<String> called = new LinkedHashSet<>();
        for (Map.Entry<String, String> file : network.files().entrySet()) {
            if (file.getKey().endsWith(".c")) {
                Matcher m = KERNEL_CALL.matcher(file.getValue());
                while (m.find()) {
                    called.add(m.group(1));
                }
            }
        }
        List<String> missing = called.stream()
                .filter(f -> !Pattern.compile("\\b" + f + "\\s*\\(").matcher(declared).find()).toList();
        if (!missing.isEmpty()) {
            throw new ToolchainException("the CMSIS-NN tree at " + directory + " does not declare " + String.join(", ", missing)
                    + ", called by network '" + network.name() + "' (scheme " + network.scheme() + "): "
                    + ("q7".equals(network.scheme()) || "q15".equals(network.scheme())
                    ? "CMSIS-NN 4.0 and later dropped the legacy q7/q15 functions; give CMSIS 5.9's CMSIS/NN directory"
                    : "give a CMSIS-NN version that has them"));
        }
    }

    /** Every header under {@code include} with its text, read once for both checks. */
    private static Map<Path, String> headers(Path include) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(include)) {
            files = walk.filter(f -> f.getFileName().toString().endsWith(".h")).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ToolchainException("cannot list the headers in " + include + ": " + e.getMessage(), e);
        }
        Map<Path, String> texts = new LinkedHashMap<>();
        for (Path f : files) {
            texts.put(f, read(f));
        }
        return texts;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ToolchainException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
