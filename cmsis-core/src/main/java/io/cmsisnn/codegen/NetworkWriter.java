package io.cmsisnn.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a generated network into an output directory without leaving anything half-written:
 * every file is first written into a temporary directory beside the output directory, then moved
 * in. File names are relative paths with {@code /} between folders (e.g. {@code cmsis-nn/Include/x.h}
 * for copied kernels). Files the previous run wrote there (listed in {@value #MANIFEST}) that the
 * new network does not have are removed, so the directory holds exactly one network's files plus
 * whatever else the user keeps there.
 */
public final class NetworkWriter {
    /** Lists the files the last write produced, one relative path per line. */
    public static final String MANIFEST = ".cmsis-generated";

    /** Writes the network's own files. */
    public void write(GeneratedNetwork network, Path outputDirectory) {
        write(network.name(), network.files(), outputDirectory);
    }

    /**
     * Writes {@code files} (relative path → content) as the one network {@code networkName} in
     * {@code outputDirectory}, replacing the files of the previous write.
     */
    public void write(String networkName, Map<String, String> files, Path outputDirectory) {
        Path target = outputDirectory.toAbsolutePath().normalize();
        for (String file : files.keySet()) {
            if (!isSafe(file)) {
                throw new CodegenException("generated file name '" + file + "' is not a relative path of plain names");
            }
        }
        Path parent = target.getParent();
        if (parent == null) {
            throw new CodegenException("cannot write the generated network to the root directory " + target);
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new CodegenException("cannot write the generated network to " + target + ": it exists and is not a directory");
        }
        Path staging = null;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + "-");
            for (var e : files.entrySet()) {
                Path f = staging.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            }
            Files.writeString(staging.resolve(MANIFEST), String.join("\n", files.keySet()) + "\n", StandardCharsets.UTF_8);

            Files.createDirectories(target);
            Set<String> previous = readManifest(target.resolve(MANIFEST));
            previous.removeAll(files.keySet());
            remove(target, previous);
            for (String file : files.keySet()) {
                Path to = target.resolve(file);
                Files.createDirectories(to.getParent());
                move(staging.resolve(file), to);
            }
            move(staging.resolve(MANIFEST), target.resolve(MANIFEST));
        } catch (IOException | UncheckedIOException e) {
            throw new CodegenException("could not write the generated network '" + networkName + "' to " + target + ": " + e, e);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    /**
     * Removes every file the last write listed in the manifest, and the manifest: after a failed
     * generation no firmware build may pick up the previous network as if it were current.
     *
     * @return the relative paths removed
     */
    public List<String> clear(Path outputDirectory) {
        Path target = outputDirectory.toAbsolutePath().normalize();
        try {
            Set<String> previous = readManifest(target.resolve(MANIFEST));
            List<String> removed = remove(target, previous);
            Files.deleteIfExists(target.resolve(MANIFEST));
            return removed;
        } catch (IOException | UncheckedIOException e) {
            throw new CodegenException("could not remove the previous network's files from " + target + " (listed in " + MANIFEST
                    + "): delete them by hand so no build uses them: " + e, e);
        }
    }

    /** Deletes the listed files, and the folders that deleting them left empty (never the output directory itself). */
    private static List<String> remove(Path target, Set<String> names) throws IOException {
        List<String> removed = new ArrayList<>();
        for (String old : names) {
            if (!isSafe(old)) {
                continue; // a hand-edited manifest never makes us delete outside the output directory
            }
            if (Files.deleteIfExists(target.resolve(old))) {
                removed.add(old);
            }
            for (Path dir = target.resolve(old).getParent(); dir != null && dir.startsWith(target) && !dir.equals(target);
                 dir = dir.getParent()) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        break;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    continue;
                }
                Files.delete(dir);
            }
        }
        return removed;
    }

    /** A relative path of plain names: no absolute path, no back slash, no empty, hidden, '.' or '..' part. */
    private static boolean isSafe(String file) {
        if (file.isEmpty() || file.contains("\\") || file.startsWith("/")) {
            return false;
        }
        for (String part : file.split("/", -1)) {
            if (part.isEmpty() || part.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> readManifest(Path manifest) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        if (Files.isRegularFile(manifest)) {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        }
        return names;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover hidden staging directory is harmless
        }
    }
}
