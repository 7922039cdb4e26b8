package io.cmsisnn.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.engine.GraphFixtures;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.Graph;
import io.cmsisnn.graph.Op;
import io.cmsisnn.graph.Shape;
import org.junit.jupiter.api.Test;

/** Tensors of two element sizes in one byte arena, laid out by hand. */
class MixedElementPlanTest {
    /** x (4 values) -> a -> b, each a ReLU of 4 values. */
    private static Graph chain() {
        return new GraphFixtures(new Shape(1, 1, 4))
                .add("a", new Op.ActivationOp(Activation.RELU), "x")
                .add("b", new Op.ActivationOp(Activation.RELU), "a")
                .build("b");
    }

    private static MemoryPlan plan(int aBytes) {
        return new MemoryPlanner(1, 4, n -> 0L, n -> 0L, t -> t.equals("a") ? aBytes : 1, MemoryPlanner::aliasesInput).plan(chain());
    }

    /**
     * x lives at steps 0-1, a at 1-2, b at 2-3. All int8: x [0, 4), a [4, 8), b back at 0 (x is dead), arena 8.
     * a int16 (8 bytes): x [0, 4), a [4, 12), b at 0 again, arena 12; offsets stay in bytes.
     */
    @Test
    void anInt16TensorTakesTwoBytesAnElement() {
        MemoryPlan int8 = plan(1);
        assertThat(int8.arenaBytes()).isEqualTo(8);
        MemoryPlan mixed = plan(2);
        assertThat(mixed.offsetOf("x")).isZero();
        assertThat(mixed.offsetOf("a")).isEqualTo(4);
        assertThat(mixed.offsetOf("b")).isZero();
        assertThat(mixed.lifetimes().get("a").bytes()).isEqualTo(8);
        assertThat(mixed.arenaBytes()).isEqualTo(12);
        assertThat(mixed.elementOffsetOf("a")).isEqualTo(4);
    }

    @Test
    void anElementSizeTheArenaCannotAlignIsRefused() {
        assertThatThrownBy(() -> plan(3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tensor 'a'")
                .hasMessageContaining("3-byte elements");
    }
}
