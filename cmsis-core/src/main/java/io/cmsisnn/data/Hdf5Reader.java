package io.cmsisnn.data;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** HDF5 datasets through jhdf; the key is the dataset path, e.g. {@code x_test} or {@code /data/x}. */
final class Hdf5Reader {
    static {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.io.jhdf", "warn");
    }

    private Hdf5Reader() {
    }

    static NdArray read(Path file, String key) {
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (HdfException e) {
            throw new DataException(file + " is not a readable HDF5 file (" + e.getMessage()
                    + "); save it with h5py or give a .npy/.npz file instead", e);
        }
        try (hdf) {
            requireComplete(hdf, file);
            List<Dataset> datasets = new ArrayList<>();
            collect(hdf, datasets);
            List<String> names = new ArrayList<>();
            for (Dataset d : datasets) {
                names.add(d.getPath());
            }
            Dataset chosen = null;
            if (key == null || key.isEmpty()) {
                if (datasets.size() == 1) {
                    chosen = datasets.get(0);
                } else if (datasets.isEmpty()) {
                    throw new DataException(file + " holds no datasets; save the array into it with h5py");
                } else {
                    throw new DataException(file + " holds " + datasets.size()
                            + " datasets; say which one to use with the key (one of " + String.join(", ", names) + ")");
                }
            } else {
                String wanted = strip(key);
                for (Dataset d : datasets) {
                    if (strip(d.getPath()).equals(wanted)) {
                        chosen = d;
                        break;
                    }
                }
                if (chosen == null) {
                    throw new DataException(file + " has no dataset '" + key + "'; the datasets it holds are "
                            + (names.isEmpty() ? "(none)" : String.join(", ", names)));
                }
            }
            return convert(chosen, file + " (dataset '" + chosen.getPath() + "')");
        } catch (HdfException e) {
            throw new DataException(file + ": could not read the HDF5 file (" + e.getMessage()
                    + "); the file may be damaged or use a feature jhdf does not support", e);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // damaged structures can send jhdf into any exception, a huge allocation or endless recursion
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(file + ": could not read the HDF5 file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); the file is damaged: write it again", e);
        }
    }

    /**
     * Refuses a file shorter than the end-of-file address its superblock records, as libhdf5 does:
     * jhdf would read the parts that survive and return whatever bytes lie there.
     */
    private static void requireComplete(HdfFile hdf, Path file) {
        Superblock sb = hdf.getHdfBackingStorage().getSuperblock();
        long expected = sb.getBaseAddressByte() + sb.getEndOfFileAddress();
        if (sb.getEndOfFileAddress() > 0 && expected > hdf.size()) {
            throw new DataException(file + " is truncated: it has " + hdf.size() + " bytes, its HDF5 header records "
                    + expected + "; the file was cut short while copying or saving, write it again");
        }
    }

    private static void collect(Group group, List<Dataset> out) {
        for (Node node : group) {
            if (node.isLink()) {
                continue;
            }
            if (node instanceof Dataset) {
                out.add((Dataset) node);
            } else if (node instanceof Group) {
                collect((Group) node, out);
            }
        }
    }

    private static String strip(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static NdArray convert(Dataset ds, String what) {
        if (ds.isCompound() || ds.isVariableLength()) {
            throw new DataException(what + " is a compound or variable-length dataset; store a plain numeric array");
        }
        int[] shape = ds.isScalar() ? new int[0] : ds.getDimensions();
        DataType type = ds.getDataType();
        ElementType.requireHeapFor(ds.getSize(), what + " declares " + ds.getSize() + " values");
        Object flat = ds.isEmpty() ? new double[0] : ds.getDataFlat();
        double[] data;
        if (type instanceof EnumDataType) {
            data = enumCodes((EnumDataType) type, flat, what);
        } else {
            data = numbers(flat, what);
        }
        long expected = 1;
        for (int d : shape) {
            expected *= d;
        }
        if (expected != data.length) {
            throw new DataException(what + ": dataset shape " + NdArray.shapeString(shape) + " needs " + expected
                    + " values but " + data.length + " were read; the file may be damaged");
        }
        return new NdArray(shape, data, dtypeName(type));
    }

    /** The values of a numeric dataset, whichever Java array type jhdf chose for it. */
    private static double[] numbers(Object flat, String what) {
        double[] data;
        if (flat instanceof double[]) {
            data = (double[]) flat;
        } else if (flat instanceof float[]) {
            float[] f = (float[]) flat;
            data = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                data[i] = f[i];
            }
        } else if (flat instanceof byte[]) {
            byte[] b = (byte[]) flat;
            data = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                data[i] = b[i];
            }
        } else if (flat instanceof short[]) {
            short[] s = (short[]) flat;
            data = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                data[i] = s[i];
            }
        } else if (flat instanceof int[]) {
            int[] v = (int[]) flat;
            data = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                data[i] = v[i];
            }
        } else if (flat instanceof long[]) {
            long[] v = (long[]) flat;
            data = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                data[i] = v[i];
            }
        } else if (flat instanceof boolean[]) {
            boolean[] v = (boolean[]) flat;
            data = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                data[i] = v[i] ? 1 : 0;
            }
        } else if (flat instanceof Number) {
            data = new double[] {((Number) flat).doubleValue()};
        } else if (flat != null && flat.getClass().isArray()
                && Number.class.isAssignableFrom(flat.getClass().getComponentType())) {
            int n = Array.getLength(flat); // e.g. BigInteger[] for uint64
            data = new double[n];
            for (int i = 0; i < n; i++) {
                data[i] = ((Number) Array.get(flat, i)).doubleValue();
            }
        } else {
            String type = flat == null ? "nothing" : flat.getClass().getSimpleName();
            throw new DataException(what + " holds " + type + " values, not numbers; store a numeric array");
        }
        return data;
    }

    /** An enumeration (h5py stores bool this way, FALSE = 0 and TRUE = 1) as its integer codes. */
    private static double[] enumCodes(EnumDataType type, Object flat, String what) {
        Map<String, Integer> codes = new HashMap<>();
        for (Map.Entry<Integer, String> e : type.getEnumMapping().entrySet()) {
            codes.put(e.getValue(), e.getKey());
        }
        if (flat instanceof String) {
            flat = new String[] {(String) flat};
        }
        if (!(flat instanceof String[])) {
            throw new DataException(what + " is an enumeration that could not be read; store a plain numeric array");
        }
        String[] names = (String[]) flat;
        double[] data = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            Integer code = codes.get(names[i]);
            if (code == null) {
                throw new DataException(what + ": value " + i + " is '" + names[i] + "', which is not one of the "
                        + "enumeration's names " + codes.keySet() + "; store a plain numeric array");
            }
            data[i] = code;
        }
        return data;
    }

    /** NumPy-style name of the stored element type, e.g. {@code u1} or {@code f4}. */
    private static String dtypeName(DataType type) {
        if (type instanceof FixedPoint) {
            return (((FixedPoint) type).isSigned() ? "i" : "u") + type.getSize();
        }
        if (type instanceof FloatingPoint) {
            return "f" + type.getSize();
        }
        if (type instanceof EnumDataType) {
            Map<Integer, String> m = ((EnumDataType) type).getEnumMapping();
            if (m.size() == 2 && "FALSE".equals(m.get(0)) && "TRUE".equals(m.get(1))) {
                return "b1";
            }
            return dtypeName(((EnumDataType) type).getBaseType());
        }
        return "f8";
    }
}
