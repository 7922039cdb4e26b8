package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.calibration.CalibrationException;
import io.cmsisnn.testing.Needs;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What calibration says about data that would wreck the ranges: the files, the sample, the layer. */
class CalibrationInputSanityTest {
    @TempDir
    Path tmp;

    private static Path shared(String relative) {
        Path file = Path.of(System.getProperty("cmsis.shared.dir", "../../shared")).resolve(relative);
        Needs.that(Files.exists(file), "needs ../shared: " + file);
        return file;
    }

    /** A float32 .npy of shape [n, 26, 3] whose sample s, value i is {@code value(s, i)}. */
    private Path har(String name, int n, java.util.function.BiFunction<Integer, Integer, Float> value) throws Exception {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ", 26, 3), }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), 0});
        out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(n * 78 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 78; i++) {
                b.putFloat(value.apply(s, i));
            }
        }
        out.writeBytes(b.array());
        return Files.write(tmp.resolve(name), out.toByteArray());
    }

    private static ConversionSettings s8(Path model, Path data) {
        return new ConversionSettings(model, "s8", null, data, null, 1.0, 0.0,
                new ConversionSettings.Quantization("minmax", 99.99, 0, false));
    }

    @Test
    void oneOutlyingSampleIsNamedInAWarning() throws Exception {
        // accelerometer-like values in [-1, 1], and one sample holding 3e38
        Path data = har("with-outlier.npy", 200, (s, i) -> s == 123 && i == 7 ? 3e38f : ((s * 7 + i) % 21 - 10) / 10f);
        List<String> warnings = new ArrayList<>();
        BuildLog log = new BuildLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        };
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
