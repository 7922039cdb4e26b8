package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.cache.BuildCache;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.Needs;
import io.cmsisnn.toolchain.ToolchainException;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibrate once and up to date: a second build with nothing changed does no work and writes
 * nothing; one changed byte of the model or of a data file, one changed parameter, or a deleted
 * output makes the next build redo exactly what depends on it. ST's HAR Conv1D model and frames
 * (README of ../shared/models: float top-1 0.9891 on all 6,900), s8, on a slice of the data.
 */
class UpToDateTest {
    @TempDir
    Path tmp;

    private Path model;
    private Path x;
    private Path y;
    private final List<String> lines = new ArrayList<>();
    private final BuildLog log = new BuildLog() {
        @Override
        public void info(String message) {
            lines.add(message);
        }

        @Override
        public void warn(String message) {
            lines.add(message);
        }
    };

    private static Path shared(String relative) {
        return Needs.sharedFile(relative);
    }

    @BeforeEach
    void copyInputs() throws IOException {
        // copies, so that the test may change them
        model = Files.copy(shared("models/keras/st_har_cnn1d.h5"), tmp.resolve("har.h5"));
        x = Files.copy(shared("datasets/st_har/har_frames_x.npy"), tmp.resolve("x.npy"));
        y = Files.copy(shared("datasets/st_har/har_frames_y.npy"), tmp.resolve("y.npy"));
    }

    private ConversionSettings settings(String rangeMethod) {
        return ConversionSettings.builder(model).scheme(Scheme.S8).networkName("har").calibrationData(x)
                .rangeMethod(RangeMethod.parse(rangeMethod)).calibrationSamples(200).build();
    }

    private VerificationSettings verification(double maxDrop) {
        return VerificationSettings.builder().testData(x).testLabels(y).testSamples(400).randomSamples(10)
                .maxAccuracyDrop(maxDrop).workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report"))
                .generatedDirectory(tmp.resolve("gen")).build();
    }

    private BuildCache cache() {
        return new BuildCache(tmp.resolve("cache"));
    }

    private boolean generate(ConversionSettings s) {
        lines.clear();
        return new Generator(log, cache()).generateIfStale(s, tmp.resolve("gen"));
    }

    private VerificationReport verify(ConversionSettings s, VerificationSettings v) {
        lines.clear();
        return new Verifier(log, cache()).verify(s, v);
    }

    private boolean logged(String part) {
        return lines.stream().anyMatch(l -> l.contains(part));
    }

    @Test
    void aSecondBuildWithNothingChangedWritesNothingAndReusesTheResult() throws IOException {
        assertThat(generate(settings("minmax"))).isTrue();
        assertThat(logged("calibrating on")).isTrue();
        VerificationReport first = verify(settings("minmax"), verification(1.0));
        // verify quantizes from the statistics generate stored: the calibration set is read once
        assertThat(logged("calibrating on")).isFalse();
        assertThat(logged("calibration statistics of 200 samples")).isTrue();
        assertThat(first.passed()).isTrue();
        assertThat(first.compiled().mismatchedSamples()).isZero();
        // the HAR frames' own labels: at most 1 point below the float model on these 400 frames
        assertThat(first.accuracyDrop()).isLessThanOrEqualTo(1.0);

        Path header = tmp.resolve("gen/har.h");
        FileTime generated = Files.getLastModifiedTime(header);
        FileTime reported = Files.getLastModifiedTime(tmp.resolve("report/report.json"));
        assertThat(generate(settings("minmax"))).isFalse();
        assertThat(logged("up to date")).isTrue();
        VerificationReport again = verify(settings("minmax"), verification(1.0));
        assertThat(logged("verify is up to date")).isTrue();
        assertThat(logged("s8 emulation")).isFalse();
        assertThat(again).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(header)).isEqualTo(generated);
        assertThat(Files.getLastModifiedTime(tmp.resolve("report/report.json"))).isEqualTo(reported);

