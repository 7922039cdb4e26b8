package io.cmsisnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmsisnn.ConfigurationException;
import io.cmsisnn.graph.Shape;
import io.cmsisnn.graph.TensorLayout;
import org.junit.jupiter.api.Test;

/**
 * Channels-first samples rearranged to HWC, on values that name their own position: element
 * (c, h, w) holds 100c + 10h + w, so HWC index (h*W + w)*C + c must hold it afterwards.
 */
class SampleReaderTest {
    private static final Shape HWC = new Shape(2, 3, 4); // H 2, W 3, C 4

    /** One sample [C, H, W] = [4, 2, 3] in row-major channels-first order, then a second one + 1000. */
    private static NdArray nchw(int... sampleDims) {
        double[] v = new double[2 * 24];
        int k = 0;
        for (int s = 0; s < 2; s++) {
            for (int c = 0; c < 4; c++) {
                for (int h = 0; h < 2; h++) {
                    for (int w = 0; w < 3; w++) {
                        v[k++] = 1000 * s + 100 * c + 10 * h + w;
                    }
                }
            }
        }
        int[] shape = new int[sampleDims.length + 1];
        shape[0] = 2;
        System.arraycopy(sampleDims, 0, shape, 1, sampleDims.length);
        return new NdArray(shape, v);
    }

    private static void assertHwc(float[][] samples) {
        assertThat(samples).hasNumberOfRows(2);
        for (int s = 0; s < 2; s++) {
            for (int h = 0; h < 2; h++) {
                for (int w = 0; w < 3; w++) {
                    for (int c = 0; c < 4; c++) {
                        assertThat(samples[s][(h * 3 + w) * 4 + c]).isEqualTo(1000f * s + 100 * c + 10 * h + w);
                    }
                }
            }
        }
    }

    @Test
    void declaredNchwIsRearrangedForAModelWithoutOnnxLayout() {
        SampleReader reader = new SampleReader(DataLayout.NCHW, HWC, null, "x");
        assertHwc(reader.read(nchw(4, 2, 3), 1.0, 0.0, "data.npy", 0));
        assertHwc(reader.read(nchw(24), 1.0, 0.0, "data.npy", 0));
        assertHwc(reader.read(nchw(4, 6), 1.0, 0.0, "data.npy", 0));
    }

    /** Under auto, an ONNX model's channels-first input shape is recognised; the ONNX layout says where values go. */
    @Test
    void autoRecognisesTheOnnxInputShape() {
        int[] order = new int[24];
        for (int c = 0; c < 4; c++) {
            for (int p = 0; p < 6; p++) {
                order[c * 6 + p] = p * 4 + c;
            }
        }
        TensorLayout onnx = new TensorLayout("image", new int[] {4, 2, 3}, 0, HWC, order);
        SampleReader reader = new SampleReader(DataLayout.AUTO, HWC, onnx, "image");
        assertThat(reader.channelsFirst(nchw(4, 2, 3))).isTrue();
        assertHwc(reader.read(nchw(4, 2, 3), 1.0, 0.0, "data.npy", 0));
        // a flat array is ambiguous: auto reads it as the network's own HWC order
        assertThat(reader.channelsFirst(nchw(24))).isFalse();
        assertThat(reader.read(nchw(24), 1.0, 0.0, "data.npy", 0)[0][1]).isEqualTo(1f);
    }

    @Test
    void autoWithoutOnnxLayoutKeepsTheRules() {
        SampleReader reader = new SampleReader(DataLayout.AUTO, HWC, null, "x");
        assertThat(reader.channelsFirst(nchw(4, 2, 3))).isFalse();
        assertThatThrownBy(() -> reader.read(nchw(4, 2, 3), 1.0, 0.0, "data.npy", 0)).isInstanceOf(DataException.class)
                .hasMessageContaining("different arrangement");
    }

    @Test
    void scaleOffsetAndLimitApplyToRearrangedSamples() {
        float[][] one = new SampleReader(DataLayout.NCHW, HWC, null, "x").read(nchw(4, 2, 3), 0.5, 1.0, "data.npy", 1);
        assertThat(one).hasNumberOfRows(1);
        // element (c 3, h 1, w 2) = 312, at HWC index (1*3 + 2)*4 + 3 = 23
        assertThat(one[0][23]).isEqualTo(157f);
    }

    @Test
    void channelsLastDataUnderNchwIsRefused() {
        SampleReader reader = new SampleReader(DataLayout.NCHW, HWC, null, "x");
        assertThatThrownBy(() -> reader.read(nchw(2, 3, 4), 1.0, 0.0, "data.npy", 0)).isInstanceOf(DataException.class)
                .hasMessageContaining("data.npy").hasMessageContaining("[2, 3, 4]")
                .hasMessageContaining("channels-first shape [4, 2, 3] of 'x'").hasMessageContaining("nhwc");
    }

    @Test
    void theWrongNumberOfValuesIsRefusedAsBefore() {
        SampleReader reader = new SampleReader(DataLayout.NCHW, HWC, null, "x");
        NdArray wrong = new NdArray(new int[] {2, 5}, new double[10]);
        assertThatThrownBy(() -> reader.read(wrong, 1.0, 0.0, "data.npy", 0)).isInstanceOf(DataException.class)
                .hasMessageContaining("data.npy");
    }

    @Test
    void dataLayoutValues() {
        assertThat(DataLayout.parse(null)).isEqualTo(DataLayout.AUTO);
        assertThat(DataLayout.parse(" NCHW ")).isEqualTo(DataLayout.NCHW);
        assertThat(DataLayout.parse("nhwc")).isEqualTo(DataLayout.NHWC);
        assertThatThrownBy(() -> DataLayout.parse("chw")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'chw'").hasMessageContaining("auto, nchw, nhwc");
    }
}
