package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmsisnn.cache.BuildCache;
import io.cmsisnn.cache.CacheKey;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.data.DataLayout;
import io.cmsisnn.quant.LayerPrecision;
import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.quant.WeightQuantization;
import io.cmsisnn.toolchain.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each choice reaches the cache keys under its own name and its user-facing spelling. */
class KeysTest {
    @TempDir
    Path tmp;
    private BuildCache cache;
    private ConversionSettings base;

    @BeforeEach
    void files() throws Exception {
        cache = new BuildCache(tmp.resolve("cache"));
        Path model = Files.writeString(tmp.resolve("net.h5"), "model");
        Path calibration = Files.writeString(tmp.resolve("calib.npy"), "data");
        base = ConversionSettings.builder(model).scheme(Scheme.S8).calibrationData(calibration).build();
    }

    private CacheKey generation(ConversionSettings s) {
        return Keys.generation(s, tmp.resolve("out"), cache, "plugin");
    }

    /** The names of the generation key's entries that differ after the change. */
    private String changed(UnaryOperator<ConversionSettings.Builder> change) {
        return generation(change.apply(base.toBuilder()).build()).changes(generation(base));
    }

    @Test
    void eachConversionChoiceChangesItsOwnEntry() {
        assertThat(changed(b -> b.scheme(Scheme.S16))).isEqualTo("scheme");
        assertThat(changed(b -> b.dataLayout(DataLayout.NHWC))).isEqualTo("dataLayout");
        assertThat(changed(b -> b.rangeMethod(RangeMethod.SEARCH))).isEqualTo("rangeMethod");
        assertThat(changed(b -> b.rangeMethod(RangeMethod.ENTROPY))).isEqualTo("rangeMethod");
        assertThat(changed(b -> b.roundingMode(RoundingMode.SINGLE))).isEqualTo("roundingMode");
        assertThat(changed(b -> b.weightQuantization(WeightQuantization.PER_TENSOR))).isEqualTo("weightQuantization");
        assertThat(changed(b -> b.percentile(99.0))).isEqualTo("percentile");
        assertThat(changed(b -> b.armMathDsp(true))).isEqualTo("armMathDsp");
        assertThat(changed(b -> b.layerPrecision(Map.of("conv2d_2", LayerPrecision.S16)))).isEqualTo("layerPrecision");
        assertThat(changed(b -> b.biasCorrection(false))).isEqualTo("biasCorrection");
        assertThat(changed(b -> b.equalization(false))).isEqualTo("equalization");
        assertThat(changed(b -> b.auto(new AutoScheme(AutoScheme.Family.AUTO, 0.5, null, null, 100))))
                .isEqualTo("scheme, autoMaxAccuracyDrop, autoValidationSamples");
    }

    /** Calibration runs on the equalized graph, so its statistics depend on equalization; on nothing of bias correction. */
    @Test
    void calibrationStatisticsAreKeyedByEqualization() {
        CacheKey on = Keys.calibration(base, cache, "plugin");
        assertThat(Keys.calibration(base.toBuilder().equalization(false).build(), cache, "plugin").changes(on)).isEqualTo("equalization");
        assertThat(Keys.calibration(base.toBuilder().biasCorrection(false).build(), cache, "plugin").changes(on)).isEmpty();
    }

    @Test
    void layerPrecisionIsKeyedByNameAndSpellingInNameOrder() {
        ConversionSettings s = base.toBuilder().layerPrecision(Map.of("b", LayerPrecision.S16, "a", LayerPrecision.S8)).build();
        assertThat(generation(s).entries()).containsEntry("layerPrecision", "a=s8,b=s16");
        assertThat(generation(base).entries()).containsEntry("layerPrecision", "-");
    }

    @Test
    void theAccuracySearchSettingsCountOnlyForTheAccuracySearch() {
        // minmax does not read them: changing them must not make a generation stale
        assertThat(changed(b -> b.accuracySamples(50).accuracyTrials(7))).isEmpty();
        ConversionSettings q7 = base.toBuilder().scheme(Scheme.Q7).rangeMethod(RangeMethod.ACCURACY).build();
        assertThat(generation(q7).entries()).containsEntry("rangeMethod", "accuracy").containsEntry("accuracySamples", "500")
                .containsEntry("accuracyTrials", "120");
        assertThat(generation(q7.toBuilder().accuracySamples(50).build()).changes(generation(q7))).isEqualTo("accuracySamples");
        assertThat(generation(q7.toBuilder().accuracyTrials(7).build()).changes(generation(q7))).isEqualTo("accuracyTrials");
    }

    @Test
    void choicesAreKeyedByTheirParameterSpelling() {
        ConversionSettings s = base.toBuilder().scheme(Scheme.S16).dataLayout(DataLayout.NCHW).rangeMethod(RangeMethod.PERCENTILE)
                .roundingMode(RoundingMode.SINGLE).weightQuantization(WeightQuantization.PER_TENSOR).build();
        var entries = generation(s).entries();
        assertThat(entries).containsEntry("scheme", "s16").containsEntry("dataLayout", "nchw")
                .containsEntry("rangeMethod", "percentile").containsEntry("roundingMode", "single")
                .containsEntry("weightQuantization", "per-tensor");
        assertThat(Keys.calibration(s, cache, "plugin").entries()).containsEntry("dataLayout", "nchw");
    }

    @Test
    void theTargetIsKeyedByItsName() {
        VerificationSettings host = VerificationSettings.builder().workDirectory(tmp.resolve("w"))
                .reportDirectory(tmp.resolve("r")).build();
        VerificationSettings m4 = VerificationSettings.builder().workDirectory(tmp.resolve("w"))
                .reportDirectory(tmp.resolve("r")).target(Target.parse("cortex-m4")).build();
        CacheKey onHost = Keys.verification(base, host, cache, "plugin");
        CacheKey onM4 = Keys.verification(base, m4, cache, "plugin");
        assertThat(onHost.entries()).containsEntry("target", "host");
        assertThat(onM4.entries()).containsEntry("target", "cortex-m4");
        // a Cortex-M target also turns the default gcc into arm-none-eabi-gcc and adds QEMU
        assertThat(onM4.changes(onHost)).isEqualTo("toolchain, emulator, target");
    }
}
