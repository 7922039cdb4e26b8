package io.cmsisnn.toolchain;

import io.cmsisnn.codegen.GeneratedNetwork;
import io.cmsisnn.data.DataFiles;
import io.cmsisnn.data.InputPreparer;
import io.cmsisnn.data.NdArray;
import io.cmsisnn.pipeline.BuildLog;
import io.cmsisnn.pipeline.ConversionSettings;
import io.cmsisnn.pipeline.Generator;
import io.cmsisnn.pipeline.Scheme;
import io.cmsisnn.testing.Needs;
import java.nio.file.Files;
import java.nio.file.Path;

/** ST's HAR model (../shared/models/keras/st_har_cnn1d.h5) generated as C, and test frames from its data set. */
final class HarNetworks {
    /**
     * MACs per inference, from the model's Keras config (input 26×3): Conv1D 16 filters k3 valid
     * (24 positions × 16 × 3 × 3), Conv1D 8 filters k3 (22 × 8 × 3 × 16), Dense 176→64, Dense 64→3.
     */
    static final long MACS = 24 * 16 * 3 * 3 + 22 * 8 * 3 * 16 + 176 * 64 + 64 * 3;
    /** Weights and biases: 16·9+16, 8·48+8, 176·64+64, 64·3+3. */
    static final long PARAMETERS = 16 * 9 + 16 + 8 * 48 + 8 + 176 * 64 + 64 + 64 * 3 + 3;
    static final int CLASSES = 3;

    private HarNetworks() {
    }

    static Path shared(String relative) {
        Path root = Path.of(System.getProperty("cmsis.shared.dir", "../../shared"));
        Path file = root.resolve(relative);
        Needs.that(Files.exists(file), "needs ../shared: " + file);
        return file;
    }

    static Path frames() {
        return shared("datasets/st_har/har_frames_x.npy");
    }

    /**
     * @param scheme     f32 or q7 (calibrated with min/max on 300 frames)
     * @param armMathDsp the kernel path the target takes, see {@link CortexMTarget#legacyDspPath()}
     */
    static GeneratedNetwork generate(String scheme, boolean armMathDsp) {
        ConversionSettings settings = ConversionSettings.builder(shared("models/keras/st_har_cnn1d.h5"))
                .scheme(Scheme.parse(scheme)).networkName("har").calibrationData(frames()).calibrationSamples(300)
                .armMathDsp(armMathDsp).build();
        return new Generator(BuildLog.SILENT).convert(settings).network();
    }

    /** {@code count} frames spread over the file, which is sorted by class. */
    static float[][] inputs(GeneratedNetwork network, int count) {
        NdArray data = DataFiles.read(frames(), null);
        float[][] all = InputPreparer.samples(data, network.inputShape(), 1.0, 0.0, frames().toString());
        float[][] picked = new float[count][];
        for (int i = 0; i < count; i++) {
            picked[i] = all[(int) ((long) i * all.length / count)];
        }
        return picked;
    }

    /** The labels of the frames {@link #inputs} picks. */
    static int[] labels(int count) {
        NdArray labels = DataFiles.read(shared("datasets/st_har/har_frames_y.npy"), null);
        int total = labels.shape()[0];
        int[] picked = new int[count];
        for (int i = 0; i < count; i++) {
            picked[i] = (int) labels.get((int) ((long) i * total / count));
        }
        return picked;
    }
}
