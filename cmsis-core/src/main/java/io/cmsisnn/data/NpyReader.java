package io.cmsisnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NumPy {@code .npy} format versions 1.0, 2.0 and 3.0 (numeric dtypes only). */
final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR_STRING = Pattern.compile("['\"]descr['\"]\\s*:\\s*(['\"])(.*?)\\1");
    private static final Pattern DESCR_ANY = Pattern.compile("['\"]descr['\"]\\s*:\\s*(\\S)");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern DTYPE = Pattern.compile("([<>|=]?)([a-zA-Z?])(\\d*)(\\[\\w+\\])?");

    private NpyReader() {
    }

    /** Reads one array; {@code what} names the file (and npz entry) in messages. */
    static NdArray read(InputStream in, String what) throws IOException {
        byte[] magic = in.readNBytes(6);
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= magic.length || magic[i] != MAGIC[i]) {
                if (magic.length >= 2 && magic[0] == 'P' && magic[1] == 'K') {
                    throw new DataException(what + " is a zip archive, not a single .npy array; "
                            + "name it .npz so it is read as one");
                }
                throw new DataException(what + " is not a NumPy .npy file (it does not start with \\x93NUMPY); "
                        + "save the array with numpy.save");
            }
        }
        int major = in.read();
        int minor = in.read();
        if (minor < 0) {
            throw truncatedHeader(what);
        }
        long headerLength;
        Charset charset;
        if (major == 1) {
            headerLength = littleEndian(in, 2, what);
            charset = StandardCharsets.ISO_8859_1;
        } else if (major == 2 || major == 3) {
            headerLength = littleEndian(in, 4, what);
            charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        } else {
            throw new DataException(what + ": .npy format version " + major + "." + minor
                    + " is not supported (only 1.0, 2.0 and 3.0); save the array with a current numpy.save");
        }
        if (headerLength > 1 << 24) {
            throw new DataException(what + ": .npy header length " + headerLength
                    + " is implausible; the file is damaged, write it again");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw truncatedHeader(what);
        }
        String header = new String(headerBytes, charset);

        ElementType type = parseDescr(header, what);
        Matcher fm = FORTRAN.matcher(header);
        if (!fm.find()) {
            throw badHeader(what, "no 'fortran_order' entry", header);
        }
        boolean fortran = fm.group(1).equals("True");
        long[] shape = parseShape(header, what);
        int n = ElementType.elementCount(shape, what);
        double[] data = type.decode(in, n, what);
        int[] intShape = ElementType.toIntShape(shape);
        if (fortran && intShape.length > 1) {
            data = fortranToC(data, intShape);
        }
        return new NdArray(intShape, data, type.name());
    }

    private static ElementType parseDescr(String header, String what) {
        Matcher m = DESCR_STRING.matcher(header);
        if (!m.find()) {
            Matcher any = DESCR_ANY.matcher(header);
            if (any.find() && any.group(1).equals("[")) {
                throw new DataException(what + " holds a structured array (record dtype with named fields); "
                        + "save a plain numeric array, e.g. numpy.save(f, arr['field'])");
            }
            throw badHeader(what, "no 'descr' entry", header);
        }
        String descr = m.group(2).trim();
        Matcher d = DTYPE.matcher(descr);
        if (!d.matches()) {
            throw unsupported(what, descr, "unknown");
        }
        String orderChar = d.group(1);
        char kind = d.group(2).charAt(0);
        int size = d.group(3).isEmpty() ? -1 : Integer.parseInt(d.group(3));
        if (kind == '?') { // the one-character code for bool
            kind = 'b';
            size = size < 0 ? 1 : size;
        }
        switch (kind) {
            case 'O':
                throw unsupported(what, descr, "Python objects, which would need pickle");
            case 'U':
            case 'S':
            case 'a':
                throw unsupported(what, descr, "strings");
            case 'c':
                throw unsupported(what, descr, "complex numbers");
            case 'M':
            case 'm':
                throw unsupported(what, descr, "dates or time spans");
            case 'V':
                throw unsupported(what, descr, "raw bytes (void)");
            default:
                break;
        }
        boolean ok = (kind == 'f' && (size == 2 || size == 4 || size == 8))
                || ((kind == 'i' || kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8))
                || (kind == 'b' && size == 1);
        if (!ok) {
            throw unsupported(what, descr, "not a supported numeric type");
        }
        ByteOrder order;
        if (orderChar.equals(">")) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (orderChar.equals("=")) {
            order = ByteOrder.nativeOrder();
        } else {
            order = ByteOrder.LITTLE_ENDIAN; // '<', or '|' (single bytes, order does not matter)
        }
        return new ElementType(kind, size, order);
    }

    private static long[] parseShape(String header, String what) {
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw badHeader(what, "no 'shape' entry", header);
        }
        List<Long> dims = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            String p = part.trim();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1); // Python 2 long literal
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Long.parseLong(p));
            } catch (NumberFormatException e) {
                throw badHeader(what, "shape entry '" + p + "' is not a number", header);
            }
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i);
        }
        return shape;
    }

    /** Reorders column-major data of {@code shape} into row-major order. */
    static double[] fortranToC(double[] f, int[] shape) {
        int rank = shape.length;
        int[] fStride = new int[rank];
        int s = 1;
        for (int k = 0; k < rank; k++) {
            fStride[k] = s;
            s *= shape[k];
        }
        double[] c = new double[f.length];
        int[] idx = new int[rank];
        int src = 0;
        for (int i = 0; i < c.length; i++) {
            c[i] = f[src];
            // advance the row-major odometer (last axis fastest), tracking the column-major offset
            for (int k = rank - 1; k >= 0; k--) {
                idx[k]++;
                src += fStride[k];
                if (idx[k] < shape[k]) {
                    break;
                }
                src -= fStride[k] * shape[k];
                idx[k] = 0;
            }
        }
        return c;
    }

    private static long littleEndian(InputStream in, int bytes, String what) throws IOException {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            int b = in.read();
            if (b < 0) {
                throw truncatedHeader(what);
            }
            v |= (long) b << (8 * i);
        }
        return v;
    }

    private static DataException truncatedHeader(String what) {
        return new DataException(what + " is truncated: it ends inside the .npy header; write the file again");
    }

    private static DataException badHeader(String what, String problem, String header) {
        return new DataException(what + ": the .npy header is damaged (" + problem + "): " + header.trim()
                + "; write the file again with numpy.save");
    }

    private static DataException unsupported(String what, String descr, String meaning) {
        return new DataException(what + ": dtype '" + descr + "' (" + meaning + ") is not supported; "
                + "save a numeric array (float16/32/64, signed or unsigned integers, or bool), "
                + "e.g. numpy.save(f, arr.astype('float32'))");
    }
}
