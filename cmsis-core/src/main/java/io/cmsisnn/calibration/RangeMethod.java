package io.cmsisnn.calibration;

import io.cmsisnn.ConfigurationException;
import java.util.Locale;

/** How a tensor's fixed-point format is derived from its calibration statistics. */
public enum RangeMethod {
    /** Cover the largest magnitude seen: the rule of Arm's CMSIS-NN quantization guide. */
    MINMAX("minmax"),
    /** Cover a given percentage of the values, letting the rarest large ones saturate. */
    PERCENTILE("percentile"),
    /** Try the min/max format and up to four finer ones; keep the one with the least squared error. */
    SEARCH("search"),
    /**
     * Clip to the threshold whose quantized distribution has the least Kullback-Leibler divergence
     * from the observed one (TensorRT's and NNoM's entropy calibration); see {@link EntropyThreshold}.
     */
    ENTROPY("entropy"),
    /**
     * Legacy q7/q15 only: start from the min/max formats, then let the backend try nearby formats on
     * held-apart samples and keep those that agree better with the float model. Calibration alone
     * gives the min/max choice; the search needs the quantizer and the emulator.
     */
    ACCURACY("accuracy");

    private final String id;

    RangeMethod(String id) {
        this.id = id;
    }

    /** The name used in configuration and reports, lower case. */
    public String id() {
        return id;
    }

    /**
     * The method named by {@code text} (the parameter {@code rangeMethod}), ignoring case and surrounding blanks.
     *
     * @throws ConfigurationException when the text names no method; the message lists the valid ids
     */
    public static RangeMethod parse(String text) {
        if (text != null) {
            String wanted = text.trim().toLowerCase(Locale.ROOT);
            for (RangeMethod m : values()) {
                if (m.id.equals(wanted)) {
                    return m;
                }
            }
        }
        throw new ConfigurationException("unknown range method '" + text + "': use one of " + idList());
    }

    private static String idList() {
        StringBuilder sb = new StringBuilder();
        for (RangeMethod m : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(m.id);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return id;
    }
}
