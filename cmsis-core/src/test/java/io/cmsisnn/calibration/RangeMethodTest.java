package io.cmsisnn.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import org.junit.jupiter.api.Test;

class RangeMethodTest {

    @Test
    void parsesTheIdsIgnoringCaseAndBlanks() {
        assertThat(RangeMethod.parse("minmax")).isEqualTo(RangeMethod.MINMAX);
        assertThat(RangeMethod.parse("MinMax")).isEqualTo(RangeMethod.MINMAX);
        assertThat(RangeMethod.parse("PERCENTILE")).isEqualTo(RangeMethod.PERCENTILE);
        assertThat(RangeMethod.parse(" search ")).isEqualTo(RangeMethod.SEARCH);
        assertThat(RangeMethod.parse("entropy")).isEqualTo(RangeMethod.ENTROPY);
        assertThat(RangeMethod.parse(" Entropy\t")).isEqualTo(RangeMethod.ENTROPY);
        assertThat(RangeMethod.parse("Accuracy")).isEqualTo(RangeMethod.ACCURACY);
    }

    @Test
    void idsAreLowerCaseNames() {
        assertThat(RangeMethod.MINMAX.id()).isEqualTo("minmax");
        assertThat(RangeMethod.PERCENTILE.id()).isEqualTo("percentile");
        assertThat(RangeMethod.SEARCH.id()).isEqualTo("search");
        assertThat(RangeMethod.ENTROPY.id()).isEqualTo("entropy");
        assertThat(RangeMethod.ACCURACY.id()).isEqualTo("accuracy");
        for (RangeMethod m : RangeMethod.values()) {
            assertThat(RangeMethod.parse(m.id())).isEqualTo(m);
        }
    }

    @Test
    void unknownMethodListsTheValidIds() {
        assertThatThrownBy(() -> RangeMethod.parse("kl-divergence"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown range method 'kl-divergence': use one of minmax, percentile, search, entropy, accuracy")
                .hasMessageContaining("minmax, percentile, search, entropy");
        assertThatThrownBy(() -> RangeMethod.parse(""))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("minmax, percentile, search, entropy");
        assertThatThrownBy(() -> RangeMethod.parse(null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("minmax, percentile, search, entropy");
    }

    @Test
    void calibrationExceptionIsACmsisException() {
        assertThat(new CalibrationException("x")).isInstanceOf(io.cmsisnn.CmsisException.class);
    }
}
