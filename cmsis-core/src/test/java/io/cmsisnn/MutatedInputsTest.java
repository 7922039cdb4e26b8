package io.cmsisnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.data.DataException;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.importer.ModelImportException;
import io.cmsisnn.importer.ModelImporter;
import io.cmsisnn.testing.NpyBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of the shared models and data files (truncations, bit flips, overwrites with
 * random bytes or with 0xFF, which turns sizes and counts huge), each read as a user's build would.
 * A mutant may still be readable; otherwise the only acceptable outcome is the stage's own
 * exception ({@link ModelImportException}, {@link DataException}) naming the file. Anything else
 * (another exception, an OutOfMemoryError, a hang) is an unclean outcome, and there must be none.
 */
class MutatedInputsTest {
    /** Mutants per run, over all files (CI: the default; -Pquick: fewer); the seed fixes which. */
    private static final int BUDGET = Integer.getInteger("cmsis.fuzz.budget", 6000);
    private static final long SEED = 20261202L;

    @TempDir
    Path tmp;

    private static Path shared(String relative) {
        Path file = Path.of(System.getProperty("cmsis.shared.dir", "../../shared")).resolve(relative);
        assertThat(file).as("the shared models and data beside the checkout").exists();
        return file;
    }

    private enum Reader { MODEL, DATA }

    private record Seed(Path file, Reader reader, int weight) {
    }

    private static List<Seed> seeds() {
        return List.of(
                new Seed(shared("models/keras/shawn_fan_autoencoder.h5"), Reader.MODEL, 3),
                new Seed(shared("models/keras/st_har_cnn1d.h5"), Reader.MODEL, 2),
                new Seed(shared("models/keras/tiny_ic_resnet8.h5"), Reader.MODEL, 1),
                new Seed(shared("models/onnx/har_gru.onnx"), Reader.MODEL, 2),
                new Seed(shared("models/onnx/andrey_mnist_lenet5_pt20.onnx"), Reader.MODEL, 1),
                new Seed(shared("datasets/st_har/har_frames_y.npy"), Reader.DATA, 2),
                new Seed(shared("datasets/mnist-test-idx/t10k-labels-idx1-ubyte.gz"), Reader.DATA, 2),
                new Seed(shared("datasets/shawn_fan/normal_anomaly_test_set.npz"), Reader.DATA, 2),
                new Seed(shared("datasets/shawn_fan/normal_anomaly_samples.npz"), Reader.DATA, 1));
    }

