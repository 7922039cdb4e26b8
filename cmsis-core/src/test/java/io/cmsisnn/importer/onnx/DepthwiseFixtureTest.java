package io.cmsisnn.importer.onnx;

import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.NdArray;
import io.cmsisnn.engine.FloatEngine;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The depthwise-separable fixtures of issue #15 (../fixtures/depthwise, trained and exported by
 * its train.py) in the float engine, against what PyTorch recorded beside them: its logits for
 * the first 100 test inputs and its top-1 on the whole test set.
 */
class DepthwiseFixtureTest {
    private static final Path FIXTURES = Path.of("..", "fixtures", "depthwise");
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void fashionMatchesPyTorch() {
        FloatEngine engine = engine("dwsep_fashion");
        Expected e = expected("dwsep_fashion", 1);
        assertLogits(engine, e);

        Path images = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = FASHION.resolve("t10k-labels-idx1-ubyte.gz");
        Needs.that(Files.exists(images) && Files.exists(labels), "needs Debian's dataset-fashion-mnist: " + FASHION);
        NdArray x = DataFiles.read(images, null);
        NdArray y = DataFiles.read(labels, null);
        float[][] samples = new float[x.dim(0)][784];
        for (int i = 0; i < samples.length; i++) {
            for (int p = 0; p < 784; p++) {
                samples[i][p] = (float) x.get(i * 784 + p) / 255f;  // as train.py: float32 bytes / 255; one channel
            }
        }
        assertTopOne(engine, samples, y, e);
    }

    @Test
    void harMatchesPyTorch() {
        FloatEngine engine = engine("dwsep_har");
        Expected e = expected("dwsep_har", 3);
        assertLogits(engine, e);

        // the LSTM/GRU models' test split, stored [N, 26, 3]: time steps by axes, channels last already
        NdArray x = DataFiles.read(Needs.sharedFile("models/onnx/har_rnn_test_x.npy"), null);
        NdArray y = DataFiles.read(Needs.sharedFile("models/onnx/har_rnn_test_y.npy"), null);
        int per = 26 * 3;
        float[][] samples = new float[x.dim(0)][per];
        for (int i = 0; i < samples.length; i++) {
            for (int k = 0; k < per; k++) {
                samples[i][k] = (float) x.get(i * per + k);
            }
        }
        assertTopOne(engine, samples, y, e);
    }

    /** PyTorch's record: inputs channels first, its logits, and its right answers on the test set. */
    private record Expected(float[][] inputs, float[][] logits, long testCorrect, long testCount) {
    }

    private static FloatEngine engine(String name) {
        Path model = FIXTURES.resolve(name + ".onnx");
        Needs.that(Files.isRegularFile(model), "fixture not found: " + model.toAbsolutePath());
        return new FloatEngine(new OnnxModelReader().read(model, name).graph());
    }

    private static Expected expected(String name, int channels) {
        Path file = FIXTURES.resolve(name + "_expected.npz");
        NdArray x = DataFiles.read(file, "x");
        NdArray logits = DataFiles.read(file, "logits");
        int n = x.dim(0);
        assertThat(n).isEqualTo(100);
        int per = x.size() / n;
        int classes = logits.size() / n;
        float[] flat = x.toFloatArray();
        float[] out = logits.toFloatArray();
        float[][] inputs = new float[n][];
        float[][] expected = new float[n][];
        for (int i = 0; i < n; i++) {
            inputs[i] = OnnxTestFiles.channelsLast(OnnxTestFiles.sample(flat, i, per), channels);
            expected[i] = OnnxTestFiles.sample(out, i, classes);
        }
        return new Expected(inputs, expected, (long) DataFiles.read(file, "test_correct").get(0),
                (long) DataFiles.read(file, "test_count").get(0));
    }

    private static void assertLogits(FloatEngine engine, Expected e) {
        double worst = 0;
        for (int i = 0; i < e.inputs().length; i++) {
            float[] got = engine.run(e.inputs()[i]);
            assertThat(got).hasSameSizeAs(e.logits()[i]);
            for (int k = 0; k < got.length; k++) {
                worst = Math.max(worst, Math.abs(got[k] - e.logits()[i][k]));
            }
        }
        System.out.printf("largest difference from PyTorch's logits on 100 inputs: %.2e%n", worst);
        assertThat(worst).isLessThan(1e-4);
    }

    private static void assertTopOne(FloatEngine engine, float[][] samples, NdArray labels, Expected e) {
        assertThat((long) samples.length).isEqualTo(e.testCount());
        long correct = IntStream.range(0, samples.length).parallel()
                .filter(i -> argMax(engine.run(samples[i])) == (int) labels.get(i)).count();
        System.out.printf("top-1 %d/%d, PyTorch %d/%d%n", correct, samples.length, e.testCorrect(), e.testCount());
        // float summation order may flip a near tie or two
        assertThat(Math.abs(correct - e.testCorrect())).isLessThanOrEqualTo(2L);
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
}
