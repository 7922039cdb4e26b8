package io.cmsisnn.importer.onnx;

import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.importer.SharedModels;
import io.cmsisnn.testing.Needs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The shared LeNets on the whole MNIST test set (pixel/255), in the float engine: top-1 must be
 * the figure the models README gives, which an independent NumPy forward pass measured.
 */
class OnnxMnistAccuracyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"andrey_mnist_lenet5_pt20.onnx, 0.9813", "ccoltong_mnist_lenet_bn_pt13_b10.onnx, 0.9919"})
    void topOneMatchesTheReadme(String fileName, double expected) throws IOException {
        Path model = OnnxTestFiles.sharedModel(fileName);
        Path dir = SharedModels.sharedDir().resolve("datasets").resolve("mnist-test-idx");
        Needs.that(Files.isDirectory(dir), "MNIST test set not available: " + dir);
        byte[][] images = idx(dir.resolve("t10k-images-idx3-ubyte.gz"), 3);
        byte[][] labels = idx(dir.resolve("t10k-labels-idx1-ubyte.gz"), 1);
        FloatEngine engine = new FloatEngine(new OnnxModelReader().read(model, "mnist").graph());
        long correct = IntStream.range(0, images.length).parallel().filter(i -> {
            float[] x = new float[784];
            for (int p = 0; p < 784; p++) {
                x[p] = (images[i][p] & 0xff) / 255f;  // one channel: NCHW and HWC coincide
            }
            return argMax(engine.run(x)) == labels[i][0];
        }).count();
        System.out.printf("%s: top-1 %.4f on %d MNIST test images%n", fileName, (double) correct / images.length, images.length);
        // a tie or a last-bit difference may flip a sample or two against NumPy
        assertThat((double) correct / images.length).isCloseTo(expected, within(0.0002));
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The items of a gzipped big-endian IDX file of unsigned bytes, one row per item. */
    private static byte[][] idx(Path file, int rank) throws IOException {
        try (InputStream raw = new GZIPInputStream(Files.newInputStream(file)); DataInputStream in = new DataInputStream(raw)) {
            int magic = in.readInt();
            assertThat(magic).isEqualTo(0x0800 | rank);
            int count = in.readInt();
            int itemSize = 1;
            for (int i = 1; i < rank; i++) {
                itemSize *= in.readInt();
            }
            byte[][] items = new byte[count][itemSize];
            for (byte[] item : items) {
                in.readFully(item);
            }
            return items;
        }
    }
}
