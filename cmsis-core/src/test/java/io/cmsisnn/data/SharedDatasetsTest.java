package io.cmsisnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.graph.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real data sets. Counts and shapes are published facts or were read with numpy
 * (Debian's /usr/bin/python3, numpy.load) independently of this code.
 */
class SharedDatasetsTest {
    private static Path shared(String relative) {
        String dir = System.getProperty("cmsis.shared.dir", "../../shared");
        Path p = Path.of(dir).resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), "test data not present: " + p);
        return p;
    }

    private static Path system(String path) {
        Path p = Path.of(path);
        Assumptions.assumeTrue(Files.isRegularFile(p), "test data not present: " + p);
        return p;
    }

    private static int[] histogram(int[] labels, int classes) {
        int[] h = new int[classes];
        for (int l : labels) {
            h[l]++;
        }
        return h;
    }

    @Test
    void fashionMnistTestSet() {
        // published: 10,000 test images of 28x28, 1,000 per class of 10
        NdArray images = DataFiles.read(system("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        NdArray labels = DataFiles.read(system("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"), null);
        assertThat(images.shape()).containsExactly(10_000, 28, 28);
        assertThat(images.dtype()).isEqualTo("u1");
        int[] y = Labels.labels(labels, 10_000, "labels");
        assertThat(histogram(y, 10)).containsOnly(1000);
        float[][] x = InputPreparer.samples(images, new Shape(28, 28, 1), 1 / 255.0, 0, "images");
        assertThat(x).hasNumberOfRows(10_000);
        // sum of the pixels of image 0, read with numpy: 33456
        double sum = 0;
        for (float v : x[0]) {
            sum += v;
        }
        assertThat(sum).isCloseTo(33456 / 255.0, within(1e-3));
    }

    @Test
    void mnistTestSet() {
        NdArray images = DataFiles.read(shared("datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz"), null);
        NdArray labels = DataFiles.read(shared("datasets/mnist-test-idx/t10k-labels-idx1-ubyte.gz"), null);
        assertThat(images.shape()).containsExactly(10_000, 28, 28);
        int[] y = Labels.labels(labels, 10_000, "labels");
        assertThat(y[0]).isEqualTo(7); // the well-known first MNIST test digit
        // image 0 read with numpy: pixel sum 18454, maximum 255
        double sum = 0;
        double max = 0;
        for (int i = 0; i < 784; i++) {
            sum += images.data()[i];
            max = Math.max(max, images.data()[i]);
        }
        assertThat(sum).isEqualTo(18454);
        assertThat(max).isEqualTo(255);
    }

    @Test
    void stHarFrames() {
        NdArray x = DataFiles.read(shared("datasets/st_har/har_frames_x.npy"), null);
        NdArray y = DataFiles.read(shared("datasets/st_har/har_frames_y.npy"), null);
        assertThat(x.shape()).containsExactly(6900, 26, 3);
        assertThat(x.dtype()).isEqualTo("f4");
        assertThat(y.dtype()).isEqualTo("i8");
        // har_frames_x[0,0,:] and [-1,-1,:], read with numpy
        assertThat(x.data()[0]).isEqualTo(-0.004000000189989805);
        assertThat(x.data()[1]).isEqualTo(-0.003000000026077032);
        assertThat(x.data()[2]).isEqualTo(0.2590000033378601);
        assertThat(x.data()[x.size() - 3]).isEqualTo(0.06525000184774399);
        assertThat(x.data()[x.size() - 1]).isEqualTo(0.10525000095367432);
        float[][] samples = InputPreparer.samples(x, new Shape(1, 26, 3), 1.0, 0.0, "har_frames_x.npy");
        assertThat(samples).hasNumberOfRows(6900);
        assertThat(samples[0][2]).isEqualTo(0.259f);
        // class counts read with numpy: numpy.bincount(y) == [2700, 2925, 1275]
        assertThat(histogram(Labels.labels(y, 6900, "har_frames_y.npy"), 3)).containsExactly(2700, 2925, 1275);
        assertThatThrownBy(() -> InputPreparer.samples(x, new Shape(1, 26, 4), 1.0, 0.0, "har_frames_x.npy"))
                .isInstanceOf(DataException.class).hasMessageContaining("[26, 3] (78 values)");
    }

    @Test
    void mlcommonsKeywordSpottingCalibration() {
        Path f = shared("datasets/mlcommons_tiny/str_ww_calibration_samples.npz");
        NdArray specs = DataFiles.read(f, "specs");
        NdArray labels = DataFiles.read(f, "labels.npy");
        // read with numpy: specs (45, 30, 1, 40) float64, labels (45,) float64, 15 of each class 2, 0, 1
        assertThat(specs.shape()).containsExactly(45, 30, 1, 40);
        assertThat(specs.dtype()).isEqualTo("f8");
        assertThat(labels.shape()).containsExactly(45);
        assertThat(labels.dtype()).isEqualTo("f8");
        // first non-zero value, read with numpy: flat index 402 = specs[0, 10, 0, 2]
        assertThat(specs.data()[402]).isEqualTo(0.0617375373840332);
        assertThat(specs.data()[401]).isZero();
        int[] y = Labels.labels(labels, 45, "labels");
        assertThat(y[0]).isEqualTo(2);
        assertThat(y[15]).isEqualTo(0);
        assertThat(y[44]).isEqualTo(1);
        assertThat(histogram(y, 3)).containsExactly(15, 15, 15);
        assertThat(InputPreparer.samples(specs, new Shape(30, 1, 40), 1, 0, "specs")).hasNumberOfRows(45);
        assertThatThrownBy(() -> DataFiles.read(f, null)).isInstanceOf(DataException.class)
                .hasMessageContaining("specs").hasMessageContaining("labels");
    }

    @Test
    void shawnFanAnomalyTestSet() {
        NdArray x = DataFiles.read(shared("datasets/shawn_fan/normal_anomaly_test_set.npz"), "x_test");
        assertThat(x.shape()).containsExactly(59, 3);
        // x_test[0] and x_test[-1], read with numpy
        assertThat(x.data()).startsWith(0.006152790000000001, 0.0021720089999999912, 0.00398226359999995);
        assertThat(x.data()).endsWith(0.004342535399999999, 0.0028955177999999944, 0.004705031100000076);
        assertThat(InputPreparer.samples(x, Shape.vector(3), 1, 0, "x_test")).hasNumberOfRows(59);
    }
}
