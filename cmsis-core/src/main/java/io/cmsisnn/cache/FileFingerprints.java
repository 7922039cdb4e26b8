package io.cmsisnn.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Content fingerprints (SHA-256) of input files. A file whose size and modification time are what
 * they were when it was last hashed keeps its recorded hash, so an unchanged 50 MB data file costs
 * one {@code stat}, not a read; any other file is hashed again. The memo lives in one text file of
 * the cache directory and is written back by {@link #save()}.
 */
public final class FileFingerprints {
    static final String MEMO = "fingerprints.tsv";

    private record Entry(long size, long modifiedNanos, String sha256) {
    }

    private final Path memoFile;
    private final Map<String, Entry> memo = new LinkedHashMap<>();
    private boolean dirty;

    FileFingerprints(Path cacheDirectory) {
        this.memoFile = cacheDirectory.resolve(MEMO);
        load();
    }

    /**
     * {@code sha256:<hex>} of the file's bytes, or {@code missing} when it does not exist (the reader
     * that needs it reports that with its own message).
     */
    public synchronized String of(Path file) {
        Path p = file.toAbsolutePath().normalize();
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            return "missing";
        }
        if (a.isDirectory()) {
            return tree(p);
        }
        long modified = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        String id = p.toString();
        Entry known = memo.get(id);
        if (known != null && known.size() == a.size() && known.modifiedNanos() == modified) {
            return known.sha256();
        }
        String hash = "sha256:" + Hashes.sha256(p);
        memo.put(id, new Entry(a.size(), modified, hash));
        dirty = true;
        return hash;
    }

    /** Every regular file under a directory: relative path and fingerprint, in name order. */
    private String tree(Path dir) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        StringBuilder sb = new StringBuilder();
        for (Path f : files) {
            sb.append(dir.relativize(f)).append('=').append(of(f)).append('\n');
        }
        return "tree:" + Hashes.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the memo back when it changed; a failure only costs a re-hash next time. */
    public synchronized void save() {
        if (!dirty) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Entry> e : memo.entrySet()) {
            Entry v = e.getValue();
            sb.append(v.size()).append('\t').append(v.modifiedNanos()).append('\t').append(v.sha256()).append('\t')
                    .append(e.getKey()).append('\n');
        }
        try {
            AtomicFiles.write(memoFile, sb.toString().getBytes(StandardCharsets.UTF_8));
            dirty = false;
        } catch (IOException e) {
            // the memo only saves time
        }
    }

    private void load() {
        if (!Files.isRegularFile(memoFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(memoFile, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", 4);
                if (f.length == 4) {
                    memo.put(f[3], new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2]));
                }
            }
        } catch (IOException | RuntimeException e) {
            memo.clear(); // a damaged memo is only a slower run: everything is hashed again
        }
    }

    /** SHA-256 helpers. */
    static final class Hashes {
        private Hashes() {
        }

        static String sha256(Path file) {
            MessageDigest md = digest();
            byte[] buf = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(file)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            } catch (IOException e) {
                return "unreadable";
            }
            return hex(md.digest());
        }

        static String sha256(byte[] bytes) {
            return hex(digest().digest(bytes));
        }

        private static MessageDigest digest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }

        private static String hex(byte[] b) {
            StringBuilder sb = new StringBuilder(b.length * 2);
            for (byte x : b) {
                sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
            }
            return sb.toString();
        }
    }
}
