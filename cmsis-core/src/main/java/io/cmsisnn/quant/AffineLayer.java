package io.cmsisnn.quant;

import io.cmsisnn.graph.Node;
import java.util.List;

/**
 * One layer of an s8/s16 network.
 *
 * @param node        the lowered graph's node
 * @param steps       what runs, in order (none for a reshape, which aliases its input)
 * @param function    the main function, for the report ({@code none} for a reshape)
 * @param reason      why that function
 * @param input       quantization of the (first) input
 * @param output      quantization of the output
 * @param notes       zero channels, underflowing rescales, anything a user should know
 * @param weightBytes bytes of the layer's constant arrays (weights, bias, multipliers, shifts, tables)
 */
public record AffineLayer(Node node, List<AffineStep> steps, String function, String reason, AffineQuant input,
                          AffineQuant output, List<String> notes, long weightBytes) {
    public AffineLayer {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }
}
