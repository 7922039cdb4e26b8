package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.calibration.CalibrationException;
import io.cmsisnn.testing.Needs;
import io.cmsisnn.testing.NpyBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What calibration says about data that would wreck the ranges: the files, the sample, the layer. */
class CalibrationInputSanityTest {
    @TempDir
    Path tmp;

    private static Path shared(String relative) {
        return Needs.sharedFile(relative);
    }

    /** A float32 .npy of shape [n, 26, 3] whose sample s, value i is {@code value(s, i)}. */
    private Path har(String name, int n, java.util.function.BiFunction<Integer, Integer, Float> value) throws Exception {
        float[] v = new float[n * 78];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 78; i++) {
                v[s * 78 + i] = value.apply(s, i);
            }
        }
        return Files.write(tmp.resolve(name), NpyBytes.float32(new int[] {n, 26, 3}, v));
    }

    private static ConversionSettings s8(Path model, Path data) {
        return ConversionSettings.builder(model).scheme(Scheme.S8).calibrationData(data).build();
    }

    @Test
    void oneOutlyingSampleIsNamedInAWarning() throws Exception {
        // accelerometer-like values in [-1, 1], and one sample holding 3e38
        Path data = har("with-outlier.npy", 200, (s, i) -> s == 123 && i == 7 ? 3e38f : ((s * 7 + i) % 21 - 10) / 10f);
        WarningLog log = new WarningLog();
        List<String> warnings = log.warnings();
        Path model = shared("models/keras/st_har_cnn1d.h5");
        try {
            new Generator(log).generate(s8(model, data), tmp.resolve("out"));
        } catch (CalibrationException e) {
            // 3e38 times a weight may overflow a layer; that is the next test's subject
        }
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(data.toString())
                .contains("sample 123 (counting from 0) holds 3.0E38 at position 7"));
    }

    @Test
    void aLayerDrivenToInfinityNamesTheModelTheDataAndTheLayer() throws Exception {
        // finite inputs, but 3e38 in every value overflows the first convolution's float sums
        Path data = har("huge.npy", 20, (s, i) -> 3e38f);
        Path model = shared("models/keras/st_har_cnn1d.h5");
        assertThatThrownBy(() -> new Generator(BuildLog.SILENT).generate(s8(model, data), tmp.resolve("out")))
                .isInstanceOf(CalibrationException.class).hasMessageContaining(model.toString())
                .hasMessageContaining(data.toString()).hasMessageContaining("layer '");
        assertThat(tmp.resolve("out")).doesNotExist();
    }
}
