package io.cmsisnn.pipeline;

import io.cmsisnn.cache.BuildCache;
import io.cmsisnn.cache.CacheKey;
import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.toolchain.Executables;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * What each piece of cached work depends on. Calibration depends on the model, the calibration
 * data and how it is read, not on the scheme or the range method (those only read the statistics),
 * so q7, s8 and a changed range method share one calibration run. Generation adds every setting;
 * verification adds the test data, the gate and the toolchain. The accuracy search's validation
 * samples come from the calibration file's unused samples, so its key needs nothing more than
 * that file, {@code calibrationSamples} and its own two settings. Choices are keyed by their ids, the
 * user's spellings.
 */
final class Keys {
    private Keys() {
    }

    static CacheKey calibration(ConversionSettings s, BuildCache cache, String plugin) {
        ConversionSettings.Quantization q = s.quantization();
        return CacheKey.builder("calibration")
                .put("plugin", plugin)
                .put("model", cache.fingerprint(s.model()))
                .put("calibrationData", cache.fingerprint(s.calibrationData()))
                .put("dataKey", s.dataKey())
                .put("inputScale", s.inputScale())
                .put("inputOffset", s.inputOffset())
                .put("dataLayout", s.dataLayout().id())
                .put("calibrationSamples", q.calibrationSamples())
                .put("equalization", q.equalization())
                .build();
    }

    static CacheKey generation(ConversionSettings s, Path outputDirectory, BuildCache cache, String plugin) {
        return generation(s, outputDirectory, cache, plugin, null);
    }

    /** @param copyKernels whether generate copies the kernels into the output directory; null where no files are written */
    static CacheKey generation(ConversionSettings s, Path outputDirectory, BuildCache cache, String plugin, Boolean copyKernels) {
        ConversionSettings.Quantization q = s.quantization();
        boolean f32 = s.scheme() == Scheme.F32;
        boolean accuracy = q.rangeMethod() == RangeMethod.ACCURACY;
        return CacheKey.builder("generate")
                .put("plugin", plugin)
                .put("model", cache.fingerprint(s.model()))
                .put("scheme", s.auto() == null ? s.scheme().id() : s.auto().family().id())
                .put("autoMaxAccuracyDrop", s.auto() == null ? null : s.auto().maxAccuracyDrop())
                .put("autoLabels", s.auto() == null || s.auto().labels() == null ? null : cache.fingerprint(s.auto().labels()))
                .put("autoLabelKey", s.auto() == null ? null : s.auto().labelKey())
                .put("autoValidationSamples", s.auto() == null ? null : s.auto().validationSamples())
                .put("networkName", s.resolvedNetworkName())
                .put("calibrationData", f32 ? null : cache.fingerprint(s.calibrationData()))
                .put("dataKey", s.dataKey())
                .put("inputScale", s.inputScale())
                .put("inputOffset", s.inputOffset())
                .put("dataLayout", s.dataLayout().id())
                .put("rangeMethod", q.rangeMethod().id())
                .put("percentile", q.percentile())
                .put("calibrationSamples", q.calibrationSamples())
                .put("armMathDsp", q.armMathDsp())
                .put("roundingMode", q.roundingMode().id())
                .put("weightQuantization", q.weightQuantization().id())
                .put("equalization", q.equalization())
                .put("biasCorrection", q.biasCorrection())
                .put("layerPrecision", q.layerPrecision().isEmpty() ? null : q.layerPrecision().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().id()).collect(Collectors.joining(",")))
                // only the accuracy search reads these; other methods' outputs do not depend on them
                .put("accuracySamples", accuracy ? q.accuracySamples() : null)
                .put("accuracyTrials", accuracy ? q.accuracyTrials() : null)
                .put("outputDirectory", outputDirectory.toAbsolutePath().normalize())
                .put("copyKernels", copyKernels)
                .build();
    }

    static CacheKey verification(ConversionSettings s, VerificationSettings v, BuildCache cache, String plugin) {
        boolean host = v.target().isHost();
        String compiler = CompiledExecution.compiler(v);
        return CacheKey.builder("verify")
                .putAll("generate.", generation(s, Path.of("-"), cache, plugin))
                .put("testData", cache.fingerprint(v.testData()))
                .put("testLabels", cache.fingerprint(v.testLabels()))
                .put("labelKey", v.labelKey())
                .put("expectedOutputs", cache.fingerprint(v.expectedOutputs()))
                .put("testSamples", v.testSamples())
                .put("randomSamples", v.randomSamples())
                .put("maxAccuracyDrop", v.maxAccuracyDrop())
                .put("toolchain", compiler + " " + Executables.find(compiler).map(cache::fingerprint).orElse("missing"))
                .put("emulator", host ? null : Executables.find("qemu-system-arm").map(cache::fingerprint).orElse("missing"))
                .put("target", v.target().id())
                .put("cmsisNnDirectory", cache.fingerprint(v.cmsisNnDirectory()))
                .put("profile", v.profile())
                .put("reportDirectory", v.reportDirectory().toAbsolutePath().normalize())
                .build();
    }
}
