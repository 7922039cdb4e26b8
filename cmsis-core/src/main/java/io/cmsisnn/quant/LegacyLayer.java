package io.cmsisnn.quant;

import io.cmsisnn.graph.Node;
import java.util.List;

/**
 * One layer of the quantized network: its steps and the numbers a user asks about.
 *
 * @param node          the lowered graph's node
 * @param steps         the C statements, in order (none for a reshape, which aliases its input)
 * @param function      the main function called, for the report
 * @param reason        why that function (variant constraints met or missed)
 * @param inputFormat   format of the (first) input
 * @param outputFormat  format of the output
 * @param weightFormat  format of weights or scales, or null
 * @param biasFormat    format of biases or shifts, or null
 * @param biasShift     the call's bias_shift, or null
 * @param outShift      the call's out_shift, or null
 * @param notes         formats moved, saturation, anything a user should know
 * @param scratchElements q15 elements of scratch the calls need
 * @param weightBytes   bytes of the layer's constant arrays
 */
public record LegacyLayer(Node node, List<LegacyStep> steps, String function, String reason, QFormat inputFormat,
                          QFormat outputFormat, QFormat weightFormat, QFormat biasFormat, Integer biasShift,
                          Integer outShift, List<String> notes, long scratchElements, long weightBytes) {
    public LegacyLayer {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }
}
