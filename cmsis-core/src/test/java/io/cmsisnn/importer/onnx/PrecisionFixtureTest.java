package io.cmsisnn.importer.onnx;

import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.NdArray;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wide-range Concat fixture of issue #15 (../fixtures/precision, trained and exported by its
 * train.py) in the float engine, against what PyTorch recorded beside it: its logits for the first
 * 100 Fashion-MNIST test images and its top-1 on all 10,000, scored with the dataset's labels.
 */
class PrecisionFixtureTest {
    private static final Path MODEL = Path.of("..", "fixtures", "precision", "concat_fashion.onnx");
    private static final Path EXPECTED = Path.of("..", "fixtures", "precision", "concat_fashion_expected.npz");
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void matchesPyTorch() {
        Needs.that(Files.isRegularFile(MODEL), "fixture not found: " + MODEL.toAbsolutePath());
        Graph graph = new OnnxModelReader().read(MODEL, "concat_fashion").graph();
        // the point of the fixture: the wide- and narrow-range branches meet in a Concat
        assertThat(graph.nodes()).anyMatch(n -> n.op() instanceof Op.Concat && n.inputs().size() == 2);
        FloatEngine engine = new FloatEngine(graph);

        NdArray x = DataFiles.read(EXPECTED, "x");
        NdArray logits = DataFiles.read(EXPECTED, "logits");
        assertThat(x.dim(0)).isEqualTo(100);
        float[] flat = x.toFloatArray();
        float[] out = logits.toFloatArray();
        int classes = logits.size() / 100;
        assertThat(classes).isEqualTo(10);
        double worst = 0;
        for (int i = 0; i < 100; i++) {
            float[] got = engine.run(OnnxTestFiles.channelsLast(OnnxTestFiles.sample(flat, i, 784), 1));
            float[] want = OnnxTestFiles.sample(out, i, classes);
            assertThat(got).hasSameSizeAs(want);
            for (int k = 0; k < classes; k++) {
                worst = Math.max(worst, Math.abs(got[k] - want[k]));
            }
        }
        System.out.printf("largest difference from PyTorch's logits on 100 inputs: %.2e%n", worst);
        assertThat(worst).isLessThan(1e-4);

        Path images = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = FASHION.resolve("t10k-labels-idx1-ubyte.gz");
        Needs.that(Files.exists(images) && Files.exists(labels), "needs Debian's dataset-fashion-mnist: " + FASHION);
        NdArray tx = DataFiles.read(images, null);
        NdArray ty = DataFiles.read(labels, null);
        float[][] samples = new float[tx.dim(0)][784];
        for (int i = 0; i < samples.length; i++) {
            for (int p = 0; p < 784; p++) {
                samples[i][p] = (float) tx.get(i * 784 + p) / 255f;  // as train.py: float32 bytes / 255; one channel
            }
        }
        long testCount = (long) DataFiles.read(EXPECTED, "test_count").get(0);
        long testCorrect = (long) DataFiles.read(EXPECTED, "test_correct").get(0);
        assertThat((long) samples.length).isEqualTo(testCount);
        long correct = IntStream.range(0, samples.length).parallel()
                .filter(i -> io.cmsisnn.metrics.Metrics.argmax(engine.run(samples[i])) == (int) ty.get(i)).count();
        System.out.printf("top-1 %d/%d, PyTorch %d/%d%n", correct, samples.length, testCorrect, testCount);
        // float summation order may flip a near tie or two
        assertThat(Math.abs(correct - testCorrect)).isLessThanOrEqualTo(2L);
    }
}
