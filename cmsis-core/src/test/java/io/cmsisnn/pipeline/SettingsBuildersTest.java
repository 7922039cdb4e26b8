package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.calibration.RangeMethod;
import io.cmsisnn.data.DataLayout;
import io.cmsisnn.ConfigurationException;
import io.cmsisnn.quant.LayerPrecision;
import io.cmsisnn.quant.RoundingMode;
import io.cmsisnn.quant.WeightQuantization;
import io.cmsisnn.toolchain.Target;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builders' defaults (those the short constructors had, and the goals' documented ones) and their copies. */
class SettingsBuildersTest {
    private static final Path MODEL = Path.of("models", "Kws-Net.h5");

    @Test
    void conversionDefaults() {
        ConversionSettings s = ConversionSettings.builder(MODEL).build();
        assertThat(s.model()).isEqualTo(MODEL);
        assertThat(s.scheme()).isEqualTo(Scheme.S8);
        assertThat(s.networkName()).isNull();
        assertThat(s.resolvedNetworkName()).isEqualTo("kws_net");
        assertThat(s.calibrationData()).isNull();
        assertThat(s.dataKey()).isNull();
        assertThat(s.inputScale()).isEqualTo(1.0);
        assertThat(s.inputOffset()).isEqualTo(0.0);
        assertThat(s.dataLayout()).isEqualTo(DataLayout.AUTO);
        ConversionSettings.Quantization q = s.quantization();
        assertThat(q).isEqualTo(ConversionSettings.Quantization.DEFAULTS);
        assertThat(q.rangeMethod()).isEqualTo(RangeMethod.MINMAX);
        assertThat(q.percentile()).isEqualTo(99.99);
        assertThat(q.calibrationSamples()).isZero();
        assertThat(q.armMathDsp()).isFalse();
        assertThat(q.roundingMode()).isEqualTo(RoundingMode.DEFAULT);
        assertThat(q.weightQuantization()).isEqualTo(WeightQuantization.PER_CHANNEL);
        assertThat(q.singleRounding()).isFalse();
        assertThat(q.perChannelWeights()).isTrue();
        // the goals' documented defaults of the accuracy search (README)
        assertThat(q.accuracySamples()).isEqualTo(500);
        assertThat(q.accuracyTrials()).isEqualTo(120);
        assertThat(q.layerPrecision()).isEmpty();
        assertThat(q.widenedLayers()).isEmpty();
    }

    @Test
    void layerPrecisionIsKeptInNameOrderAndNamesTheWidenedLayers() {
        ConversionSettings s = ConversionSettings.builder(MODEL)
                .layerPrecision(Map.of("conv2d_2", LayerPrecision.S16, "conv2d_1", LayerPrecision.S8, "dense", LayerPrecision.S16))
                .build();
        assertThat(s.quantization().layerPrecision().keySet()).containsExactly("conv2d_1", "conv2d_2", "dense");
        assertThat(s.quantization().widenedLayers()).containsExactly("conv2d_2", "dense");
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(s.quantization().withArmMathDsp(true).layerPrecision()).isEqualTo(s.quantization().layerPrecision());
    }

    @Test
    void layerPrecisionNeedsSchemeS8() {
        assertThatThrownBy(() -> ConversionSettings.builder(MODEL).scheme(Scheme.S16)
                .layerPrecision(Map.of("conv2d_2", LayerPrecision.S16)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("conv2d_2")
                .hasMessageContaining("the scheme is s16").hasMessageContaining("<scheme>s8</scheme>");
    }

    @Test
    void anUnknownPrecisionNamesTheLayerAndTheValues() {
        assertThatThrownBy(() -> LayerPrecision.parse("conv2d_2", "int16")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("conv2d_2").hasMessageContaining("'int16'").hasMessageContaining("s8 or s16");
        assertThat(LayerPrecision.parse("x", " S16 ")).isEqualTo(LayerPrecision.S16);
    }

    @Test
    void everyConversionChoiceIsKeptAndToBuilderCopiesThemAll() {
        ConversionSettings s = ConversionSettings.builder(MODEL).scheme(Scheme.S16).networkName("kws")
                .calibrationData(Path.of("c.npz")).dataKey("x").inputScale(0.5).inputOffset(-3).dataLayout(DataLayout.NCHW)
                .rangeMethod(RangeMethod.PERCENTILE).percentile(99.5).calibrationSamples(321).armMathDsp(true)
                .roundingMode(RoundingMode.SINGLE).weightQuantization(WeightQuantization.PER_TENSOR).equalization(false)
                .biasCorrection(false).accuracySamples(77).accuracyTrials(9).build();
        assertThat(s).isEqualTo(new ConversionSettings(MODEL, Scheme.S16, "kws", Path.of("c.npz"), "x", 0.5, -3.0,
                new ConversionSettings.Quantization(RangeMethod.PERCENTILE, 99.5, 321, true, RoundingMode.SINGLE,
                        WeightQuantization.PER_TENSOR, java.util.Map.of(), false, false, 77, 9), DataLayout.NCHW));
        assertThat(s.quantization().singleRounding()).isTrue();
        assertThat(s.quantization().perChannelWeights()).isFalse();
        assertThat(s.toBuilder().build()).isEqualTo(s);
        ConversionSettings q7 = s.toBuilder().scheme(Scheme.Q7).build();
        assertThat(q7.scheme()).isEqualTo(Scheme.Q7);
        assertThat(q7.quantization()).isEqualTo(s.quantization());
        assertThat(q7.dataLayout()).isEqualTo(DataLayout.NCHW);
    }

    @Test
    void aChoiceCannotBeLeftUnset() {
        assertThatThrownBy(() -> ConversionSettings.builder(MODEL).dataLayout(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("dataLayout");
        assertThatThrownBy(() -> ConversionSettings.builder(MODEL).roundingMode(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("roundingMode");
    }

    @Test
    void verificationDefaultsAreTheGoalsDocumentedOnes() {
        VerificationSettings v = VerificationSettings.builder().workDirectory(Path.of("w")).reportDirectory(Path.of("r")).build();
        assertThat(v.testData()).isNull();
        assertThat(v.testLabels()).isNull();
        assertThat(v.labelKey()).isNull();
        assertThat(v.expectedOutputs()).isNull();
        assertThat(v.testSamples()).isNull();
        assertThat(v.randomSamples()).isEqualTo(100);
        assertThat(v.maxAccuracyDrop()).isEqualTo(1.0);
        assertThat(v.toolchain()).isEqualTo("gcc");
        assertThat(v.target()).isEqualTo(Target.HOST);
        assertThat(v.cmsisNnDirectory()).isNull();
        assertThat(v.workDirectory()).isEqualTo(Path.of("w"));
        assertThat(v.reportDirectory()).isEqualTo(Path.of("r"));
        assertThat(v.generatedDirectory()).isNull();
        assertThat(v.profile()).isFalse();
        assertThat(v.baseDirectory()).isNull();
    }

    @Test
    void verificationNeedsItsWorkAndReportDirectories() {
        assertThatThrownBy(() -> VerificationSettings.builder().reportDirectory(Path.of("r")).build())
                .isInstanceOf(NullPointerException.class).hasMessage("workDirectory");
        assertThatThrownBy(() -> VerificationSettings.builder().workDirectory(Path.of("w")).build())
                .isInstanceOf(NullPointerException.class).hasMessage("reportDirectory");
    }
}
