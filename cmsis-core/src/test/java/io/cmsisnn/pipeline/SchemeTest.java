package io.cmsisnn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import org.junit.jupiter.api.Test;

/** The scheme parameter's values, as the goal documents them. */
class SchemeTest {
    @Test
    void theFiveSchemesParseIgnoringCaseAndBlanks() {
        assertThat(Scheme.parse("f32")).isEqualTo(Scheme.F32);
        assertThat(Scheme.parse(" Q7 ")).isEqualTo(Scheme.Q7);
        assertThat(Scheme.parse("q15")).isEqualTo(Scheme.Q15);
        assertThat(Scheme.parse("S8")).isEqualTo(Scheme.S8);
        assertThat(Scheme.parse("s16")).isEqualTo(Scheme.S16);
        assertThat(Scheme.S16.id()).isEqualTo("s16");
    }

    @Test
    void unknownSchemeNamesTheParameterAndTheValidOnes() {
        assertThatThrownBy(() -> Scheme.parse("q9")).isInstanceOf(ConfigurationException.class)
                .hasMessage("scheme 'q9' does not exist; set <scheme> (or -Dcmsis.scheme) to one of f32, q7, q15, s8, s16, or auto / auto-legacy to let the plugin choose by accuracy and cost");
        assertThatThrownBy(() -> Scheme.parse(null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scheme 'null' does not exist");
    }
}
