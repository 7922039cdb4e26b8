package io.cmsisnn.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads test data and labels, choosing the format by the file name:
 * <ul>
 *   <li>{@code .npy} (NumPy, versions 1–3, numeric dtypes, C or Fortran order);</li>
 *   <li>{@code .npz} (NumPy archive; {@code key} names the array, optional when there is only one);</li>
 *   <li>{@code .h5}/{@code .hdf5} ({@code key} is the dataset path, optional when there is only one);</li>
 *   <li>{@code .csv} (numbers, comma/semicolon/whitespace separated, optional header line), shape [rows, cols];</li>
 *   <li>IDX ({@code *-ubyte}, {@code *.idx*}), as the MNIST files.</li>
 * </ul>
 * {@code .npy}, {@code .csv} and IDX files may be gzipped (detected by content; a {@code .gz}
 * suffix is ignored when choosing the format). {@code key} is ignored for single-array formats.
 */
public final class DataFiles {
    private static final int BUFFER = 1 << 16;

    private DataFiles() {
    }

    /**
     * Reads one array.
     *
     * @param file the data file
     * @param key  array (npz) or dataset (HDF5) name; may be null
     * @throws DataException when the file is missing, of unknown type, damaged, or the key is wrong
     */
    public static NdArray read(Path file, String key) {
        if (file == null) {
            throw new DataException("no data file given; set the path of a .npy, .npz, .h5, .csv or IDX file");
        }
        if (!Files.exists(file)) {
            throw new DataException(file + " does not exist; check the path (relative paths are resolved against "
                    + Path.of("").toAbsolutePath() + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + " is not a regular file; give a .npy, .npz, .h5, .csv or IDX file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        try {
            if (base.endsWith(".npz")) {
                return NpzReader.read(file, key);
            }
            if (base.endsWith(".h5") || base.endsWith(".hdf5") || base.endsWith(".he5")) {
                return Hdf5Reader.read(file, key);
            }
            if (base.endsWith(".npy")) {
                try (InputStream in = open(file)) {
                    return NpyReader.read(in, file.toString());
                }
            }
            if (base.endsWith(".csv") || base.endsWith(".tsv") || base.endsWith(".txt")) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8),
                        BUFFER)) {
                    return CsvReader.read(r, file.toString());
                }
            }
            if (base.contains(".idx") || base.endsWith("-ubyte") || base.endsWith(".ubyte")
                    || base.endsWith("idx1") || base.endsWith("idx3")) {
                try (InputStream in = open(file)) {
                    return IdxReader.read(in, file.toString());
                }
            }
        } catch (EOFException | ZipException e) {
            throw new DataException(file + " is damaged or truncated (" + e.getMessage() + "); write or download it "
                    + "again", e);
        } catch (IOException e) {
            throw new DataException(file + ": could not be read (" + e + ")", e);
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // a damaged file can drive a reader or library into any exception or a huge allocation
            throw new DataException(file + ": could not be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); the file is damaged: write it again", e);
        }
        throw new DataException(file + ": unknown data file type; use .npy, .npz, .h5/.hdf5, .csv, or an IDX file "
                + "(*-ubyte or *.idx*), each optionally gzipped as .gz");
    }

    /** Opens {@code file}, unpacking gzip when the content starts with 1f 8b. */
    static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