    /** One mutant of {@code original}: kind and place drawn from {@code random}. */
    private static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] b = original.clone();
        int n = b.length;
        switch (random.nextInt(5)) {
            case 0 -> {
                return java.util.Arrays.copyOf(b, random.nextInt(n)); // truncated anywhere
            }
            case 1 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(n);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> { // random bytes over a run, often in the header where the sizes are
                int at = random.nextInt(4) == 0 ? random.nextInt(Math.min(n, 512)) : random.nextInt(n);
                int len = Math.min(n - at, 1 + random.nextInt(64));
                for (int i = 0; i < len; i++) {
                    b[at + i] = (byte) random.nextInt(256);
                }
            }
            case 3 -> { // 0xFF over a few bytes: a length or count becomes huge
                int at = random.nextInt(4) == 0 ? random.nextInt(Math.min(n, 512)) : random.nextInt(n);
                int len = Math.min(n - at, 1 + random.nextInt(8));
                java.util.Arrays.fill(b, at, at + len, (byte) 0xFF);
            }
            default -> { // a run copied from elsewhere in the file
                int from = random.nextInt(n);
                int to = random.nextInt(n);
                int len = Math.min(Math.min(n - from, n - to), 1 + random.nextInt(256));
                System.arraycopy(original, from, b, to, len);
            }
        }
        return b;
    }

    /** Null when the outcome is clean, else what went wrong. */
    private static String outcome(Path mutant, Reader reader) {
        try {
            if (reader == Reader.MODEL) {
                new ModelImporter().read(mutant, null);
            } else {
                DataFiles.read(mutant, null);
            }
            return null;
        } catch (ModelImportException | DataException e) {
            return e.getMessage() != null && e.getMessage().contains(mutant.toString()) ? null
                    : "message does not name the file: " + e.getMessage();
        } catch (Throwable t) {
            return t.getClass().getName() + ": " + t.getMessage();
        }
    }

    @Test
    void everyMutantIsReadOrRefusedByTheStagesOwnException() throws IOException {
        List<Seed> seeds = seeds();
        int weights = seeds.stream().mapToInt(Seed::weight).sum();
        List<byte[]> originals = new ArrayList<>();
        for (Seed s : seeds) {
            originals.add(Files.readAllBytes(s.file()));
        }
        AtomicInteger done = new AtomicInteger();
        List<String> unclean = java.util.Collections.synchronizedList(new ArrayList<>());
        int[] perSeed = seeds.stream().mapToInt(s -> BUDGET * s.weight() / weights + 1).toArray();
        int total = IntStream.of(perSeed).sum();
        IntStream.range(0, seeds.size()).forEach(i -> IntStream.range(0, perSeed[i]).parallel().forEach(k -> {
            Seed s = seeds.get(i);
            SplittableRandom random = new SplittableRandom(SEED * 31 + i * 1_000_003L + k);
            String name = s.file().getFileName().toString();
            Path mutant = tmp.resolve(i + "-" + k + "-" + name);
            try {
                Files.write(mutant, mutate(originals.get(i), random));
                String bad = outcome(mutant, s.reader());
                if (bad != null) {
                    unclean.add(name + " mutant " + k + ": " + bad);
                }
                Files.delete(mutant);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            done.incrementAndGet();
        }));
        System.out.printf("mutated inputs: %d over %d files, unclean outcomes: %d%n", total, seeds.size(), unclean.size());
        assertThat(total).isGreaterThanOrEqualTo(BUDGET);
        assertThat(done.get()).isEqualTo(total);
        assertThat(unclean).isEmpty();
    }

    /** An .npy header for {@code count} float32 values, then only {@code dataBytes} bytes. */
    private static byte[] lyingNpy(long count, int dataBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(NpyBytes.header("<f4", count + ","));
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    @Test
    void aSmallFileDeclaringGigabytesIsRefusedWithoutAllocatingThem() throws IOException {
        // 1 KB of data behind a header declaring 500 million floats (2 GB), and one declaring 2^31 - 9
        Path npy = tmp.resolve("lying.npy");
        Files.write(npy, lyingNpy(500_000_000L, 1024));
        assertThatThrownBy(() -> DataFiles.read(npy, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(npy.toString());
        Path huge = tmp.resolve("huge.npy");
        Files.write(huge, lyingNpy(Integer.MAX_VALUE - 9L, 1024));
        assertThatThrownBy(() -> DataFiles.read(huge, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(huge.toString());
        // IDX: ubyte, one dimension of 200,000,000 (within the heap as doubles), 1 KB of data
        ByteArrayOutputStream idx = new ByteArrayOutputStream();
        idx.writeBytes(new byte[] {0, 0, 0x08, 1});
        int dim = 200_000_000;
        idx.writeBytes(new byte[] {(byte) (dim >>> 24), (byte) (dim >>> 16), (byte) (dim >>> 8), (byte) dim});
        idx.writeBytes(new byte[1024]);
        Path labels = tmp.resolve("labels-idx1-ubyte");
        Files.write(labels, idx.toByteArray());
        assertThatThrownBy(() -> DataFiles.read(labels, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(labels.toString()).hasMessageContaining("truncated");
    }

    /** A zip holding {@code name} deflated from {@code inflated} zero bytes. */
    private static void zipOfZeros(Path file, String name, long inflated, byte[] prefix) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(prefix);
            byte[] zeros = new byte[1 << 20];
            for (long done = prefix.length; done < inflated; done += zeros.length) {
                zip.write(zeros, 0, (int) Math.min(zeros.length, inflated - done));
            }
            zip.closeEntry();
        }
    }

    @Test
    void zipBombsStopAtTheLimit() throws IOException {
        // 300 MB of zeros deflate about 1000:1, past both the 64 MB free allowance and the 1000x ratio
        Path npz = tmp.resolve("bomb.npz");
        zipOfZeros(npz, "x.npy", 300L << 20, lyingNpy(75L << 20, 0));
        assertThatThrownBy(() -> DataFiles.read(npz, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(npz.toString()).hasMessageContaining("inflates past");
        Path keras = tmp.resolve("bomb.keras");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(keras))) {
            zip.putNextEntry(new ZipEntry("config.json"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThatThrownBy(() -> new ModelImporter().read(keras, null)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining(keras.toString()).hasMessageContaining("inflates past");
    }

    @Test
    void entryNamesThatLeaveTheArchiveAreRefused() throws IOException {
        byte[] npy = lyingNpy(4, 16);
        Path npz = tmp.resolve("traversal.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(npz))) {
            zip.putNextEntry(new ZipEntry("../../x.npy"));
            zip.write(npy);
            zip.closeEntry();
        }
        assertThatThrownBy(() -> DataFiles.read(npz, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(npz.toString()).hasMessageContaining("outside");
        Path keras = tmp.resolve("traversal.keras");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(keras))) {
            zip.putNextEntry(new ZipEntry("/etc/config.json"));
            zip.write("{}".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThatThrownBy(() -> new ModelImporter().read(keras, null)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining(keras.toString()).hasMessageContaining("outside");
    }

    @Test
    void aTruncatedHdf5DataFileIsRefused() throws IOException {
        // a Keras .h5 is a plain HDF5 file; cut to 60 % it still opens in jhdf, whose superblock
        // records the full length (HDF5's own check)
        byte[] whole = Files.readAllBytes(shared("models/keras/st_har_cnn1d.h5"));
        Path cut = tmp.resolve("cut.h5");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 6 / 10));
        assertThatThrownBy(() -> DataFiles.read(cut, "model_weights/dense/dense/kernel:0"))
                .isInstanceOf(DataException.class).hasMessageContaining(cut.toString()).hasMessageContaining("truncated");
    }
}
