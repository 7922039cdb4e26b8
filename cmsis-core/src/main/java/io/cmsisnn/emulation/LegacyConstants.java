package io.cmsisnn.emulation;

import io.cmsisnn.quant.ConstArray;
import io.cmsisnn.quant.FcWeightOrder.Layout;
import io.cmsisnn.quant.LegacyNetwork;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A q7/q15 network's constant arrays in the forms the twins read, looked up by name as the C code
 * names them. Shared by every run: nothing here is written after construction but the fully
 * connected cache, which is concurrent.
 */
final class LegacyConstants {
    private final Map<String, int[]> ints = new HashMap<>();
    private final Map<String, byte[]> q7 = new HashMap<>();
    private final Map<String, short[]> q15 = new HashMap<>();
    /** Fully connected weights as row-major ints, by array, order and size, made on first use. */
    private final Map<String, int[]> fcWeights = new ConcurrentHashMap<>();

    LegacyConstants(LegacyNetwork net) {
        for (ConstArray a : net.arrays()) {
            int[] values = a.values();
            ints.put(a.name(), values);
            // the q7/q15 twins read an array in its own word size only
            if (a.bits() == 8) {
                q7.put(a.name(), WordViews.toBytes(values, 0));
            } else {
                q15.put(a.name(), WordViews.toShorts(values, 0));
            }
        }
    }

    int[] ints(ConstArray a) {
        return known(ints.get(a.name()), a);
    }

    byte[] q7(ConstArray a) {
        return known(q7.get(a.name()), a);
    }

    short[] q15(ConstArray a) {
        return known(q15.get(a.name()), a);
    }

    /** The weights of a fully connected call of {@code rows} x {@code cols}, stored in {@code layout}, as row-major ints. */
    int[] fullyConnected(ConstArray a, int rows, int cols, Layout layout) {
        return fcWeights.computeIfAbsent(a.name() + "/" + layout + "/" + rows + "x" + cols, k -> {
            byte[] b = q7.get(a.name());
            int[] values = b != null ? IntDot.widened(b, 0, b.length, 0) : IntDot.widened(q15(a), 0, q15(a).length);
            return LegacyFullyConnected.rowMajorInts(values, rows, cols, layout);
        });
    }

    private static <T> T known(T value, ConstArray a) {
        if (value == null) {
            throw new IllegalStateException("the network has no " + a.bits() + "-bit constant array '" + a.name() + "'");
        }
        return value;
    }
}
