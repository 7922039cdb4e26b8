package io.cmsisnn.pipeline;

import io.cmsisnn.report.VerificationReport;
import io.cmsisnn.testing.SharedModels;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #15's "bit-exactness only" models: MLCommons Tiny's keyword spotter (a depthwise-separable
 * CNN) and ResNet-8, in every fixed-point scheme with the default settings (equalization and bias
 * correction on), compiled with host gcc against the bundled kernels: every output equals the Java
 * emulation's. The keyword spotter runs on its 45 shipped samples, ResNet-8 on seeded random inputs
 * (models README: it ships no data).
 */
class DepthwiseSharedModelsBitExactTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "models/keras/tiny_str_ww.h5, q7", "models/keras/tiny_str_ww.h5, q15", "models/keras/tiny_str_ww.h5, s8",
        "models/keras/tiny_str_ww.h5, s16",
        "models/keras/tiny_ic_resnet8.h5, q7", "models/keras/tiny_ic_resnet8.h5, q15", "models/keras/tiny_ic_resnet8.h5, s8",
        "models/keras/tiny_ic_resnet8.h5, s16",
    })
    void compiledEqualsEmulation(String model, String scheme) throws Exception {
        SharedModels.SharedModel m = SharedModels.CNNS.stream().filter(s -> s.model().equals(model)).findFirst().orElseThrow();
        Path data = m.dataFile(tmp);
        boolean random = m.data().startsWith("random:");
        ConversionSettings settings = ConversionSettings.builder(m.modelFile()).scheme(Scheme.parse(scheme)).calibrationData(data)
                .dataKey(m.key()).inputScale(m.scale()).calibrationSamples(1000).build();
        VerificationSettings.Builder v = VerificationSettings.builder().workDirectory(tmp.resolve("work"))
                .reportDirectory(tmp.resolve("report")).maxAccuracyDrop(100);
        if (random) {
            v.randomSamples(16);
        } else {
            v.testData(data);
        }
        VerificationReport r = new Verifier(BuildLog.SILENT).verify(settings, v.build());
        assertThat(r.compiled().mismatchedSamples()).as(model + " " + scheme + " compiled vs emulation").isZero();
        assertThat(r.compiled().bitExactWithEmulation()).isTrue();
        assertThat(r.samples()).isEqualTo(random ? 16 : 45);
        assertThat(r.quantization().notes()).anyMatch(n -> n.startsWith("bias correction"));
    }
}
