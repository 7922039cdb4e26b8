package io.cmsisnn.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import org.junit.jupiter.api.Test;

/** The target parameter: host or one of the Cortex-M CPUs the goal documents. */
class TargetTest {
    @Test
    void hostAndNothingAreTheHost() {
        for (String host : new String[] {"host", " HOST ", "", null}) {
            Target t = Target.parse(host);
            assertThat(t).as(host).isEqualTo(Target.HOST);
            assertThat(t.isHost()).isTrue();
            assertThat(t.cortexM()).isNull();
            assertThat(t.id()).isEqualTo("host");
        }
    }

    @Test
    void aCortexMNameIsThatCpuOnItsBoard() {
        Target m55 = Target.parse(" Cortex-M55");
        assertThat(m55.isHost()).isFalse();
        assertThat(m55.id()).isEqualTo("cortex-m55");
        assertThat(m55.cortexM().qemuMachine()).isEqualTo("mps3-an547");
        assertThat(Target.parse("cortex-m3").cortexM().qemuMachine()).isEqualTo("mps2-an385");
    }

    @Test
    void anUnknownTargetListsTheValidOnes() {
        assertThatThrownBy(() -> Target.parse("cortex-m33")).isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown target 'cortex-m33': use one of cortex-m3, cortex-m4, cortex-m7, cortex-m55 (or host)");
    }
}
