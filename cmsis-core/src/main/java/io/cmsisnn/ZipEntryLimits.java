package io.cmsisnn;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.zip.ZipEntry;

/**
 * Reads zip entries (.keras archives, .npz files) without letting one inflate without bound: an
 * entry may grow to {@link #FREE_BYTES} whatever its compression, and beyond that only up to
 * {@link #MAX_RATIO} times its compressed size and never past {@link #MAX_BYTES}. Real models and
 * data sets stay far inside both; a zip bomb is stopped as soon as it passes them.
 */
public final class ZipEntryLimits {
    /** Inflated bytes allowed whatever the ratio. */
    public static final long FREE_BYTES = 64L << 20;
    /** Inflated over compressed size allowed past {@link #FREE_BYTES}. */
    public static final long MAX_RATIO = 1000;
    /** No entry inflates past this. */
    public static final long MAX_BYTES = 4L << 30;

    private ZipEntryLimits() {
    }

    /**
     * {@code in}, the stream of {@code entry}, failing with {@code error.apply(reason)} once it has
     * given more bytes than the limits allow.
     */
    public static InputStream limit(InputStream in, ZipEntry entry, Function<String, RuntimeException> error) {
        long compressed = entry.getCompressedSize() > 0 ? entry.getCompressedSize() : 1;
        long allowed = Math.min(MAX_BYTES, Math.max(FREE_BYTES, compressed * MAX_RATIO));
        return new FilterInputStream(in) {
            private long seen;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(long n) {
                seen += n;
                if (seen > allowed) {
                    throw error.apply("its entry " + entry.getName() + " inflates past " + allowed + " bytes from "
                            + compressed + " compressed (a zip bomb, or a damaged archive)");
                }
            }
        };
    }

    /** Whether a zip entry name would leave the archive's folder if extracted: absolute, or with a ".." part. */
    public static boolean escapes(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String part : n.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
