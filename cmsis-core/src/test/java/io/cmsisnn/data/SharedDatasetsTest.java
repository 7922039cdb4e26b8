package io.cmsisnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cmsisnn.graph.Shape;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Real data sets. Counts and shapes are published facts or were read with numpy
 * (Debian's /usr/bin/python3, numpy.load) independently of this code.
 */
class SharedDatasetsTest {
    private static Path shared(String relative) {
        String dir = System.getProperty("cmsis.shared.dir", "../../shared");
        Path p = Path.of(dir).resolve(relative);
        Needs.that(Files.isRegularFile(p), "test data not present: " + p);
        return p;
    }

    private static Path system(String path) {
        Path p = Path.of(path);
        Needs.that(Files.isRegularFile(p), "test data not present: " + p);
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
        assertThat(labels.shape()).containsExactly(10_000);
        int[] y = Labels.labels(labels, 10_000, "t10k-labels", "t10k-images");
        assertThat(y).containsOnly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(histogram(y, 10)).containsOnly(1000);
        // first five labels, read with numpy from the IDX file: 9 2 1 1 6
        assertThat(y).startsWith(9, 2, 1, 1, 6);
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
        assertThat(labels.shape()).containsExactly(10_000);
        int[] y = Labels.labels(labels, 10_000, "labels");
        assertThat(y[0]).isEqualTo(7); // the well-known first MNIST test digit
        // class counts, read with numpy: numpy.bincount(labels)
        assertThat(histogram(y, 10)).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
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
        assertThat(x.data()[x.size() - 2]).isEqualTo(0.07450000196695328);
        assertThat(x.data()[x.size() - 1]).isEqualTo(0.10525000095367432);
        assertThat(y.shape()).containsExactly(6900);
        float[][] samples = InputPreparer.samples(x, new Shape(1, 26, 3), 1.0, 0.0, "har_frames_x.npy");
        assertThat(samples).hasNumberOfRows(6900);
        assertThat(samples[0][2]).isEqualTo(0.259f);
        // class counts read with numpy: numpy.bincount(y) == [2700, 2925, 1275]
        int[] labels = Labels.labels(y, 6900, "har_frames_y.npy", "har_frames_x.npy");
        assertThat(labels).containsOnly(0, 1, 2);
        assertThat(histogram(labels, 3)).containsExactly(2700, 2925, 1275);
        assertThat(InputPreparer.firstNonFinite(samples)).isEqualTo(-1);
        assertThat(InputPreparer.samples(x, new Shape(1, 26, 3), 1.0, 0.0, "har_frames_x.npy", 100))
                .hasNumberOfRows(100);
        assertThatThrownBy(() -> InputPreparer.samples(x, new Shape(1, 26, 4), 1.0, 0.0, "har_frames_x.npy"))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("har_frames_x.npy: samples have shape [26, 3] (78 values) but the model "
                        + "input is 1x26x4 (104 values)");
        assertThatThrownBy(() -> Labels.labels(y, 6899, "har_frames_y.npy", "har_x_cut.npy"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("har_frames_y.npy holds 6900 labels")
                .hasMessageContaining("har_x_cut.npy holds 6899");
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
        // read with numpy: specs[0, 0, 0, 0] and [0, 0, 0, 1] are 0.0; the first non-zero value is at
        // flat index 402 = specs[0, 10, 0, 2]; specs[-1, -1, 0, -1] is 0.7575094699859619
        assertThat(specs.data()[0]).isZero();
        assertThat(specs.data()[1]).isZero();
        assertThat(specs.data()[401]).isZero();
        assertThat(specs.data()[402]).isEqualTo(0.0617375373840332);
        assertThat(specs.data()[specs.size() - 1]).isEqualTo(0.7575094699859619);
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
        Path f = shared("datasets/shawn_fan/normal_anomaly_test_set.npz");
        NdArray x = DataFiles.read(f, "x_test");
        assertThat(DataFiles.read(f, null)).isEqualTo(x); // its only array
        assertThatThrownBy(() -> DataFiles.read(f, "y_test")).isInstanceOf(DataException.class)
                .hasMessageContaining("'y_test'").hasMessageContaining("x_test");
        assertThat(x.shape()).containsExactly(59, 3);
        // x_test[0] and x_test[-1], read with numpy
        assertThat(x.data()).startsWith(0.006152790000000001, 0.0021720089999999912, 0.00398226359999995);
        assertThat(x.data()).endsWith(0.004342535399999999, 0.0028955177999999944, 0.004705031100000076);
        assertThat(InputPreparer.samples(x, Shape.vector(3), 1, 0, "x_test")).hasNumberOfRows(59);
    }
}
