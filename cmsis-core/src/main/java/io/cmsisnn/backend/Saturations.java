package io.cmsisnn.backend;

import io.cmsisnn.emulation.SaturationCounter;
import io.cmsisnn.report.VerificationReport;

/** The emulation's saturation counters as the report's rows. */
final class Saturations {
    private Saturations() {
    }

    /** One fresh counter per layer. */
    static SaturationCounter[] counters(int layers) {
        SaturationCounter[] out = new SaturationCounter[layers];
        for (int l = 0; l < layers; l++) {
            out[l] = new SaturationCounter();
        }
        return out;
    }

    /** The counts of a layer, or null when it has no counted outputs (no multiply-accumulate kernel). */
    static VerificationReport.Saturation report(SaturationCounter c) {
        if (c.outputs() == 0) {
            return null;
        }
        return new VerificationReport.Saturation(c.outputs(), c.saturated(), c.clipped(), c.requantOverflows(), c.wrappedSums(),
                c.biasBitsDropped());
    }
}
