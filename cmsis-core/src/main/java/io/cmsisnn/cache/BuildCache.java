package io.cmsisnn.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The build's memory between runs, one directory under {@code target/}: file fingerprints, results
 * worth keeping (calibration statistics, a verification report) filed under the hash of their
 * key, and one stamp per piece of work that says what it last depended on and wrote. Nothing in it
 * is needed: a missing or damaged entry only means the work is done again. Every file is written
 * whole or not at all.
 */
public final class BuildCache {
    private final Path directory;
    private final FileFingerprints fingerprints;

    public BuildCache(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        this.fingerprints = new FileFingerprints(this.directory);
    }

    public Path directory() {
        return directory;
    }

    /** {@code sha256:<hex>} of a file (or a tree, for a directory), or {@code missing}; null for null. */
    public String fingerprint(Path file) {
        return file == null ? null : fingerprints.of(file);
    }

    /** A result filed under {@code kind} and the key's hash, if one was stored. */
    public Optional<byte[]> read(String kind, CacheKey key) {
        Path f = blob(kind, key);
        try {
            return Files.isRegularFile(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stores a result; a failure to store is not an error (the work is only redone next time). */
    public Path write(String kind, CacheKey key, byte[] content) {
        Path f = blob(kind, key);
        try {
            AtomicFiles.write(f, content);
        } catch (IOException e) {
            return null;
        }
        fingerprints.save();
        return f;
    }

    public Path blob(String kind, CacheKey key) {
        return directory.resolve(kind + "-" + key.hash() + ".bin");
    }

    /** The last stamp of the work called {@code name}, or null. */
    public Stamp stamp(String name) {
        Path f = stampFile(name);
        try {
            return Files.isRegularFile(f) ? Stamp.parse(Files.readString(f, StandardCharsets.UTF_8)) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Records what the work called {@code name} depended on and wrote (the files' hashes are taken now). */
    public void writeStamp(String name, CacheKey key, List<Path> outputs, Map<String, String> values) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Path p : outputs) {
            Path abs = p.toAbsolutePath().normalize();
            hashes.put(abs.toString(), "sha256:" + FileFingerprints.Hashes.sha256(abs));
        }
        try {
            AtomicFiles.write(stampFile(name), new Stamp(key, hashes, values).text().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // without a stamp the next build only redoes the work
        }
        fingerprints.save();
    }

    /** Forgets the work called {@code name}, e.g. after it failed, so that the next build does it again. */
    public void dropStamp(String name) {
        try {
            Files.deleteIfExists(stampFile(name));
        } catch (IOException e) {
            // a stale stamp cannot match: its outputs are checked too
        }
    }

    /** The stamp name of work of one kind whose outputs go to {@code directory}. */
    public static String stampName(String kind, Path directory) {
        return kind + "-" + CacheKey.builder("dir").put("dir", directory.toAbsolutePath().normalize()).build().hash();
    }

    /**
     * Null when {@code last} was made from {@code key} and its outputs are all there with the bytes
     * it recorded; otherwise why the work must be done again, for the log.
     *
     * @param none what to say when there is no stamp
     */
    public static String staleReason(Stamp last, CacheKey key, String none) {
        if (last == null) {
            return none;
        }
        if (!last.key().equals(key)) {
            return "changed: " + key.changes(last.key());
        }
        String damaged = damagedOutput(last);
        return damaged == null ? null : damaged + " is missing or was changed";
    }

    /**
     * Null when the stamp's outputs are all there with the bytes it recorded; otherwise the first
     * output that is missing or changed.
     */
    static String damagedOutput(Stamp stamp) {
        for (Map.Entry<String, String> e : stamp.outputs().entrySet()) {
            Path p = Path.of(e.getKey());
            if (!Files.isRegularFile(p) || !e.getValue().equals("sha256:" + FileFingerprints.Hashes.sha256(p))) {
                return e.getKey();
            }
        }
        return null;
    }

    private Path stampFile(String name) {
        return directory.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".stamp");
    }

    /** Saves the fingerprint memo (also done by every write). */
    public void save() {
        fingerprints.save();
    }
}