        // a new modification time with the same bytes is not a change: the content hash decides
        Files.setLastModifiedTime(x, FileTime.fromMillis(Files.getLastModifiedTime(x).toMillis() + 5_000));
        assertThat(generate(settings("minmax"))).isFalse();
    }

    @Test
    void oneChangedByteOfTheModelRedoesEverything() throws IOException {
        assertThat(generate(settings("minmax"))).isTrue();
        verify(settings("minmax"), verification(1.0));
        flipLowestBitOfAWeight(model);
        assertThat(generate(settings("minmax"))).isTrue();
        assertThat(logged("changed: model")).isTrue();
        assertThat(logged("calibrating on")).isTrue(); // the statistics belong to the old weights
        verify(settings("minmax"), verification(1.0));
        assertThat(logged("verifying (changed: generate.model)")).isTrue();
        assertThat(logged("s8 emulation")).isTrue();
    }

    @Test
    void oneChangedByteOfTheCalibrationDataRecalibrates() throws IOException {
        assertThat(generate(settings("minmax"))).isTrue();
        changeOneByte(x, Files.size(x) - 3); // inside the last float of the last frame
        assertThat(generate(settings("minmax"))).isTrue();
        assertThat(logged("changed: calibrationData")).isTrue();
        assertThat(logged("calibrating on")).isTrue();
    }

    @Test
    void oneChangedByteOfTheLabelsReverifiesButDoesNotRegenerate() throws IOException {
        assertThat(generate(settings("minmax"))).isTrue();
        verify(settings("minmax"), verification(1.0));
        // the first label (int64 little-endian after the header) becomes another class of the three
        long at = Files.size(y) - 6900L * 8;
        byte[] bytes = Files.readAllBytes(y);
        bytes[(int) at] = (byte) ((bytes[(int) at] + 1) % 3);
        write(y, bytes);
        assertThat(generate(settings("minmax"))).isFalse();
        verify(settings("minmax"), verification(1.0));
        assertThat(logged("verifying (changed: testLabels)")).isTrue();
        assertThat(logged("calibrating on")).isFalse();
    }

    @Test
    void oneChangedParameterRedoesWhatDependsOnIt() {
        assertThat(generate(settings("minmax"))).isTrue();
        verify(settings("minmax"), verification(1.0));
        // the range method reads the same statistics: regenerate, but do not calibrate again
        assertThat(generate(settings("search"))).isTrue();
        assertThat(logged("changed: rangeMethod")).isTrue();
        assertThat(logged("calibrating on")).isFalse();
        assertThat(logged("calibration statistics of 200 samples")).isTrue();
        verify(settings("search"), verification(1.0));
        assertThat(logged("verifying (changed: generate.rangeMethod)")).isTrue();
        // the accuracy gate is verify's alone
        assertThat(generate(settings("search"))).isFalse();
        verify(settings("search"), verification(2.0));
        assertThat(logged("verifying (changed: maxAccuracyDrop)")).isTrue();
    }

    @Test
    void aDeletedOrEditedOutputIsWrittenAgain() throws IOException {
        assertThat(generate(settings("minmax"))).isTrue();
        String weights = Files.readString(tmp.resolve("gen/har_weights.h"));
        Files.delete(tmp.resolve("gen/har_weights.h"));
        assertThat(generate(settings("minmax"))).isTrue();
        assertThat(logged("har_weights.h is missing or was changed")).isTrue();
        assertThat(Files.readString(tmp.resolve("gen/har_weights.h"))).isEqualTo(weights);
        Files.writeString(tmp.resolve("gen/har.c"), "/* edited */", java.nio.file.StandardOpenOption.APPEND);
        assertThat(generate(settings("minmax"))).isTrue();
        assertThat(Files.readString(tmp.resolve("gen/har.c"))).doesNotContain("/* edited */");
    }

    @Test
    void aDamagedCacheIsOnlyASlowerBuild() throws IOException {
        assertThat(generate(settings("minmax"))).isTrue();
        try (var files = Files.list(tmp.resolve("cache"))) {
            for (Path f : files.toList()) {
                Files.writeString(f, "garbage");
            }
        }
        assertThat(generate(settings("minmax"))).isTrue();
        VerificationReport r = verify(settings("minmax"), verification(1.0));
        assertThat(r.passed()).isTrue();
    }

    @Test
    void aMissingCompilerIsReportedBeforeCalibration() {
        VerificationSettings v = VerificationSettings.builder().testData(x).testLabels(y).testSamples(400).randomSamples(10)
                .toolchain("no-such-gcc-9z").workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build();
        lines.clear();
        assertThatThrownBy(() -> new Verifier(log, cache()).verify(settings("minmax"), v))
                .isInstanceOf(ToolchainException.class).hasMessageContaining("gcc not found").hasMessageContaining("no-such-gcc-9z");
        assertThat(logged("calibrating on")).isFalse();
    }

    @Test
    void tooFewLabelsAreReportedBeforeCalibration() throws IOException {
        // a well-formed .npy file of 100 int64 labels for the 6,900 frames
        Path shortLabels = tmp.resolve("short.npy");
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (100,), }";
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 800).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.write(shortLabels, b.array());
        VerificationSettings v = VerificationSettings.builder().testData(x).testLabels(shortLabels).randomSamples(10)
                .workDirectory(tmp.resolve("work")).reportDirectory(tmp.resolve("report")).build();
        lines.clear();
        assertThatThrownBy(() -> new Verifier(log, cache()).verify(settings("minmax"), v))
                .isInstanceOf(io.cmsisnn.CmsisException.class).hasMessageContaining("short.npy");
        assertThat(logged("calibrating on")).isFalse();
    }

    private static void changeOneByte(Path file, long at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) at] ^= 1;
        write(file, bytes);
    }

    /** Writes the bytes and moves the modification time on, as an editor saving the file would. */
    private static void write(Path file, byte[] bytes) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2_000));
    }

    /**
     * Flips the lowest mantissa bit of the first value of the first float dataset in the file,
     * found by its bytes: the model stays a valid file with one weight changed by one ulp.
     */
    private static void flipLowestBitOfAWeight(Path h5) throws IOException {
        float[] values;
        try (HdfFile f = new HdfFile(h5)) {
            values = firstFloats(f);
        }
        assertThat(values).as("a float dataset of 4 or more values in " + h5).isNotNull();
        ByteBuffer pattern = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            pattern.putFloat(values[i]);
        }
        byte[] bytes = Files.readAllBytes(h5);
        int at = indexOf(bytes, pattern.array());
        assertThat(at).isNotNegative();
        bytes[at] ^= 1;
        write(h5, bytes);
    }

    private static float[] firstFloats(Group g) {
        for (Node n : g.getChildren().values()) {
            if (n instanceof Dataset d && d.getJavaType() == float.class && d.getSize() >= 4) {
                float[] flat = flatten(d.getData());
                if (flat.length >= 4 && (flat[0] != 0 || flat[1] != 0)) {
                    return flat;
                }
            } else if (n instanceof Group child) {
                float[] v = firstFloats(child);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    private static float[] flatten(Object data) {
        List<Float> out = new ArrayList<>();
        flattenInto(data, out);
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = out.get(i);
        }
        return f;
    }

    private static void flattenInto(Object data, List<Float> out) {
        if (data instanceof float[] a) {
            for (float v : a) {
                out.add(v);
            }
        } else if (data instanceof Object[] arr) {
            for (Object o : arr) {
                flattenInto(o, out);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
