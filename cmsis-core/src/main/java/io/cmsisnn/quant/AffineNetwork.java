package io.cmsisnn.quant;

import io.cmsisnn.graph.Graph;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network in the TFLite int8/int16 scheme of CMSIS-NN 4 and later: a scale and zero point per
 * tensor, per layer the calls with their derived parameters.
 *
 * @param graph          the lowered float graph it was made from
 * @param bits           8 (s8) or 16 (s16) activations
 * @param perChannel     weights quantized per output channel (else per tensor)
 * @param singleRounding parameters derived for, and kernels to be built with, {@code CMSIS_NN_USE_SINGLE_ROUNDING}
 * @param quant          quantization of every tensor, the input included
 * @param layers         one per node of the graph, in order
 * @param notes          network-wide notes
 * @param wideTensors    the int16 tensors of an s8 network with layers widened to 16x8 (empty otherwise);
 *                       {@code bits} is then the word size of every other tensor, the input and output included
 */
public record AffineNetwork(Graph graph, int bits, boolean perChannel, boolean singleRounding, Map<String, AffineQuant> quant,
                            List<AffineLayer> layers, List<String> notes, Set<String> wideTensors) {
    public AffineNetwork {
        quant = Map.copyOf(quant);
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
        wideTensors = Set.copyOf(wideTensors);
        if (bits != 8 && !wideTensors.isEmpty()) {
            throw new IllegalArgumentException("only an s8 network has layers widened to int16");
        }
    }

    /** A network of one word size. */
    public AffineNetwork(Graph graph, int bits, boolean perChannel, boolean singleRounding, Map<String, AffineQuant> quant,
                         List<AffineLayer> layers, List<String> notes) {
        this(graph, bits, perChannel, singleRounding, quant, layers, notes, Set.of());
    }

    /** Whether some tensors are int16 in an otherwise int8 network. */
    public boolean mixed() {
        return !wideTensors.isEmpty();
    }

    /** The word size of one tensor: 16 for a widened one, else the network's. */
    public int bits(String tensor) {
        return wideTensors.contains(tensor) ? 16 : bits;
    }

    /** The smallest code of a tensor's word size. */
    public int qmin(String tensor) {
        return bits(tensor) == 8 ? -128 : -32768;
    }

    /** The largest code of a tensor's word size. */
    public int qmax(String tensor) {
        return bits(tensor) == 8 ? 127 : 32767;
    }

    public AffineQuant quant(String tensor) {
        AffineQuant q = quant.get(tensor);
        if (q == null) {
            throw new IllegalArgumentException("no quantization for tensor '" + tensor + "'");
        }
        return q;
    }

    public AffineQuant inputQuant() {
        return quant(graph.inputName());
    }

    public AffineQuant outputQuant() {
        return quant(graph.outputName());
    }

    public int qmin() {
        return bits == 8 ? -128 : -32768;
    }

    public int qmax() {
        return bits == 8 ? 127 : 32767;
    }

    public String schemeId() {
        return bits == 8 ? "s8" : "s16";
    }

    public long weightBytes() {
        return layers.stream().mapToLong(AffineLayer::weightBytes).sum();
    }

    public AffineNetwork withNotes(List<String> first) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(notes);
        return new AffineNetwork(graph, bits, perChannel, singleRounding, quant, layers, all, wideTensors);
    }
}
