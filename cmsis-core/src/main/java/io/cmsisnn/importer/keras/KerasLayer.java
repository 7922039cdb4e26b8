package io.cmsisnn.importer.keras;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One layer of a Keras model configuration: its class, its name, its {@code config} object and
 * the names of the layers whose outputs it reads. The accessors read config values with Keras's
 * defaults and tolerate the spellings different Keras versions write (a number or a list for
 * kernel sizes, {@code 1} for {@code true}).
 */
record KerasLayer(String className, String name, Map<String, Object> config, List<String> inputs) {

    KerasLayer {
        inputs = List.copyOf(inputs);
    }

    boolean has(String key) {
        return config.get(key) != null;
    }

    Object raw(String key) {
        return config.get(key);
    }

    String string(String key, String fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new LayerProblem("has a non-text '" + key + "' (" + v + ") in its configuration");
    }

    boolean bool(String key, boolean fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0; // some Keras 2 files write BatchNormalization "scale": 1
        }
        throw new LayerProblem("has a non-boolean '" + key + "' (" + v + ") in its configuration");
    }

    double number(String key, double fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new LayerProblem("has a non-numeric '" + key + "' (" + v + ") in its configuration");
    }

    /** A number that may be absent (null), e.g. ReLU's max_value. */
    Double optionalNumber(String key) {
        Object v = config.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new LayerProblem("has a non-numeric '" + key + "' (" + v + ") in its configuration");
    }

    int integer(String key, int fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        return toInt(key, v);
    }

    int requiredInt(String key) {
        if (!has(key)) {
            throw new LayerProblem("has no '" + key + "' in its configuration");
        }
        return integer(key, 0);
    }

    /**
     * An integer tuple of {@code n} values; Keras accepts a single number for all of them
     * ({@code kernel_size=3}) and a list otherwise. Returns {@code fallback} when absent.
     */
    int[] ints(String key, int n, int[] fallback) {
        Object v = config.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new LayerProblem("has no '" + key + "' in its configuration");
            }
            return fallback;
        }
        int[] out = new int[n];
        if (v instanceof Number) {
            Arrays.fill(out, toInt(key, v));
            return out;
        }
        if (v instanceof List<?> list) {
            if (list.size() == 1 && n > 1) {
                Arrays.fill(out, toInt(key, list.get(0)));
                return out;
            }
            if (list.size() != n) {
                throw new LayerProblem("has '" + key + "' " + list + " where " + n + " values were expected");
            }
            for (int i = 0; i < n; i++) {
                out[i] = toInt(key, list.get(i));
            }
            return out;
        }
        throw new LayerProblem("has a malformed '" + key + "' (" + v + ") in its configuration");
    }

    /** A list of integers of any length, nulls kept (unknown dimensions). */
    List<Integer> intList(String key) {
        Object v = config.get(key);
        if (!(v instanceof List<?> list)) {
            throw new LayerProblem("has no list '" + key + "' in its configuration");
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : list) {
            out.add(o == null ? null : toInt(key, o));
        }
        return out;
    }

    private static int toInt(String key, Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new LayerProblem("has a non-integer '" + key + "' (" + v + ") in its configuration");
    }
}
