package io.cmsisnn.emulation;

import java.util.Map;

/** What the q7/q15 and s8/s16 emulators share: codes in, codes out, every tensor on request. */
public interface FixedPointEmulator {
    /** A float input sample as the network's input codes, the way the generated C quantizes it. */
    int[] quantizeInput(float[] input);

    /** The output codes of one sample. */
    int[] run(int[] input);

    /** Every tensor's codes of one sample, by tensor name. */
    Map<String, int[]> runAll(int[] input);

    /** As {@link #runAll(int[])}, counting each layer's saturation into {@code counters} (one per layer). */
    Map<String, int[]> runAll(int[] input, SaturationCounter[] counters);

    /** The codes of {@code tensor} (the input or a layer's output), running only the layers up to the one that writes it. */
    int[] runTo(int[] input, String tensor);

    /** A tensor's codes as real values. */
    float[] dequantize(String tensor, int[] codes);
}
