package io.cmsisnn.toolchain;

import java.util.Arrays;

/**
 * What a network did on an emulated Cortex-M.
 *
 * @param outputs             one row of output values per sample, as {@link NetworkRunner} gives them
 * @param instructions        instructions the {@code n_run} call took, per sample (in a profiled run, without
 *                            the profiling hook's own instructions)
 * @param instructionsPerTick the instructions per SysTick tick the counts were made with: 1e9 / the board's clock
 *                            under {@code -icount shift=0} when the calibration confirms it
 * @param measuredInstructionsPerTick what the harness's calibration loops measured (NaN when no sample ran)
 * @param layerInstructions   in a profiled run, mean instructions per inference of each profiled layer, by mark
 *                            index (see {@code GeneratedNetwork.profiledLayers()}): from the end of the previous
 *                            layer (for layer 0 the start of {@code n_run}, copying the input in included) to its
 *                            own mark, without the hook; empty without profiling
 * @param hookInstructions    instructions of one call of the profiling hook, as measured and taken out; NaN
 *                            without profiling
 */
public record TargetRun(float[][] outputs, long[] instructions, double instructionsPerTick, double measuredInstructionsPerTick,
                        double[] layerInstructions, double hookInstructions) {

    /** A run without profiling. */
    public TargetRun(float[][] outputs, long[] instructions, double instructionsPerTick, double measuredInstructionsPerTick) {
        this(outputs, instructions, instructionsPerTick, measuredInstructionsPerTick, new double[0], Double.NaN);
    }

    /** Whether the run counted each layer. */
    public boolean profiled() {
        return layerInstructions.length > 0;
    }

    /** Mean instructions per inference (0 for no samples). */
    public double meanInstructions() {
        return Arrays.stream(instructions).average().orElse(0);
    }

    /** The most instructions one inference took (0 for no samples). */
    public long maxInstructions() {
        return Arrays.stream(instructions).max().orElse(0);
    }

    /** Multiply-accumulates per instruction, given the network's MACs per inference. */
    public double macsPerInstruction(long macs) {
        double mean = meanInstructions();
        return mean == 0 ? 0 : macs / mean;
    }
}
