package io.cmsisnn.importer.onnx;

import io.cmsisnn.graph.Shape;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Index arithmetic between ONNX channels-first tensors and the graph's HWC storage, checked by hand. */
class LayoutsTest {

    @Test
    void naturalShapesPutChannelsLast() {
        assertThat(Layouts.naturalShape(new int[] {})).isEqualTo(Shape.vector(1));
        assertThat(Layouts.naturalShape(new int[] {10})).isEqualTo(Shape.vector(10));
        assertThat(Layouts.naturalShape(new int[] {4, 9})).isEqualTo(new Shape(1, 9, 4));
        assertThat(Layouts.naturalShape(new int[] {3, 7, 5})).isEqualTo(new Shape(7, 5, 3));
        assertThat(Layouts.naturalShape(new int[] {3, 4, 4, 4})).isNull();
    }

    @Test
    void naturalOrderOfTwoChannelsByTwoByThree() {
        // ONNX index c*6 + h*3 + w goes to HWC index (h*3 + w)*2 + c
        assertThat(Layouts.naturalOrder(new int[] {2, 2, 3})).containsExactly(0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11);
    }

    @Test
    void transposeSourcesOfATwoByThreeMatrix() {
        // out [3][2] element (i, j) = in [2][3] element (j, i)
        assertThat(Layouts.transposeSources(new int[] {2, 3}, new int[] {1, 0})).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void channelAxisOfNaturalAndOfChannelsLastTensors() {
        DataTensor chw = DataTensor.natural("t", new int[] {2, 2, 3});
        assertThat(Layouts.axisIsChannel(chw, 0)).isTrue();
        assertThat(Layouts.axisIsChannel(chw, 2)).isFalse();
        // the same storage seen as ONNX [H, W, C] (what a Transpose to NHWC produces) keeps C last
        DataTensor hwc = new DataTensor("t", new int[] {2, 3, 2}, new Shape(2, 3, 2), Layouts.identity(12));
        assertThat(Layouts.axisIsChannel(hwc, 2)).isTrue();
        assertThat(Layouts.axisIsChannel(hwc, 0)).isFalse();
    }

    @Test
    void anOrderEqualToTheNaturalOneIsStoredAsNatural() {
        DataTensor t = new DataTensor("t", new int[] {2, 1, 3}, new Shape(1, 3, 2), new int[] {0, 2, 4, 1, 3, 5});
        assertThat(t.isNatural()).isTrue();
    }

    @Test
    void convolutionAndDepthwiseWeightOrders() {
        // ONNX conv [out=1][in=2][kh=1][kw=2] = {a0 a1 | b0 b1} → [out][kh][kw][in] = {a0 b0 a1 b1}
        assertThat(ConvolutionOps.convWeights(new float[] {1, 2, 3, 4}, 1, 2, 1, 2)).containsExactly(1, 3, 2, 4);
        // ONNX depthwise [out=2][1][kh=1][kw=2] → [kh][kw][out]
        assertThat(ConvolutionOps.depthwiseWeights(new float[] {1, 2, 3, 4}, 2, 1, 2)).containsExactly(1, 3, 2, 4);
    }
}
