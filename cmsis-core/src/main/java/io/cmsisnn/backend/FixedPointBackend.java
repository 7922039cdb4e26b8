package io.cmsisnn.backend;

import io.cmsisnn.emulation.FixedPointEmulator;

/**
 * The two integer families (q7/q15 and s8/s16): integer I/O that the compiled code must reproduce
 * bit for bit, predicted by an emulator of the family's kernels.
 */
public sealed interface FixedPointBackend extends SchemeBackend permits LegacyBackend, AffineBackend {

    /** A new emulator of the network (each holds its own scratch). */
    FixedPointEmulator emulator();

    @Override
    default boolean fixedPoint() {
        return true;
    }

    /** The compiled codes must equal the emulated ones exactly. */
    @Override
    default double tolerance() {
        return 0.0;
    }

    @Override
    default Outputs emulate(float[][] inputs, SampleMap samples) {
        float[][] raw = FixedPointRuns.codes(emulator(), inputs, samples);
        return new Outputs(dequantize(raw), raw);
    }
}
