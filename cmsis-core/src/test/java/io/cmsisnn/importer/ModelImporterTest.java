package io.cmsisnn.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** File-level errors: every one is a ModelImportException naming the file and what to do. */
class ModelImporterTest {

    private final ModelImporter importer = new ModelImporter();

    @TempDir
    Path tmp;

    @Test
    void missingFile() {
        Path missing = tmp.resolve("nowhere/kws.h5");
        assertThatThrownBy(() -> importer.load(missing))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found");
    }

    @Test
    void directoryIsNotAModel() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("model.h5"));
        assertThatThrownBy(() -> importer.load(dir))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void unsupportedExtensionListsTheSupportedOnes() throws IOException {
        Path tflite = Files.write(tmp.resolve("kws.tflite"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> importer.load(tflite))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("kws.tflite")
                .hasMessageContaining(".h5")
                .hasMessageContaining(".keras")
                .hasMessageContaining(".onnx");
    }

    @Test
    void onnxWithoutAGraphIsNotReadable() throws IOException {
        // field 1 (ir_version) = 1 and nothing else: a valid protobuf, but no graph
        Path onnx = Files.write(tmp.resolve("lenet.onnx"), new byte[] {8, 1});
        assertThatThrownBy(() -> importer.load(onnx))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("lenet.onnx")
                .hasMessageContaining("not a readable ONNX model");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.02})
    void truncatedH5IsNotReadable(double fraction) throws IOException {
        byte[] whole = Files.readAllBytes(SharedModels.keras("thiru_fashion_cnn_k3legacy.h5"));
        Path cut = Files.write(tmp.resolve("thiru_cut.h5"), Arrays.copyOf(whole, (int) (whole.length * fraction)));
        assertThatThrownBy(() -> importer.load(cut))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("not a readable Keras HDF5 file");
    }

    @Test
    void textFileNamedH5IsNotReadable() throws IOException {
        Path fake = Files.writeString(tmp.resolve("fake.hdf5"), "this is not HDF5", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> importer.load(fake))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining("fake.hdf5")
                .hasMessageContaining("not a readable Keras HDF5 file");
    }

    @Test
    void truncatedKerasArchiveIsNotReadable() throws IOException {
        byte[] whole = Files.readAllBytes(SharedModels.keras("umer_fashion_cnn.keras"));
        Path cut = Files.write(tmp.resolve("umer_cut.keras"), Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> importer.load(cut))
                .isInstanceOf(ModelImportException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("not a readable Keras .keras archive");
    }

    @Test
    void graphIsNamedAfterTheFile() {
        assertThat(ModelImporter.graphName("kws.v2.h5")).isEqualTo("kws.v2");
        assertThat(ModelImporter.graphName("model")).isEqualTo("model");
    }
}
