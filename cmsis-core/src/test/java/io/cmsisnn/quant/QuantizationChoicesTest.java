package io.cmsisnn.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import org.junit.jupiter.api.Test;

/** The roundingMode and weightQuantization parameters' values, as the goals document them. */
class QuantizationChoicesTest {
    @Test
    void roundingModesParseIgnoringCaseAndBlanksAndNothingIsTheDefault() {
        assertThat(RoundingMode.parse("default")).isEqualTo(RoundingMode.DEFAULT);
        assertThat(RoundingMode.parse(" Single ")).isEqualTo(RoundingMode.SINGLE);
        assertThat(RoundingMode.parse(null)).isEqualTo(RoundingMode.DEFAULT);
        assertThat(RoundingMode.parse("  ")).isEqualTo(RoundingMode.DEFAULT);
        assertThat(RoundingMode.SINGLE.id()).isEqualTo("single");
        assertThat(RoundingMode.DEFAULT.id()).isEqualTo("default");
        assertThat(RoundingMode.SINGLE.compileDefinition()).isEqualTo("CMSIS_NN_USE_SINGLE_ROUNDING");
        assertThat(RoundingMode.DEFAULT.compileDefinition()).isNull();
    }

    @Test
    void anUnknownRoundingModeNamesTheParameterAndBothValues() {
        assertThatThrownBy(() -> RoundingMode.parse("Double")).isInstanceOf(ConfigurationException.class)
                .hasMessage("roundingMode 'Double' does not exist; set <roundingMode> (or -Dcmsis.roundingMode) to default or "
                        + "single (CMSIS-NN built with CMSIS_NN_USE_SINGLE_ROUNDING)");
    }

    @Test
    void weightQuantizationsParseIgnoringCaseAndBlanksAndNothingIsPerChannel() {
        assertThat(WeightQuantization.parse("per-channel")).isEqualTo(WeightQuantization.PER_CHANNEL);
        assertThat(WeightQuantization.parse(" PER-TENSOR")).isEqualTo(WeightQuantization.PER_TENSOR);
        assertThat(WeightQuantization.parse(null)).isEqualTo(WeightQuantization.PER_CHANNEL);
        assertThat(WeightQuantization.parse("")).isEqualTo(WeightQuantization.PER_CHANNEL);
        assertThat(WeightQuantization.PER_TENSOR.id()).isEqualTo("per-tensor");
        assertThat(WeightQuantization.PER_CHANNEL.id()).isEqualTo("per-channel");
    }

    @Test
    void anUnknownWeightQuantizationNamesTheParameterAndBothValues() {
        assertThatThrownBy(() -> WeightQuantization.parse("per_tensor")).isInstanceOf(ConfigurationException.class)
                .hasMessage("weightQuantization 'per_tensor' does not exist; set <weightQuantization> (or "
                        + "-Dcmsis.weightQuantization) to per-channel or per-tensor");
    }
}
