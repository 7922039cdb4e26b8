package io.cmsisnn.importer.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the values of a {@link TensorProto}: either {@code raw_data} (little-endian, whatever the
 * host) or the typed repeated fields, as the ONNX spec allows for each data type.
 */
final class TensorDecoder {
    private TensorDecoder() {
    }

    static ConstantTensor decode(TensorProto t) {
        String name = t.getName().isEmpty() ? "a constant tensor" : "tensor '" + t.getName() + "'";
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new NodeProblem("reads " + name + ", whose data is stored in an external file" + externalLocation(t)
                    + ". Save the model with its weights inside the .onnx file (onnx.save_model(model, path, "
                    + "save_as_external_data=False)), which works for models below 2 GB");
        }
        if (t.hasSegment()) {
            throw new NodeProblem("reads " + name + ", which is stored in segments; save the model again as one file");
        }
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
        }
        long count;
        try {
            count = ConstantTensor.count(dims);
        } catch (IllegalArgumentException e) {
            throw new NodeProblem("reads " + name + " with invalid dims: " + e.getMessage());
        }
        if (count > Integer.MAX_VALUE) {
            throw new NodeProblem("reads " + name + " with " + count + " values, too many to convert");
        }
        int n = (int) count;
        DataType type = DataType.forNumber(t.getDataType());
        if (type == null) {
            throw new NodeProblem("reads " + name + " of unknown data type " + t.getDataType() + "; the file may be corrupt");
        }
        boolean raw = t.hasRawData();
        ByteBuffer bytes = raw ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
        switch (type) {
            case FLOAT: {
                float[] v = new float[n];
                if (raw) {
                    expectBytes(name, t.getRawData(), n, 4);
                    bytes.asFloatBuffer().get(v);
                } else {
                    expectCount(name, t.getFloatDataCount(), n);
                    for (int i = 0; i < n; i++) {
                        v[i] = t.getFloatData(i);
                    }
                }
                return ConstantTensor.ofFloats(dims, v);
            }
            case DOUBLE: {
                float[] v = new float[n];
                if (raw) {
                    expectBytes(name, t.getRawData(), n, 8);
                    for (int i = 0; i < n; i++) {
                        v[i] = (float) bytes.getDouble(i * 8);
                    }
                } else {
                    expectCount(name, t.getDoubleDataCount(), n);
                    for (int i = 0; i < n; i++) {
                        v[i] = (float) t.getDoubleData(i);
                    }
                }
                return ConstantTensor.ofFloats(dims, v);
            }
            case FLOAT16:
            case BFLOAT16: {
                float[] v = new float[n];
                boolean half = type == DataType.FLOAT16;
                if (raw) {
                    expectBytes(name, t.getRawData(), n, 2);
                } else {
                    expectCount(name, t.getInt32DataCount(), n);
                }
                for (int i = 0; i < n; i++) {
                    int bits = raw ? bytes.getShort(i * 2) & 0xffff : t.getInt32Data(i) & 0xffff;
                    v[i] = half ? halfToFloat(bits) : Float.intBitsToFloat(bits << 16);
                }
                return ConstantTensor.ofFloats(dims, v);
            }
            case INT64:
            case UINT64:
            case UINT32: {
                long[] v = new long[n];
                if (raw) {
                    int width = type == DataType.UINT32 ? 4 : 8;
                    expectBytes(name, t.getRawData(), n, width);
                    for (int i = 0; i < n; i++) {
                        v[i] = width == 4 ? Integer.toUnsignedLong(bytes.getInt(i * 4)) : bytes.getLong(i * 8);
                    }
                } else if (type == DataType.INT64) {
                    expectCount(name, t.getInt64DataCount(), n);
                    for (int i = 0; i < n; i++) {
                        v[i] = t.getInt64Data(i);
                    }
                } else {
                    expectCount(name, t.getUint64DataCount(), n);
                    for (int i = 0; i < n; i++) {
                        v[i] = t.getUint64Data(i);
                    }
                }
                return ConstantTensor.ofLongs(dims, v);
            }
            case INT32:
            case INT16:
            case INT8:
            case UINT16:
            case UINT8:
            case BOOL: {
                long[] v = new long[n];
                if (raw) {
                    int width = type == DataType.INT32 ? 4 : type == DataType.INT16 || type == DataType.UINT16 ? 2 : 1;
                    expectBytes(name, t.getRawData(), n, width);
                    for (int i = 0; i < n; i++) {
                        v[i] = rawInteger(bytes, i, width, type == DataType.UINT16 || type == DataType.UINT8 || type == DataType.BOOL);
                    }
                } else {
                    expectCount(name, t.getInt32DataCount(), n);
                    for (int i = 0; i < n; i++) {
                        v[i] = t.getInt32Data(i);
                    }
                }
                return ConstantTensor.ofLongs(dims, v);
            }
            default:
                throw new NodeProblem("reads " + name + " of data type " + type + ", which the converter does not read; "
                        + "use float32 weights (and int64 shapes)");
        }
    }

    private static long rawInteger(ByteBuffer b, int i, int width, boolean unsigned) {
        switch (width) {
            case 4:
                return b.getInt(i * 4);
            case 2:
                return unsigned ? b.getShort(i * 2) & 0xffff : b.getShort(i * 2);
            default:
                return unsigned ? b.get(i) & 0xff : b.get(i);
        }
    }

    private static void expectBytes(String name, ByteString raw, int n, int width) {
        if ((long) n * width != raw.size()) {
            throw new NodeProblem("reads " + name + ", whose raw_data has " + raw.size() + " bytes where its dims need "
                    + (long) n * width + "; the file is corrupt or was written by a broken exporter");
        }
    }

    private static void expectCount(String name, int have, int n) {
        if (have != n) {
            throw new NodeProblem("reads " + name + ", which holds " + have + " values where its dims need " + n
                    + "; the file is corrupt or was written by a broken exporter");
        }
    }

    private static String externalLocation(TensorProto t) {
        for (var e : t.getExternalDataList()) {
            if (e.getKey().equals("location")) {
                return " ('" + e.getValue() + "')";
            }
        }
        return "";
    }

    /** IEEE 754 binary16 to float. */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
