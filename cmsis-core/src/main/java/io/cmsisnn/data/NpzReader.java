package io.cmsisnn.data;

import io.cmsisnn.ZipEntryLimits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** NumPy {@code .npz}: a zip archive (stored or deflated) of {@code .npy} entries, one per key. */
final class NpzReader {
    private NpzReader() {
    }

    static NdArray read(Path file, String key) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new DataException(file + " is not a valid .npz file (not a readable zip archive: " + e.getMessage()
                    + "); save it with numpy.savez or numpy.savez_compressed", e);
        }
        try (zip) {
            List<ZipEntry> arrays = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (ZipEntryLimits.escapes(e.getName())) {
                    throw new DataException(file + ": its entry '" + e.getName() + "' names a path outside the archive, "
                            + "which numpy never writes; the file is damaged or crafted, write it again with numpy.savez");
                }
                if (!e.isDirectory()) {
                    arrays.add(e);
                }
            }
            List<String> keys = new ArrayList<>();
            for (ZipEntry e : arrays) {
                keys.add(keyOf(e.getName()));
            }
            ZipEntry chosen = null;
            if (key == null || key.isEmpty()) {
                if (arrays.size() == 1) {
                    chosen = arrays.get(0);
                } else if (arrays.isEmpty()) {
                    throw new DataException(file + " holds no arrays; save at least one with numpy.savez");
                } else {
                    throw new DataException(file + " holds " + arrays.size() + " arrays " + keys
                            + "; say which one to use with the key (one of " + String.join(", ", keys) + ")");
                }
            } else {
                for (ZipEntry e : arrays) {
                    if (e.getName().equals(key) || e.getName().equals(key + ".npy")) {
                        chosen = e;
                        break;
                    }
                }
                if (chosen == null) {
                    throw new DataException(file + " has no array '" + key + "'; the arrays it holds are "
                            + (keys.isEmpty() ? "(none)" : String.join(", ", keys)));
                }
            }
            String what = file + " (array '" + keyOf(chosen.getName()) + "')";
            try (InputStream in = new BufferedInputStream(ZipEntryLimits.limit(zip.getInputStream(chosen), chosen,
                    reason -> new DataException(what + ": " + reason + "; write the file again")), 1 << 16)) {
                return NpyReader.read(in, what);
            } catch (ZipException | java.io.EOFException e) {
                throw new DataException(what + " is damaged or truncated (" + e.getMessage()
                        + "); write the file again", e);
            }
        }
    }

    private static String keyOf(String entryName) {
        return entryName.endsWith(".npy") ? entryName.substring(0, entryName.length() - 4) : entryName;
    }
}
