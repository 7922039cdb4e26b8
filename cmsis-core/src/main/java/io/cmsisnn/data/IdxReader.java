package io.cmsisnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;

/** The IDX format of the MNIST files: magic 0x00 0x00 type ndims, big-endian int32 dimensions, big-endian data. */
final class IdxReader {
    private IdxReader() {
    }

    static NdArray read(InputStream in, String what) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DataException(what + " is truncated: it ends inside the IDX header; download or write it again");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataException(what + " is not an IDX file (it should start with two zero bytes, found "
                    + String.format("0x%02X 0x%02X", magic[0] & 0xFF, magic[1] & 0xFF)
                    + "); give an IDX file such as t10k-images-idx3-ubyte(.gz) or use .npy/.npz/.csv");
        }
        ElementType type;
        switch (magic[2] & 0xFF) {
            case 0x08:
                type = new ElementType('u', 1, ByteOrder.BIG_ENDIAN);
                break;
            case 0x09:
                type = new ElementType('i', 1, ByteOrder.BIG_ENDIAN);
                break;
            case 0x0B:
                type = new ElementType('i', 2, ByteOrder.BIG_ENDIAN);
                break;
            case 0x0C:
                type = new ElementType('i', 4, ByteOrder.BIG_ENDIAN);
                break;
            case 0x0D:
                type = new ElementType('f', 4, ByteOrder.BIG_ENDIAN);
                break;
            case 0x0E:
                type = new ElementType('f', 8, ByteOrder.BIG_ENDIAN);
                break;
            default:
                throw new DataException(what + ": unknown IDX element type code "
                        + String.format("0x%02X", magic[2] & 0xFF)
                        + " (known: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double); "
                        + "the file is damaged or not an IDX file");
        }
        int rank = magic[3] & 0xFF;
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new DataException(what + " is truncated: it ends inside the IDX header; download or write it again");
        }
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = ((dimBytes[4 * i] & 0xFFL) << 24) | ((dimBytes[4 * i + 1] & 0xFFL) << 16)
                    | ((dimBytes[4 * i + 2] & 0xFFL) << 8) | (dimBytes[4 * i + 3] & 0xFFL);
        }
        int n = ElementType.elementCount(shape, what);
        double[] data = type.decode(in, n, what);
        return new NdArray(ElementType.toIntShape(shape), data, type.name());
    }
}
