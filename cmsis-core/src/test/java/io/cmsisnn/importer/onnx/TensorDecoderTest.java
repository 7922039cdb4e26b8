package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Initializer values from raw_data (little-endian) and from each typed field. */
class TensorDecoderTest {

    private static TensorProto.Builder tensor(TensorProto.DataType type, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName("t").setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        return t;
    }

    @Test
    void rawFloatsAreLittleEndian() {
        // 1.0f = 0x3f800000, -2.5f = 0xc0200000
        TensorProto t = tensor(TensorProto.DataType.FLOAT, 2)
                .setRawData(ByteString.copyFrom(new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0x20, (byte) 0xc0})).build();
        assertThat(TensorDecoder.decode(t).floats()).containsExactly(1f, -2.5f);
    }

    @Test
    void typedFields() {
        assertThat(TensorDecoder.decode(tensor(TensorProto.DataType.FLOAT, 2).addFloatData(0.5f).addFloatData(3f).build())
                .floats()).containsExactly(0.5f, 3f);
        assertThat(TensorDecoder.decode(tensor(TensorProto.DataType.DOUBLE, 1).addDoubleData(0.25).build()).floats())
                .containsExactly(0.25f);
        assertThat(TensorDecoder.decode(tensor(TensorProto.DataType.INT64, 2).addInt64Data(-1).addInt64Data(400).build())
                .longs()).containsExactly(-1L, 400L);
        assertThat(TensorDecoder.decode(tensor(TensorProto.DataType.INT32, 3).addInt32Data(7).addInt32Data(-8).addInt32Data(0)
                .build()).longs()).containsExactly(7L, -8L, 0L);
    }

    @Test
    void rawIntegersOfEachWidth() {
        TensorProto i32 = tensor(TensorProto.DataType.INT32, 1).setRawData(ByteString.copyFrom(new byte[] {-2, -1, -1, -1})).build();
        assertThat(TensorDecoder.decode(i32).longs()).containsExactly(-2L);
        TensorProto u8 = tensor(TensorProto.DataType.UINT8, 2).setRawData(ByteString.copyFrom(new byte[] {(byte) 200, 3})).build();
        assertThat(TensorDecoder.decode(u8).longs()).containsExactly(200L, 3L);
        TensorProto i8 = tensor(TensorProto.DataType.INT8, 1).setRawData(ByteString.copyFrom(new byte[] {(byte) 200})).build();
        assertThat(TensorDecoder.decode(i8).longs()).containsExactly(-56L);
    }

    @Test
    void halfPrecision() {
        // 0x3c00 = 1.0, 0xc000 = -2.0, 0x0001 = smallest subnormal 2^-24, 0x7c00 = +inf
        TensorProto t = tensor(TensorProto.DataType.FLOAT16, 4).setRawData(ByteString.copyFrom(new byte[] {
                0, 0x3c, 0, (byte) 0xc0, 1, 0, 0, 0x7c})).build();
        assertThat(TensorDecoder.decode(t).floats()).containsExactly(1f, -2f, 0x1p-24f, Float.POSITIVE_INFINITY);
        TensorProto bf = tensor(TensorProto.DataType.BFLOAT16, 1).addInt32Data(0x3fc0).build();
        assertThat(TensorDecoder.decode(bf).floats()).containsExactly(1.5f);
    }

    @Test
    void scalarHasNoDims() {
        assertThat(TensorDecoder.decode(tensor(TensorProto.DataType.FLOAT).addFloatData(6f).build()).scalar("max")).isEqualTo(6f);
    }

    @Test
    void wrongValueCountIsCorrupt() {
        TensorProto t = tensor(TensorProto.DataType.FLOAT, 3).addFloatData(1f).build();
        assertThatThrownBy(() -> TensorDecoder.decode(t)).isInstanceOf(NodeProblem.class)
                .hasMessageContaining("holds 1 values where its dims need 3");
    }

    @Test
    void stringTensorsAreRefused() {
        TensorProto t = tensor(TensorProto.DataType.STRING, 1).addStringData(ByteString.copyFromUtf8("a")).build();
        assertThatThrownBy(() -> TensorDecoder.decode(t)).isInstanceOf(NodeProblem.class).hasMessageContaining("STRING");
    }
}
