package io.cmsisnn.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shared models that import (../shared/models/README.md), each with the data it calibrates
 * and tests on: a shared file, a file of a Debian package, or seeded random samples for the
 * models that ship no data.
 */
public final class SharedModels {
    /**
     * @param model shared path of the model
     * @param data  shared path, absolute Debian path, or {@code random:d1,d2,...} (the sample's dims)
     * @param key   array name inside an .npz, or null
     * @param scale model input = raw value × scale
     */
    public record SharedModel(String model, String data, String key, double scale) {
        @Override
        public String toString() {
            return model;
        }

        /** The data file; random data is written into {@code dir} as 40 samples. */
        public Path dataFile(Path dir) throws IOException {
            if (data.startsWith("random:")) {
                return randomNpy(dir, 40, Arrays.stream(data.substring(7).split(",")).mapToInt(Integer::parseInt).toArray());
            }
            if (data.startsWith("/")) {
                Path file = Path.of(data);
                Needs.that(Files.exists(file), "needs Debian's dataset-fashion-mnist: " + file);
                return file;
            }
            return Needs.sharedFile(data);
        }

        public Path modelFile() {
            return Needs.sharedFile(model);
        }
    }

    private static final String FASHION = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    private static final String MNIST = "datasets/mnist-test-idx/t10k-images-idx3-ubyte.gz";
    private static final double PIXEL = 1.0 / 255;

    /** Every shared image, audio and signal model but the HAR CNN (which most tests treat on its own). */
    public static final List<SharedModel> CNNS = List.of(
            new SharedModel("models/keras/thiru_fashion_cnn_k3legacy.h5", FASHION, null, PIXEL),
            new SharedModel("models/keras/umer_fashion_cnn.keras", FASHION, null, PIXEL),
            new SharedModel("models/keras/tiny_str_ww.h5", "datasets/mlcommons_tiny/str_ww_calibration_samples.npz", "specs", 1.0),
            new SharedModel("models/keras/shawn_fan_autoencoder.h5", "datasets/shawn_fan/normal_anomaly_test_set.npz", "x_test", 1.0),
            new SharedModel("models/keras/tiny_ic_resnet8.h5", "random:32,32,3", null, 1.0),
            new SharedModel("models/keras/tiny_ad01_autoencoder.h5", "random:640", null, 1.0),
            new SharedModel("models/onnx/andrey_mnist_lenet5_pt20.onnx", MNIST, null, PIXEL),
            new SharedModel("models/onnx/ccoltong_mnist_lenet_bn_pt13_b10.onnx", MNIST, null, PIXEL));

    /** The HAR CNN first, then {@link #CNNS}. */
    public static final List<SharedModel> ALL = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(new SharedModel("models/keras/st_har_cnn1d.h5", "datasets/st_har/har_frames_x.npy", null, 1.0)),
            CNNS.stream()).toList();

    private SharedModels() {
    }

    /** {@link #CNNS} for {@code @MethodSource}. */
    public static List<SharedModel> cnns() {
        return CNNS;
    }

    /** {@code count} seeded uniform [-1, 1) float32 samples of {@code dims} as a .npy in {@code dir}. */
    public static Path randomNpy(Path dir, int count, int... dims) throws IOException {
        int[] shape = new int[dims.length + 1];
        shape[0] = count;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        int per = 1;
        for (int d : dims) {
            per *= d;
        }
        float[] v = new float[count * per];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Files.write(dir.resolve("random-" + count + "x" + per + ".npy"), NpyBytes.float32(shape, v));
    }
}
