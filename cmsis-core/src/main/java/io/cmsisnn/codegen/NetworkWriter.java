package io.cmsisnn.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a generated network into an output directory without leaving anything half-written:
 * every file is first written into a temporary directory beside the output directory, then moved
 * in. Files the previous run wrote there (listed in {@value #MANIFEST}) that the new network does
 * not have are removed, so the directory holds exactly one network's files plus whatever else
 * the user keeps there.
 */
public final class NetworkWriter {
    /** Lists the files the last write produced, one name per line. */
    public static final String MANIFEST = ".cmsis-generated";

    public void write(GeneratedNetwork network, Path outputDirectory) {
        Path target = outputDirectory.toAbsolutePath().normalize();
        for (String file : network.files().keySet()) {
            if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
                throw new CodegenException("generated file name '" + file + "' is not a plain file name");
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
            for (var e : network.files().entrySet()) {
                Files.writeString(staging.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            Files.writeString(staging.resolve(MANIFEST), String.join("\n", network.files().keySet()) + "\n", StandardCharsets.UTF_8);

            Files.createDirectories(target);
            Set<String> previous = readManifest(target.resolve(MANIFEST));
            previous.removeAll(network.files().keySet());
            for (String old : previous) {
                if (!old.isEmpty() && !old.contains("/") && !old.contains("\\") && !old.startsWith(".")) {
                    Files.deleteIfExists(target.resolve(old));
                }
            }
            for (String file : network.files().keySet()) {
                move(staging.resolve(file), target.resolve(file));
            }
            move(staging.resolve(MANIFEST), target.resolve(MANIFEST));
        } catch (IOException e) {
            throw new CodegenException("could not write the generated network '" + network.name() + "' to " + target + ": " + e, e);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    private static Set<String> readManifest(Path manifest) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        if (Files.isRegularFile(manifest)) {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                names.add(line.strip());
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
        try {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                s.forEach(children::add);
            }
            for (Path p : children) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort: a leftover hidden staging directory is harmless
        }
    }
}
