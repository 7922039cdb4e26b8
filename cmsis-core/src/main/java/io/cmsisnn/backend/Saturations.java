package io.cmsisnn.backend;

import io.cmsisnn.emulation.SaturationCounter;
import io.cmsisnn.graph.Activation;
import io.cmsisnn.graph.FusedActivation;
import io.cmsisnn.graph.Node;
import io.cmsisnn.report.VerificationReport;

/** The emulation's saturation counters for the per-layer report, and their rows. */
final class Saturations {
    private Saturations() {
    }

    /**
     * A counter for a layer whose output codes span the real values [{@code low}, {@code high}] in
     * steps of {@code step}: a clip at a bound is the activation's, not saturation, when the node's
     * fused float activation clamps at or inside that bound (within half a step). For s8/s16 the
     * kernel's clamp then is the activation; for q7/q15 the ReLU step after the call maps a value
     * clipped there to what the unclipped value would give.
     */
    static SaturationCounter counter(Node node, double low, double high, double step) {
        Activation a = FusedActivation.of(node.op());
        if (a == null || a.kind() != Activation.Kind.CLAMP) {
            return new SaturationCounter();
        }
        return new SaturationCounter(a.low() >= low - step / 2, a.high() <= high + step / 2);
    }

    /** The counts of a layer, or null when it has no counted outputs (no multiply-accumulate kernel). */
    static VerificationReport.Saturation report(SaturationCounter c) {
        if (c.outputs() == 0) {
            return null;
        }
        return new VerificationReport.Saturation(c.outputs(), c.saturated(), c.clipped(), c.activationClips(),
                c.requantOverflows(), c.wrappedSums(), c.biasBitsDropped());
    }
}
