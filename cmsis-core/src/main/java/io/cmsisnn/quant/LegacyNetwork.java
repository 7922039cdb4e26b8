package io.cmsisnn.quant;

import io.cmsisnn.graph.Graph;
import java.util.List;
import java.util.Map;

/**
 * A network in CMSIS 5's legacy q7/q15 scheme: per tensor format, per layer calls and constants.
 * Both the Java emulation and the C generator read it, so they cannot disagree on what to run.
 *
 * @param graph           the lowered float graph it was made from
 * @param bits            8 (q7) or 16 (q15)
 * @param dsp             whether the kernels are built with {@code ARM_MATH_DSP} (their results differ in places)
 * @param formats         format of every tensor, the input included
 * @param layers          one per node of the graph, in order
 * @param arrays          every constant array
 * @param scratchElements q15 elements of the shared scratch buffer (the largest any layer needs)
 * @param notes           network-wide notes (e.g. calibration choices)
 */
public record LegacyNetwork(Graph graph, int bits, boolean dsp, Map<String, QFormat> formats, List<LegacyLayer> layers,
                            List<ConstArray> arrays, long scratchElements, List<String> notes) {
    public LegacyNetwork {
        formats = Map.copyOf(formats);
        layers = List.copyOf(layers);
        arrays = List.copyOf(arrays);
        notes = List.copyOf(notes);
    }

    public QFormat inputFormat() {
        return formats.get(graph.inputName());
    }

    public QFormat outputFormat() {
        return formats.get(graph.outputName());
    }

    public QFormat format(String tensor) {
        QFormat f = formats.get(tensor);
        if (f == null) {
            throw new IllegalArgumentException("no format for tensor '" + tensor + "'");
        }
        return f;
    }

    public ConstArray array(String name) {
        for (ConstArray a : arrays) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no constant array '" + name + "'");
    }

    public String schemeId() {
        return bits == 8 ? "q7" : "q15";
    }
}
