package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.importer.ModelImportException;
import io.cmsisnn.importer.ModelImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.cmsisnn.importer.keras.KerasFixtureWriter.filled;
import static io.cmsisnn.importer.keras.KerasFixtureWriter.indexed2;
import static io.cmsisnn.importer.keras.KerasFixtureWriter.indexed4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * .keras archives address weights by class and order (layers/conv2d, layers/conv2d_1, layers/dense,
 * ...), not by layer name: these fixtures give the layers names unlike their classes to prove it.
 */
class KerasArchiveFixtureTest {

    @TempDir
    Path tmp;

    private static final String CONFIG = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4, 4, 1], "name": "pixels"}},
              {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "features", "filters": 2, "kernel_size": [3, 3],
                "strides": [1, 1], "padding": "valid", "activation": "relu", "use_bias": true}},
              {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "more_features", "filters": 2, "kernel_size": [1, 1],
                "activation": "linear", "use_bias": false}},
              {"module": "keras.layers", "class_name": "Flatten", "config": {"name": "flat"}},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "head", "units": 3, "activation": "relu"}},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "classifier", "units": 2, "activation": "softmax"}}]}}""";

    @Test
    void weightsFollowClassAndOrderNotLayerNames() throws IOException {
        KerasFixtureWriter f = new KerasFixtureWriter(CONFIG)
                .archiveVars("conv2d", indexed4(3, 3, 1, 2), new float[] {0.5f, -0.5f})
                .archiveVars("conv2d_1", indexed4(1, 1, 2, 2))
                .archiveVars("flatten")
                .archiveVars("dense", indexed2(8, 3), filled(3, 1f))
                .archiveVars("dense_1", indexed2(3, 2), filled(2, 7f));

        Graph g = new ModelImporter().load(f.writeArchive(tmp.resolve("renamed.keras")));

        assertThat(g.name()).isEqualTo("renamed");
        assertThat(g.inputName()).isEqualTo("pixels");
        assertThat(g.inputShape()).isEqualTo(new Shape(4, 4, 1));
        Op.Conv2D features = (Op.Conv2D) g.node("features").op();
        assertThat(features.bias()).containsExactly(0.5f, -0.5f);
        assertThat(features.weights()[9 + (2 * 3 + 1)]).isEqualTo(2101); // [o=1][y=2][x=1][i=0] = Keras [2][1][0][1]
        Op.Conv2D more = (Op.Conv2D) g.node("more_features").op();
        assertThat(more.bias()).containsExactly(0, 0);
        assertThat(more.weights()).containsExactly(0, 10, 1, 11);
        Op.Dense head = (Op.Dense) g.node("head").op();
        assertThat(head.inFeatures()).isEqualTo(8);
        assertThat(head.weights()).startsWith(0, 10, 20, 30, 40, 50, 60, 70, 1);
        assertThat(head.bias()).containsExactly(1, 1, 1);
        assertThat(((Op.Dense) g.node("classifier/linear").op()).bias()).containsExactly(7, 7);
        assertThat(g.node("classifier").op()).isInstanceOf(Op.Softmax.class);
        assertThat(g.outputShape()).isEqualTo(Shape.vector(2));
    }

    @Test
    void varsNameAttributeWinsOverTheClassBasedPath() throws IOException {
        // Keras 3.8+ records the layer name on each vars group; here the two Dense groups are swapped
        KerasFixtureWriter f = new KerasFixtureWriter(CONFIG)
                .archiveVars("conv2d", indexed4(3, 3, 1, 2), new float[2])
                .archiveVars("conv2d_1", indexed4(1, 1, 2, 2))
                .archiveVars("dense", indexed2(3, 2), filled(2, 7f)).archiveVarsName("dense", "classifier")
                .archiveVars("dense_1", indexed2(8, 3), filled(3, 1f)).archiveVarsName("dense_1", "head");

        Graph g = new ModelImporter().load(f.writeArchive(tmp.resolve("named.keras")));

        assertThat(((Op.Dense) g.node("head").op()).bias()).containsExactly(1, 1, 1);
        assertThat(((Op.Dense) g.node("classifier/linear").op()).bias()).containsExactly(7, 7);
    }

    @Test
    void corruptedArchiveFailsItsChecksum() throws IOException {
        byte[] bytes = java.nio.file.Files.readAllBytes(io.cmsisnn.importer.SharedModels.keras("umer_fashion_cnn.keras"));
        bytes[bytes.length / 2] ^= 0x5A;
        Path file = java.nio.file.Files.write(tmp.resolve("flipped.keras"), bytes);
        assertThatThrownBy(() -> new ModelImporter().load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("flipped.keras: not a readable Keras .keras archive")
                .hasMessageContaining("checksum");
    }

    @Test
    void archiveWhoseVarsDoNotMatchItsConfig() throws IOException {
        KerasFixtureWriter f = new KerasFixtureWriter(CONFIG)
                .archiveVars("conv2d", indexed4(3, 3, 1, 2)) // bias missing although use_bias is true
                .archiveVars("conv2d_1", indexed4(1, 1, 2, 2))
                .archiveVars("dense", indexed2(8, 3), filled(3, 1f))
                .archiveVars("dense_1", indexed2(3, 2), filled(2, 7f));
        Path file = f.writeArchive(tmp.resolve("mismatch.keras"));

        assertThatThrownBy(() -> new ModelImporter().load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("mismatch.keras: layer 'features' (Conv2D) has 1 weight arrays under '/layers/conv2d/vars/'")
                .hasMessageContaining("[kernel, bias]");
    }

    @Test
    void archiveWithoutConfig() throws IOException {
        Path file = tmp.resolve("empty.keras");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("metadata.json"));
            zip.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> new ModelImporter().load(file))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("empty.keras: the archive has no config.json");
    }

    @Test
    void snakeCaseFollowsKerasNaming() {
        assertThat(ArchiveWeightSource.snakeCase("Conv2D")).isEqualTo("conv2d");
        assertThat(ArchiveWeightSource.snakeCase("Conv1D")).isEqualTo("conv1d");
        assertThat(ArchiveWeightSource.snakeCase("DepthwiseConv2D")).isEqualTo("depthwise_conv2d");
        assertThat(ArchiveWeightSource.snakeCase("SeparableConv2D")).isEqualTo("separable_conv2d");
        assertThat(ArchiveWeightSource.snakeCase("BatchNormalization")).isEqualTo("batch_normalization");
        assertThat(ArchiveWeightSource.snakeCase("MaxPooling2D")).isEqualTo("max_pooling2d");
        assertThat(ArchiveWeightSource.snakeCase("GlobalAveragePooling1D")).isEqualTo("global_average_pooling1d");
        assertThat(ArchiveWeightSource.snakeCase("UpSampling2D")).isEqualTo("up_sampling2d");
        assertThat(ArchiveWeightSource.snakeCase("ReLU")).isEqualTo("re_lu");
        assertThat(ArchiveWeightSource.snakeCase("LeakyReLU")).isEqualTo("leaky_re_lu");
        assertThat(ArchiveWeightSource.snakeCase("Dense")).isEqualTo("dense");
    }
}
