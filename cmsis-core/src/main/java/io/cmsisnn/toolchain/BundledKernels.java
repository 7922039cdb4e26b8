package io.cmsisnn.toolchain;

import io.cmsisnn.codegen.GeneratedNetwork;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's own portable CMSIS-NN kernels (artifact {@code io.cmsisnn:cmsis-nn}), carried on
 * the classpath under {@value #ROOT}; {@value #INDEX} lists every file, since a directory inside a
 * jar cannot be listed.
 */
public final class BundledKernels implements KernelSource {
    public static final String ROOT = "io/cmsisnn/kernels/";
    public static final String INDEX = "kernels.txt";

    /** The copied kernel tree: its include directory and its C sources. */
    public record Extracted(Path directory, Path includeDirectory, List<Path> sources) {
        public Extracted {
            sources = List.copyOf(sources);
        }
    }

    private final ClassLoader loader;

    public BundledKernels() {
        this(BundledKernels.class.getClassLoader());
    }

    public BundledKernels(ClassLoader loader) {
        this.loader = loader;
    }

    /** Relative paths of all kernel files, as listed in the index. */
    public List<String> files() {
        List<String> files = new ArrayList<>();
        try (InputStream in = open(INDEX);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String f = line.strip();
                if (f.isEmpty() || f.startsWith("#")) {
                    continue;
                }
                if (f.startsWith("/") || f.contains("..") || f.contains("\\")) {
                    throw new ToolchainException("the bundled kernel index lists an unsafe path: " + f);
                }
                files.add(f);
            }
        } catch (IOException e) {
            throw new ToolchainException("cannot read the bundled kernel index " + ROOT + INDEX + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** Copies every kernel file under {@code directory}, keeping the relative paths. */
    public Extracted extract(Path directory) {
        List<Path> sources = new ArrayList<>();
        try {
            for (String f : files()) {
                Path to = directory.resolve(f);
                Files.createDirectories(to.getParent());
                try (InputStream in = open(f)) {
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
                if (f.endsWith(".c")) {
                    sources.add(to);
                }
            }
        } catch (IOException e) {
            throw new ToolchainException("cannot copy the bundled CMSIS-NN kernels to " + directory + ": " + e.getMessage(), e);
        }
        return new Extracted(directory, directory.resolve("Include"), sources);
    }

    @Override
    public KernelFiles prepare(GeneratedNetwork network, Path workDirectory) {
        Extracted k = extract(workDirectory);
        return new KernelFiles(List.of(k.includeDirectory()), k.sources(), true);
    }

    @Override
    public String description() {
        return "bundled";
    }

    /** The text of one file of the bundle (path relative to {@value #ROOT}). */
    public String read(String file) {
        try (InputStream in = open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolchainException("cannot read the bundled kernel file " + ROOT + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies one file of the bundle (path relative to {@value #ROOT}) to {@code to}. */
    public Path extractFile(String file, Path to) {
        try {
            Files.createDirectories(to.toAbsolutePath().getParent());
            try (InputStream in = open(file)) {
                Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            }
            return to;
        } catch (IOException e) {
            throw new ToolchainException("cannot copy the bundled kernel file " + file + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private InputStream open(String file) {
        InputStream in = loader.getResourceAsStream(ROOT + file);
        if (in == null) {
            throw new ToolchainException("the bundled CMSIS-NN kernel file " + ROOT + file
                    + " is not on the classpath: the io.cmsisnn:cmsis-nn jar is missing or incomplete");
        }
        return in;
    }
}
