package io.cmsisnn.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RangeMethodTest {

    @Test
    void parsesTheThreeIdsIgnoringCaseAndBlanks() {
        assertThat(RangeMethod.parse("minmax")).isEqualTo(RangeMethod.MINMAX);
        assertThat(RangeMethod.parse("MinMax")).isEqualTo(RangeMethod.MINMAX);
        assertThat(RangeMethod.parse("PERCENTILE")).isEqualTo(RangeMethod.PERCENTILE);
        assertThat(RangeMethod.parse(" search ")).isEqualTo(RangeMethod.SEARCH);
    }

    @Test
    void idsAreLowerCaseNames() {
        assertThat(RangeMethod.MINMAX.id()).isEqualTo("minmax");
        assertThat(RangeMethod.PERCENTILE.id()).isEqualTo("percentile");
        assertThat(RangeMethod.SEARCH.id()).isEqualTo("search");
        for (RangeMethod m : RangeMethod.values()) {
            assertThat(RangeMethod.parse(m.id())).isEqualTo(m);
        }
    }

    @Test
    void unknownMethodListsTheValidIds() {
        assertThatThrownBy(() -> RangeMethod.parse("kl-divergence"))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("'kl-divergence'")
                .hasMessageContaining("minmax, percentile, search");
        assertThatThrownBy(() -> RangeMethod.parse(""))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("minmax, percentile, search");
        assertThatThrownBy(() -> RangeMethod.parse(null))
                .isInstanceOf(CalibrationException.class)
                .hasMessageContaining("minmax, percentile, search");
    }

    @Test
    void calibrationExceptionIsACmsisException() {
        assertThat(new CalibrationException("x")).isInstanceOf(io.cmsisnn.CmsisException.class);
    }
}
