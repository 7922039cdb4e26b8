package io.cmsisnn.toolchain;

import java.util.Arrays;

/**
 * What a network did on an emulated Cortex-M.
 *
 * @param outputs             one row of output values per sample, as {@link NetworkRunner} gives them
 * @param instructions        instructions the {@code n_run} call took, per sample
 * @param instructionsPerTick the instructions per SysTick tick the counts were made with: 1e9 / the board's clock
 *                            under {@code -icount shift=0} when the calibration confirms it
 * @param measuredInstructionsPerTick what the harness's calibration loops measured (NaN when no sample ran)
 */
public record TargetRun(float[][] outputs, long[] instructions, double instructionsPerTick, double measuredInstructionsPerTick) {

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
