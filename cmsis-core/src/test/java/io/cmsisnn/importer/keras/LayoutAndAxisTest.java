package io.cmsisnn.importer.keras;

import io.cmsisnn.graph.Op;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayoutAndAxisTest {

    @Test
    void convolutionKernelGoesOutputFirst() {
        // Keras [kh=1][kw=2][in=2][out=3], value = x*100 + i*10 + o
        float[] keras = new float[12];
        for (int x = 0; x < 2; x++) {
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 3; o++) {
                    keras[(x * 2 + i) * 3 + o] = x * 100 + i * 10 + o;
                }
            }
        }
        assertThat(KernelLayouts.convolution(keras, 1, 2, 2, 3))
                .containsExactly(0, 10, 100, 110, 1, 11, 101, 111, 2, 12, 102, 112);
    }

    @Test
    void denseKernelIsTransposed() {
        assertThat(KernelLayouts.dense(new float[] {1, 2, 3, 4, 5, 6}, 3, 2)).containsExactly(1, 3, 5, 2, 4, 6);
    }

    @Test
    void kerasAxesMapByRank() {
        assertThat(MergeLayers.axisOf(1, 3)).isEqualTo(Op.Axis.H);
        assertThat(MergeLayers.axisOf(2, 3)).isEqualTo(Op.Axis.W);
        assertThat(MergeLayers.axisOf(3, 3)).isEqualTo(Op.Axis.C);
        assertThat(MergeLayers.axisOf(-1, 3)).isEqualTo(Op.Axis.C);
        assertThat(MergeLayers.axisOf(-3, 3)).isEqualTo(Op.Axis.H);
        assertThat(MergeLayers.axisOf(1, 2)).isEqualTo(Op.Axis.W);
        assertThat(MergeLayers.axisOf(2, 2)).isEqualTo(Op.Axis.C);
        assertThat(MergeLayers.axisOf(-2, 2)).isEqualTo(Op.Axis.W);
        assertThat(MergeLayers.axisOf(1, 1)).isEqualTo(Op.Axis.C);
        assertThat(MergeLayers.axisOf(-1, 1)).isEqualTo(Op.Axis.C);
        assertThatThrownBy(() -> MergeLayers.axisOf(0, 3)).hasMessageContaining("batch axis");
        assertThatThrownBy(() -> MergeLayers.axisOf(4, 3)).hasMessageContaining("outside");
        assertThatThrownBy(() -> MergeLayers.axisOf(-3, 2)).hasMessageContaining("batch axis");
    }

    @Test
    void everySupportedLayerHasAConverter() {
        // a class listed as supported must never reach the converter's "not supported" branch
        for (String cls : SupportedLayers.ALL) {
            if (cls.equals("InputLayer")) {
                continue;
            }
            KerasLayer layer = new KerasLayer(cls, "l", java.util.Map.of(), java.util.List.of("x"));
            GraphBuilder graph = new GraphBuilder("x", TensorInfo.fromKeras(java.util.List.of(4, 4, 2)));
            try {
                LayerConverter.convert(graph, layer, LayerWeights.NONE);
            } catch (LayerProblem p) {
                assertThat(p.getMessage()).as(cls).doesNotContain("is not supported. Supported layers");
            } catch (RuntimeException e) {
                // other failures (missing config, wrong rank) are fine here
            }
        }
    }
}
